import type { ArchitectureGraph, ArchitectureNode } from './types';
import { impactOf, impactToCsv, neighbourhood } from './walks';

const node = (
  id: string,
  owner = 'group:default/a',
  instances = 10,
): ArchitectureNode => {
  const [kind, rest] = id.split(':');
  return {
    id,
    kind: kind as ArchitectureNode['kind'],
    type: kind === 'api' ? 'openapi' : 'service',
    name: rest.split('/')[1],
    owner,
    instances,
    versions: [],
  };
};

// ins provides ins-api; pai consumes ins-api and provides pai-api; web consumes pai-api;
// cycle: web provides web-api, which pai consumes. ins depends on the ins-db database.
const graph: ArchitectureGraph = {
  generatedAt: '',
  system: 'pegase',
  nodes: [
    node('component:default/ins', 'group:default/t-ins', 400),
    node('component:default/pai', 'group:default/t-pai', 300),
    node('component:default/web', 'group:default/t-web', 200),
    node('component:default/lonely'),
    node('api:default/ins-api'),
    node('api:default/pai-api'),
    node('api:default/web-api'),
    node('resource:default/ins-db'),
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
      from: 'component:default/web',
      to: 'api:default/web-api',
      type: 'providesApi',
    },
    {
      from: 'component:default/pai',
      to: 'api:default/web-api',
      type: 'consumesApi',
    },
    {
      from: 'component:default/ins',
      to: 'resource:default/ins-db',
      type: 'dependsOn',
    },
  ],
};

describe('impactOf', () => {
  it('finds direct and transitive consumers, their teams and instances, and ends on cycles', () => {
    const impact = impactOf(graph, 'api:default/ins-api');
    expect(impact.components.map(c => [c.name, c.depth])).toEqual([
      ['pai', 1],
      ['web', 2],
    ]);
    expect(impact.teams).toEqual([
      'group:default/t-pai',
      'group:default/t-web',
    ]);
    expect(impact.instanceRuns).toBe(500);
  });

  it('reaches the components that depend on a resource', () => {
    expect(
      impactOf(graph, 'resource:default/ins-db').components.map(c => c.name),
    ).toEqual(['ins', 'pai', 'web']);
  });

  it('is empty for what nobody consumes', () => {
    expect(impactOf(graph, 'api:default/nothing').components).toEqual([]);
  });

  it('exports as CSV', () => {
    expect(impactToCsv(impactOf(graph, 'api:default/pai-api'))).toBe(
      'component,owner,depth,instances\r\nweb,group:default/t-web,1,200\r\npai,group:default/t-pai,2,300\r\n',
    );
  });
});

describe('neighbourhood', () => {
  it('walks both directions to the depth asked, along the edge types asked', () => {
    expect([...neighbourhood(graph, 'api:default/ins-api', 1)].sort()).toEqual([
      'api:default/ins-api',
      'component:default/ins',
      'component:default/pai',
    ]);
    expect(
      neighbourhood(graph, 'api:default/ins-api', 2).has(
        'resource:default/ins-db',
      ),
    ).toBe(true);
    expect(
      neighbourhood(graph, 'api:default/ins-api', 2, [
        'providesApi',
        'consumesApi',
      ]).has('resource:default/ins-db'),
    ).toBe(false);
    expect([...neighbourhood(graph, 'component:default/lonely', 3)]).toEqual([
      'component:default/lonely',
    ]);
  });
});
