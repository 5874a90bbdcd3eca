import type { Entity } from '@backstage/catalog-model';
import {
  makeInstanceEntity,
  makeSubChartEntity,
} from '@pcscol/plugin-pegase-common/testUtils';
import { assembleGraph } from './assembleGraph';

const withRelations = (
  entity: Entity,
  relations: Array<[string, string]>,
): Entity => ({
  ...entity,
  relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
});

const api = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name, namespace: 'default' },
  spec: { type: 'openapi', owner: 'group:default/t-ins', system: 'pegase' },
});

// ins provides ins-api and depends on ins-db; pai consumes ins-api; pai is
// disabled in univ-b; the relation to an entity outside the System is left out.
const entities: Entity[] = [
  withRelations(makeSubChartEntity('ins', { owner: 'group:default/t-ins' }), [
    ['providesApi', 'api:default/ins-api'],
    ['dependsOn', 'resource:default/ins-db'],
    ['dependsOn', 'component:default/outside'],
  ]),
  withRelations(makeSubChartEntity('pai', { owner: 'group:default/t-pai' }), [
    ['consumesApi', 'api:default/ins-api'],
    ['consumesApi', 'api:default/ins-api'], // stored twice: one edge
  ]),
  api('ins-api'),
  makeSubChartEntity('ins-db', { kind: 'Resource', type: 'database' }),
];
const instances = [
  makeInstanceEntity('univ-a', {
    subChartVersions: { ins: '7.9.1', pai: '2.0.0', 'ins-db': '1.0.0' },
  }),
  makeInstanceEntity('univ-b', { subChartVersions: { ins: '7.9.1' } }),
  makeInstanceEntity('univ-c', { subChartVersions: { ins: '8.0.0' } }),
  makeInstanceEntity('univ-d', { subChartVersions: 'not json' }),
];
const now = new Date('2026-12-07T00:00:00Z');

describe('assembleGraph', () => {
  const graph = assembleGraph({ system: 'pegase', entities, instances, now });

  it('draws components, APIs and resources, never instances, each counted where it runs', () => {
    expect(graph.nodes.map(n => [n.id, n.instances])).toEqual([
      ['api:default/ins-api', 0],
      ['component:default/ins', 3],
      ['component:default/pai', 1],
      ['resource:default/ins-db', 1],
    ]);
    const ins = graph.nodes.find(n => n.name === 'ins')!;
    // the most common version first
    expect(ins.versions).toEqual([
      { version: '7.9.1', count: 2 },
      { version: '8.0.0', count: 1 },
    ]);
    expect(ins.owner).toBe('group:default/t-ins');
  });

  it('keeps the relations inside the graph, once each', () => {
    expect(graph.edges).toEqual([
      {
        from: 'component:default/ins',
        to: 'resource:default/ins-db',
        type: 'dependsOn',
      },
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
    ]);
  });

  it('gives the same graph whatever order the catalog answers in', () => {
    const reversed = assembleGraph({
      system: 'pegase',
      entities: [...entities].reverse().map(e => ({
        ...e,
        relations: [...(e.relations ?? [])].reverse(),
      })),
      instances: [...instances].reverse(),
      now,
    });
    expect(reversed).toEqual(graph);
  });
});
