import type {
  ArchitectureGraph,
  ArchitectureNode,
} from '@pcscol/plugin-architecture-common';
import type { ArchitectureApi } from '../api/ArchitectureApi';
import { impactOf } from '@pcscol/plugin-architecture-common';

const node = (
  id: string,
  type: string,
  owner: string,
  instances = 0,
): ArchitectureNode => ({
  id,
  kind: id.split(':')[0] as ArchitectureNode['kind'],
  type,
  name: id.split('/')[1],
  owner,
  instances,
  versions: instances ? [{ version: '7.9.1', count: instances }] : [],
});

/** ins provides ins-api, which pai consumes; pai provides pai-api, which web consumes; ins depends on ins-db. */
export function sampleGraph(): ArchitectureGraph {
  return {
    generatedAt: '2026-12-06T00:00:00Z',
    system: 'pegase',
    nodes: [
      node('component:default/ins', 'service', 'group:default/equipe-ins', 40),
      node('component:default/pai', 'service', 'group:default/equipe-pai', 38),
      node('component:default/web', 'website', 'group:default/equipe-web', 35),
      node('api:default/ins-api', 'openapi', 'group:default/equipe-ins'),
      node('api:default/pai-api', 'openapi', 'group:default/equipe-pai'),
      node('resource:default/ins-db', 'database', 'group:default/equipe-ins'),
    ],
    edges: [
      {
        from: 'component:default/ins',
        to: 'api:default/ins-api',
        type: 'providesApi',
      },
      {
        from: 'component:default/pai',
        to: 'api:default/ins-api',
        type: 'consumesApi',
      },
      {
        from: 'component:default/pai',
        to: 'api:default/pai-api',
        type: 'providesApi',
      },
      {
        from: 'component:default/web',
        to: 'api:default/pai-api',
        type: 'consumesApi',
      },
      {
        from: 'component:default/ins',
        to: 'resource:default/ins-db',
        type: 'dependsOn',
      },
    ],
  };
}

/** An ArchitectureApi answering from the sample graph. */
export function mockArchitectureApi(graph = sampleGraph()) {
  const api: jest.Mocked<ArchitectureApi> = {
    getGraph: jest.fn(async () => graph),
    getImpact: jest.fn(async (target: string) => impactOf(graph, target)),
  };
  return api;
}
