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
  FleetReleaseDiffResponse,
  FleetResponse,
  FleetSubChartResponse,
} from '@pcscol/plugin-pegase-common';
import { fleetPlugin } from './plugin';

let dir: string;
let entities: Entity[];
let instances: number;
let releases: string[];

beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'fleet-backend-'));
  generateFleet({ outDir: dir, instances: 60, seed: 11 });
  const read = await readPegaseEntities(directoryFileSource(dir));
  entities = [...read.chart, ...read.inventory, ...read.clusters];
  instances = read.snapshot.instances.length;
  releases = read.snapshot.releases.map(r => r.version);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function start(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  source: Record<string, string> = { type: 'dir', path: dir },
) {
  const { server } = await startTestBackend({
    features: [
      fleetPlugin,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            providers: { pegase: { source } },
          },
          pegase: { fleet: { argocdTimeoutSeconds: 1 } },
        },
      }),
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.factory({ result }),
    ],
  });
  return server;
}

describe('/api/fleet', () => {
  it('serves the whole fleet in one answer, without ArgoCD when its plugin is absent', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const res = await request(server).get('/api/fleet/instances');
    expect(res.status).toBe(200);
    const body = res.body as FleetResponse;
    expect(body.instances).toHaveLength(instances);
    expect(body.versions.reduce((n, v) => n + v.count, 0)).toBe(instances);
    expect(body.releases.length).toBe(releases.length);
    expect(body.argocd.available).toBe(false);
    expect(body.argocd.message).toMatch(/fleet\/status/);
  });

  it('refuses a user without pegase.fleet.read, naming the permission', async () => {
    const server = await start(AuthorizeResult.DENY);
    const res = await request(server).get('/api/fleet/instances');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('pegase.fleet.read is not allowed');
  });

  it('tells the versions of one component across the fleet', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const component = entities.find(e => e.kind === 'Component')!.metadata.name;
    const res = await request(server).get(`/api/fleet/sub-charts/${component}`);
    expect(res.status).toBe(200);
    const body = res.body as FleetSubChartResponse;
    const counted =
      body.versions.reduce((n, v) => n + v.instances.length, 0) +
      body.disabledIn.length;
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThanOrEqual(instances);
    const unknown = await request(server).get(
      '/api/fleet/sub-charts/no-such-chart',
    );
    expect(unknown.status).toBe(404);
    const hostile = await request(server).get('/api/fleet/sub-charts/..%2Fetc');
    expect(hostile.status).toBe(400);
  });

  it('diffs two releases from the repository, and refuses an unknown one', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const [newest, oldest] = [releases[0], releases[releases.length - 1]];
    const res = await request(server).get(
      `/api/fleet/releases/diff?from=${oldest}&to=${newest}`,
    );
    expect(res.status).toBe(200);
    const diff = res.body as FleetReleaseDiffResponse;
    expect(
      diff.added.length + diff.removed.length + diff.changed.length,
    ).toBeGreaterThan(0);
    const bad = await request(server).get(
      `/api/fleet/releases/diff?from=0.0.0&to=${newest}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/unknown umbrella version '0.0.0'/);
    const missing = await request(server).get(
      '/api/fleet/releases/diff?from=1',
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/to/);
  });

  it('never answers the credentials written in the source URL when it cannot be read', async () => {
    const server = await start(AuthorizeResult.ALLOW, {
      type: 'helm-index',
      url: 'http://oauth2:glpat-Secret_42@127.0.0.1:9/charts/index.yaml',
    });
    const res = await request(server).get(
      '/api/fleet/releases/diff?from=1.0.0&to=2.0.0',
    );
    expect(res.status).toBe(500);
    expect(res.body.error.message).toContain(
      'http://***@127.0.0.1:9/charts/index.yaml',
    );
    expect(JSON.stringify(res.body)).not.toContain('glpat-Secret_42');
  });
});
