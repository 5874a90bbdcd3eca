import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import { generateFleet } from '@pcscol/demo-fleet';
import { readPegaseEntities } from '@pcscol/plugin-catalog-backend-module-pegase';
import { directoryFileSource } from '@pcscol/plugin-pegase-node';
import type {
  ArchitectureGraph,
  ArchitectureImpact,
} from '@pcscol/plugin-architecture-common';
import { architecturePlugin } from './plugin';

let dir: string;
let entities: Entity[];
let instances: number;

/** Entities as the catalog stores them: the relations its processors derive from the specs. */
function withRelations(list: Entity[]): Entity[] {
  const ref = (kind: string, r: string) =>
    r.includes(':') ? r : `${kind}:default/${r}`;
  return list.map(e => {
    const spec = (e.spec ?? {}) as Record<string, unknown>;
    const rel = (type: string, kind: string, key: string) =>
      ((spec[key] as string[] | undefined) ?? []).map(t => ({
        type,
        targetRef: ref(kind, t).toLocaleLowerCase(),
      }));
    return {
      ...e,
      relations: [
        ...rel('providesApi', 'api', 'providesApis'),
        ...rel('consumesApi', 'api', 'consumesApis'),
        ...rel('dependsOn', 'component', 'dependsOn'),
      ],
    };
  });
}

beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'architecture-backend-'));
  generateFleet({ outDir: dir, instances: 40, seed: 5 });
  const read = await readPegaseEntities(directoryFileSource(dir));
  entities = withRelations([
    ...read.chart,
    ...read.inventory,
    ...read.clusters,
  ]);
  instances = read.snapshot.instances.length;
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function start(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const { server } = await startTestBackend({
    features: [
      architecturePlugin,
      mockServices.rootConfig.factory({ data: {} }),
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.factory({ result }),
    ],
  });
  return server;
}

describe('/api/architecture', () => {
  it('draws components, APIs and resources of the System, never instances, counting them on the nodes', async () => {
    const res = await request(await start()).get('/api/architecture/graph');
    expect(res.status).toBe(200);
    const graph = res.body as ArchitectureGraph;
    const kinds = new Set(graph.nodes.map(n => n.kind));
    expect(kinds).toEqual(new Set(['component', 'api', 'resource']));
    expect(graph.nodes.some(n => n.type === 'pegase-instance')).toBe(false);
    expect(
      graph.nodes.filter(n => n.kind === 'component').length,
    ).toBeGreaterThan(20);
    const busiest = Math.max(...graph.nodes.map(n => n.instances));
    expect(busiest).toBeGreaterThan(0);
    expect(busiest).toBeLessThanOrEqual(instances);
    const ids = new Set(graph.nodes.map(n => n.id));
    for (const e of graph.edges) {
      expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    }
    expect(graph.edges.some(e => e.type === 'consumesApi')).toBe(true);
  });

  it('answers the impact of an API, and 404 for what the graph does not hold', async () => {
    const server = await start();
    const graph = (await request(server).get('/api/architecture/graph'))
      .body as ArchitectureGraph;
    const consumed = graph.edges.find(e => e.type === 'consumesApi')!.to;
    const res = await request(server).get(
      `/api/architecture/impact?target=${encodeURIComponent(consumed)}`,
    );
    expect(res.status).toBe(200);
    const impact = res.body as ArchitectureImpact;
    expect(impact.components.length).toBeGreaterThan(0);
    expect(impact.components.every(c => c.depth >= 1)).toBe(true);
    expect(
      (
        await request(server).get(
          `/api/architecture/impact?target=${encodeURIComponent(
            'api:default/nope',
          )}`,
        )
      ).status,
    ).toBe(404);
    expect(
      (await request(server).get('/api/architecture/impact?target=..%2Fetc'))
        .status,
    ).toBe(400);
  });

  it('refuses a user without architecture.graph.read', async () => {
    const res = await request(await start(AuthorizeResult.DENY)).get(
      '/api/architecture/graph',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'architecture.graph.read is not allowed',
    );
  });
});
