import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { FleetResponse } from '@pcscol/plugin-argocd-common';
import {
  ArgocdStandInFaults,
  RunningArgocdStandIn,
  startArgocdStandIn,
} from '@pcscol/stand-ins/argocd';
import request from 'supertest';
import { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
} from '@pcscol/plugin-pegase-common';
import { argocdPlugin } from './plugin';
import { entitiesOf, makeFleet } from './__testUtils__/fleet';
import { ArgocdService } from './services/ArgocdService';
import { readArgocdConfig } from './config';
import { ConfigReader } from '@backstage/config';
import { runRefresh } from './services/Refresher';

jest.setTimeout(60_000);

/** Reads the overview until ArgoCD says the operation is over; its last answer. */
async function untilOver(server: any, name: string, overview: any) {
  let o = overview;
  while (o.operation?.running) {
    await new Promise(r => setTimeout(r, 200));
    o = (
      await request(server).get(
        `/api/pegase-argocd/entity/default/resource/${name}/overview`,
      )
    ).body;
  }
  return o;
}

describe('argocd backend against the ArgoCD stand-in', () => {
  let fleet: Awaited<ReturnType<typeof makeFleet>>;
  let admin: RunningArgocdStandIn;
  let uca: RunningArgocdStandIn;
  const ucaFaults: ArgocdStandInFaults = { argocdName: 'uca' };
  const adminFaults: ArgocdStandInFaults = { argocdName: 'admin' };

  beforeAll(async () => {
    fleet = await makeFleet(60);
    admin = await startArgocdStandIn({
      port: 0,
      gitopsDir: fleet.dir,
      faults: adminFaults as Record<string, unknown>,
      token: 'admin-token',
    });
    uca = await startArgocdStandIn({
      port: 0,
      gitopsDir: fleet.dir,
      faults: ucaFaults as Record<string, unknown>,
      token: 'uca-token',
    });
  });
  afterAll(async () => {
    await admin?.stop();
    await uca?.stop();
    fleet?.cleanup();
  });

  const configData = (extra: Record<string, any> = {}): any => ({
    pegase: {
      argocd: {
        instances: [
          {
            name: 'admin',
            url: admin.url,
            token: 'admin-token',
            project: 'pegase',
            uiUrl: 'https://argocd.example',
          },
          {
            name: 'uca',
            url: uca.url,
            username: 'admin',
            password: 'stand-in-admin-password',
            timeoutMs: 2000,
          },
        ],
        refresher: { enabled: false },
        ...extra,
      },
    },
  });

  /** An instance entity naming `app` on the ArgoCD `argocd`. */
  const extraInstance = (
    name: string,
    annotations: Record<string, string>,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, annotations },
    spec: { type: PEGASE_INSTANCE_TYPE, owner: 'group:default/ops' },
  });

  const extraEntities = () => [
    extraInstance('no-such-app', {
      [ARGOCD_APP_NAME_ANNOTATION]: 'no-such-app',
      [PEGASE_ANNOTATIONS.argocdInstance]: 'admin',
    }),
    extraInstance('on-unknown-argocd', {
      [ARGOCD_APP_NAME_ANNOTATION]: fleet.snapshot.instances[0].name,
      [PEGASE_ANNOTATIONS.argocdInstance]: 'nope',
    }),
    extraInstance('on-down-argocd', {
      [ARGOCD_APP_NAME_ANNOTATION]: fleet.snapshot.instances[0].name,
      [PEGASE_ANNOTATIONS.argocdInstance]: 'down',
    }),
    extraInstance('without-app', {}),
  ];

  async function start(
    opts: { permissions?: any; auditor?: any; config?: any } = {},
  ) {
    const { server } = await startTestBackend({
      features: [
        argocdPlugin,
        mockServices.rootConfig.factory({ data: opts.config ?? configData() }),
        catalogServiceMock.factory({
          entities: [...entitiesOf(fleet.snapshot), ...extraEntities()],
        }),
        ...(opts.permissions ? [opts.permissions] : []),
        ...(opts.auditor ? [opts.auditor] : []),
      ],
    });
    return server;
  }

  const instanceRunning = (component: string) =>
    fleet.snapshot.instances.filter(i => i.components.includes(component));

  it('answers the fleet of a component across both ArgoCD instances, problems first, with counts and filters', async () => {
    const server = await start();
    const component = fleet.snapshot.chart!.subCharts.find(
      s => s.componentType === 'service',
    )!;
    const res = await request(server).get(
      `/api/pegase-argocd/entity/default/component/${component.entityName}/fleet`,
    );
    expect(res.status).toBe(200);
    const body = res.body as FleetResponse;
    const expected = instanceRunning(component.entityName);
    expect(body.total).toBe(expected.length);
    expect(body.rows.map(r => r.instance).sort()).toEqual(
      expected.map(i => i.name).sort(),
    );
    expect(new Set(body.rows.map(r => r.argocdInstance))).toEqual(
      new Set(['admin', 'uca']),
    );
    expect(body.errors).toEqual([]);
    // problems first
    const firstHealthy = body.rows.findIndex(r => !r.problem);
    expect(body.rows.slice(firstHealthy).every(r => !r.problem)).toBe(true);
    expect(body.counts.total).toBe(expected.length);
    expect(
      Object.values(body.counts.health).reduce((a, b) => a + (b ?? 0), 0),
    ).toBe(expected.length);
    // before the refresher, component health is pending and the app health counts
    expect(body.pendingComponentHealth).toBe(expected.length);
    expect(body.rows.every(r => r.componentHealthSource === 'none')).toBe(true);
    expect(body.rows[0].uiUrl).toMatch(/\/applications\//);
    expect(body.filters.regions.length).toBeGreaterThan(0);

    const region = body.filters.regions[0];
    const filtered = await request(server)
      .get(
        `/api/pegase-argocd/entity/default/component/${component.entityName}/fleet`,
      )
      .query({ region });
    expect(filtered.body.rows.length).toBe(
      expected.filter(i => i.region === region).length,
    );
    expect(filtered.body.rows.every((r: any) => r.region === region)).toBe(
      true,
    );
    expect(filtered.body.total).toBe(expected.length);
  });

  it('answers every instance status for the fleet views from the cached lists', async () => {
    const server = await start();
    const res = await request(server).get('/api/pegase-argocd/fleet/status');
    expect(res.status).toBe(200);
    const refs = new Set(
      fleet.snapshot.instances.map(i => `resource:default/${i.name}`),
    );
    expect(res.body.items.length).toBe(fleet.snapshot.instances.length);
    for (const item of res.body.items) {
      expect(refs.has(item.entityRef)).toBe(true);
      expect(typeof item.sync).toBe('string');
      expect(typeof item.health).toBe('string');
      expect(item.uiUrl).toMatch(/\/applications\//);
    }
    expect(res.body.failed).toEqual([]);
  });

  it('fills component health and versions with the refresher, then serves the fleet from the cache', async () => {
    const cache = mockServices.cache.mock();
    const store = new Map<string, any>();
    cache.get.mockImplementation(async (k: string) => store.get(k));
    cache.set.mockImplementation(async (k: string, v: any) => {
      store.set(k, JSON.parse(JSON.stringify(v)));
    });
    cache.delete.mockImplementation(async (k: string) => {
      store.delete(k);
    });
    const config = readArgocdConfig(new ConfigReader(configData()));
    const service = new ArgocdService({
      config,
      cache,
      logger: mockServices.logger.mock(),
      catalog: catalogServiceMock({ entities: entitiesOf(fleet.snapshot) }),
    });
    admin.resetStats();
    const result = await runRefresh(
      service,
      { ...config.refresher, rateLimit: 200 },
      mockServices.logger.mock(),
    );
    // every instance's Application of the configured project (admin: `pegase`)
    expect(result.apps).toBeGreaterThanOrEqual(fleet.snapshot.instances.length);
    expect(result.trees).toBe(result.apps);
    expect(result.errors).toBe(0);
    expect(admin.stats().byRoute['resource-tree']).toBeGreaterThan(0);

    const component = fleet.snapshot.chart!.subCharts.find(
      s => s.componentType === 'service',
    )!;
    const callsBefore = service.upstreamCalls();
    const body = await service.fleet(
      `component:default/${component.entityName}`,
      {
        credentials: mockCredentials.user(),
      },
    );
    expect(service.upstreamCalls()).toBe(callsBefore); // filled cache: no upstream call
    expect(body.pendingComponentHealth).toBe(0);
    expect(body.rows.every(r => r.componentHealthSource === 'tree')).toBe(true);
    expect(body.rows.every(r => r.appVersion)).toBe(true);
    const current = body.rows.find(
      r => r.chartVersion === fleet.snapshot.chart!.version,
    );
    expect(current?.appVersion).toBe(component.appVersion);
    expect(current?.subChartVersion).toBe(component.version);

    // second run: nothing changed, no tree is read again
    const again = await runRefresh(
      service,
      { ...config.refresher, rateLimit: 200 },
      mockServices.logger.mock(),
    );
    expect(again.trees).toBe(0);
  });

  it('gives the overview, history and resources grouped by sub-chart of one instance', async () => {
    const server = await start();
    const inst = fleet.snapshot.instances.find(i => i.usage === 'production')!;
    const argocd =
      fleet.snapshot.clusters.find(c => c.name === inst.cluster)?.argocd ??
      'admin';
    const ov = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${inst.name}/overview`,
    );
    expect(ov.status).toBe(200);
    expect(ov.body).toMatchObject({
      appName: inst.name,
      argocdInstance: argocd,
      chartVersion: inst.chartVersion,
      project: 'pegase',
      destination: { namespace: inst.namespace },
    });
    expect(ov.body.sources).toHaveLength(2);
    expect(ov.body.sources[1]).toMatchObject({ ref: 'values' });
    expect(ov.body.sync.revisions.length).toBe(2);
    expect(ov.body.lastSyncedAt).toBeDefined();

    const hist = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${inst.name}/history`,
    );
    expect(hist.status).toBe(200);
    expect(hist.body.entries[0].current).toBe(true);
    expect(hist.body.entries[0].deployedAt).toBeDefined();
    expect(hist.body.entries[0].initiatedBy).toBeTruthy();

    const res = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${inst.name}/resources`,
    );
    expect(res.status).toBe(200);
    const names = res.body.groups.map((g: any) => g.component);
    expect(names).not.toContain(null);
    const sub = fleet.snapshot.chart!.subCharts.find(
      s =>
        s.componentType === 'service' && inst.components.includes(s.entityName),
    )!;
    const group = res.body.groups.find(
      (g: any) => g.component === sub.entityName,
    );
    expect(group.subChart).toBe(sub.chartName);
    expect(
      group.resources.some((r: any) =>
        ['Deployment', 'StatefulSet'].includes(r.kind),
      ),
    ).toBe(true);
    const workload = group.resources.find((r: any) => r.kind === 'Deployment');
    expect(workload.children[0].kind).toBe('ReplicaSet');
    expect(workload.children[0].children[0].kind).toBe('Pod');
  });

  it('syncs, refreshes and rolls back with permission, audited with the user', async () => {
    const createEvent = jest.fn(async () => ({
      success: jest.fn(async () => {}),
      fail: jest.fn(async () => {}),
    }));
    const server = await start({
      auditor: mockServices.auditor.mock({ createEvent }).factory,
    });
    const inst = fleet.snapshot.instances.find(
      i =>
        i.usage === 'production' &&
        (fleet.snapshot.clusters.find(c => c.name === i.cluster)?.argocd ??
          'admin') === 'admin',
    )!;
    const before = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${inst.name}/history`,
    );
    const sync = await request(server)
      .post(`/api/pegase-argocd/entity/default/resource/${inst.name}/sync`)
      .send({});
    expect(sync.status).toBe(200);
    // ArgoCD answers before the sync runs: Running, then its result
    expect(sync.body.overview.operation).toMatchObject({
      phase: 'Running',
      running: true,
    });
    await untilOver(server, inst.name, sync.body.overview);
    const after = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${inst.name}/history`,
    );
    expect(after.body.entries.length).toBe(
      Math.min(10, before.body.entries.length + 1),
    );
    expect(createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'application-sync' }),
    );
    const evt = await (createEvent.mock.results[0].value as Promise<any>);
    expect(evt.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        actor: 'user:default/mock',
        entityRef: `resource:default/${inst.name}`,
        application: inst.name,
      }),
    });

    const refresh = await request(server)
      .post(`/api/pegase-argocd/entity/default/resource/${inst.name}/refresh`)
      .send({ hard: false });
    expect(refresh.status).toBe(200);

    const oldest = after.body.entries[after.body.entries.length - 1];
    const rollback = await request(server)
      .post(`/api/pegase-argocd/entity/default/resource/${inst.name}/rollback`)
      .send({ id: oldest.id });
    expect(rollback.status).toBe(200);
    expect(rollback.body.overview.operation.running).toBe(true);
    // as in ArgoCD: once it has run, the spec keeps Git's target, the app is
    // OutOfSync, history has the old version
    const done = await untilOver(server, inst.name, rollback.body.overview);
    expect(done.operation.phase).toBe('Succeeded');
    expect(done.sync.status).toBe('OutOfSync');
    const rolled = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${inst.name}/history`,
    );
    expect(rolled.body.entries[0]).toMatchObject({
      chartVersion: oldest.chartVersion,
      current: true,
      initiatedBy: 'portal',
    });

    const bad = await request(server)
      .post(`/api/pegase-argocd/entity/default/resource/${inst.name}/rollback`)
      .send({ id: 'x' });
    expect(bad.status).toBe(400);
  });

  it('refuses a rollback of an auto-synced or RollingSync app, saying why', async () => {
    const server = await start();
    const onAdmin = (usage: string) =>
      fleet.snapshot.instances.find(
        i =>
          i.usage === usage &&
          (fleet.snapshot.clusters.find(c => c.name === i.cluster)?.argocd ??
            'admin') === 'admin',
      );
    const history = async (name: string) =>
      (
        await request(server).get(
          `/api/pegase-argocd/entity/default/resource/${name}/history`,
        )
      ).body;
    const sandbox = onAdmin('sandbox')!;
    const h = await history(sandbox.name);
    expect(h.autoSync).toBe(true);
    const res = await request(server)
      .post(
        `/api/pegase-argocd/entity/default/resource/${sandbox.name}/rollback`,
      )
      .send({ id: h.entries[h.entries.length - 1]?.id ?? 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /syncs automatically: ArgoCD refuses a rollback while auto-sync is on/,
    );
    const construction = onAdmin('construction')!;
    const hc = await history(construction.name);
    expect(hc).toMatchObject({ autoSync: false, managedBy: 'RollingSync' });
    const refused = await request(server)
      .post(
        `/api/pegase-argocd/entity/default/resource/${construction.name}/rollback`,
      )
      .send({ id: hc.entries[hc.entries.length - 1]?.id ?? 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/managed by RollingSync/);
  });

  it('checks a permission on every route and hides actions from users without it', async () => {
    const authorize = jest.fn(async (reqs: any[]) =>
      reqs.map(r => ({
        result:
          r.permission.name === 'argocd.application.read'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    );
    const server = await start({
      permissions: mockServices.permissions.mock({ authorize } as any).factory,
    });
    const inst = fleet.snapshot.instances[0];
    expect(
      (
        await request(server).get(
          `/api/pegase-argocd/entity/default/resource/${inst.name}/history`,
        )
      ).status,
    ).not.toBe(403);
    for (const action of ['sync', 'refresh', 'rollback']) {
      const res = await request(server)
        .post(
          `/api/pegase-argocd/entity/default/resource/${inst.name}/${action}`,
        )
        .send(action === 'rollback' ? { id: 1 } : {});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(`argocd.application.${action}`);
    }
    const denied = await start({
      permissions: mockServices.permissions.factory({
        result: AuthorizeResult.DENY,
      }),
    });
    expect(
      (
        await request(denied).get(
          `/api/pegase-argocd/entity/default/resource/${inst.name}/overview`,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await request(denied).get(
          '/api/pegase-argocd/entity/default/component/x/fleet',
        )
      ).status,
    ).toBe(403);
  });

  it('maps every upstream failure to a clear error for that part only', async () => {
    const server = await start();
    const adminApp = fleet.snapshot.instances.find(
      i =>
        (fleet.snapshot.clusters.find(c => c.name === i.cluster)?.argocd ??
          'admin') === 'admin',
    )!;
    // unknown app, with `project` configured: 404
    const missing = await request(server).get(
      '/api/pegase-argocd/entity/default/resource/no-such-app/overview',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(
      /ArgoCD 'admin' has no application 'no-such-app'/,
    );
    // an entity that names no Application
    const noApp = await request(server).get(
      '/api/pegase-argocd/entity/default/resource/without-app/overview',
    );
    expect(noApp.status).toBe(404);
    expect(noApp.body.error.message).toMatch(
      /resource:default\/without-app names no ArgoCD Application \(no argocd\/app-name annotation\)/,
    );
    // an entity naming an ArgoCD that is not configured
    const unknown = await request(server).get(
      '/api/pegase-argocd/entity/default/resource/on-unknown-argocd/overview',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/No ArgoCD named 'nope'/);

    adminFaults.malformedApps = [adminApp.name];
    const malformed = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${adminApp.name}/history`,
    );
    expect(malformed.status).toBe(502);
    expect(malformed.body.argocd.kind).toBe('malformed');
    delete adminFaults.malformedApps;

    adminFaults.serverErrorApps = [adminApp.name];
    const five = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${adminApp.name}/resources`,
    );
    expect(five.status).toBe(502);
    expect(five.body.error.message).toMatch(/HTTP 500.*repo-server/);
    delete adminFaults.serverErrorApps;

    adminFaults.forbiddenApps = [adminApp.name];
    const forbidden = await request(server)
      .post(
        `/api/pegase-argocd/entity/default/resource/${adminApp.name}/refresh`,
      )
      .send({});
    expect(forbidden.status).toBe(502);
    expect(forbidden.body.argocd).toMatchObject({
      kind: 'forbidden',
      status: 403,
    });
    delete adminFaults.forbiddenApps;

    // one ArgoCD slow: its rows carry the error, the other's rows still come
    ucaFaults.slowMs = 3000;
    try {
      const component = fleet.snapshot.chart!.subCharts.find(
        s => s.componentType === 'service',
      )!;
      const res = await request(server).get(
        `/api/pegase-argocd/entity/default/component/${component.entityName}/fleet`,
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ argocdInstance: 'uca', kind: 'timeout' }),
      ]);
      const ucaRows = res.body.rows.filter(
        (r: any) => r.argocdInstance === 'uca',
      );
      expect(ucaRows.length).toBeGreaterThan(0);
      expect(ucaRows.every((r: any) => /within 2000 ms/.test(r.error))).toBe(
        true,
      );
      expect(
        res.body.rows.filter(
          (r: any) => r.argocdInstance === 'admin' && !r.error,
        ).length,
      ).toBeGreaterThan(0);
    } finally {
      delete ucaFaults.slowMs;
    }
  });

  it('reports bad credentials, a server error and an unreachable ArgoCD clearly', async () => {
    const app = fleet.snapshot.instances.find(
      i =>
        (fleet.snapshot.clusters.find(c => c.name === i.cluster)?.argocd ??
          'admin') === 'admin',
    )!.name;
    const server = await start({
      config: {
        pegase: {
          argocd: {
            instances: [
              { name: 'admin', url: admin.url, token: 'wrong' },
              {
                name: 'down',
                url: 'http://127.0.0.1:1',
                token: 't',
                timeoutMs: 1000,
              },
            ],
            refresher: { enabled: false },
          },
        },
      },
    });
    const unauthorized = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${app}/overview`,
    );
    expect(unauthorized.status).toBe(502);
    expect(unauthorized.body.error.message).toMatch(
      /refused the portal's credentials \(401\)/,
    );
    const down = await request(server).get(
      '/api/pegase-argocd/entity/default/resource/on-down-argocd/overview',
    );
    expect(down.status).toBe(502);
    expect(down.body.error.message).toMatch(
      /ArgoCD 'down' could not be reached/,
    );

    adminFaults.serverError = 503;
    try {
      const ok = await start();
      const res = await request(ok).get(
        `/api/pegase-argocd/entity/default/resource/${app}/overview`,
      );
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(/HTTP 503/);
    } finally {
      delete adminFaults.serverError;
    }
  });

  it('coalesces identical concurrent upstream calls into one', async () => {
    const server = await start();
    admin.resetStats();
    const component = fleet.snapshot.chart!.subCharts.find(
      s => s.componentType === 'website',
    )!;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(server).get(
          `/api/pegase-argocd/entity/default/component/${component.entityName}/fleet`,
        ),
      ),
    );
    expect(answers.every(a => a.status === 200)).toBe(true);
    expect(admin.stats().byRoute.list).toBe(1);
  });
});
