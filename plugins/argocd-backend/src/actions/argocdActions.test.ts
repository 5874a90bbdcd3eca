import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  RunningArgocdStandIn,
  startArgocdStandIn,
} from '@pcscol/stand-ins/argocd';
import request from 'supertest';
import { argocdPlugin } from '../plugin';
import { entitiesOf, makeFleet } from '../__testUtils__/fleet';

jest.setTimeout(60_000);

const OPS = 'user:default/ops-alice';
const DEV = 'user:default/product-dev';

describe('the ArgoCD actions, through the actions registry', () => {
  let fleet: Awaited<ReturnType<typeof makeFleet>>;
  let argocd: RunningArgocdStandIn;
  let server: any;
  const createEvent = jest.fn(async (_options: any) => ({
    success: jest.fn(async () => {}),
    fail: jest.fn(async () => {}),
  }));

  beforeAll(async () => {
    fleet = await makeFleet(20);
    argocd = await startArgocdStandIn({
      port: 0,
      gitopsDir: fleet.dir,
      token: 'admin-token',
    });
    // ops may do everything; the product developer may read but not write
    const decide = (credentials: any, permission: string) => {
      const user = credentials?.principal?.userEntityRef;
      if (user === OPS) return AuthorizeResult.ALLOW;
      return permission === 'argocd.application.read' ||
        permission === 'argocd.status.actions'
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
    };
    const backend = await startTestBackend({
      features: [
        argocdPlugin,
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['pegase-argocd'] } },
            pegase: {
              argocd: {
                instances: [
                  { name: 'admin', url: argocd.url, token: 'admin-token' },
                ],
                refresher: { enabled: false },
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: entitiesOf(fleet.snapshot, 'admin', 'admin'),
        }),
        mockServices.permissions.mock({
          authorize: async (requests: any[], opts: any) =>
            requests.map(r => ({
              result: decide(opts?.credentials, r.permission.name),
            })),
          authorizeConditional: async (requests: any[], opts: any) =>
            requests.map(r => ({
              result: decide(opts?.credentials, r.permission.name),
            })),
        } as any).factory,
        mockServices.auditor.mock({ createEvent } as any).factory,
      ],
    });
    server = backend.server;
  });
  afterAll(async () => {
    await argocd?.stop();
    fleet?.cleanup();
  });

  const invoke = (user: string, action: string, input: object) =>
    request(server)
      .post(
        `/api/pegase-argocd/.backstage/actions/v1/actions/pegase-argocd:${action}/invoke`,
      )
      .set('authorization', mockCredentials.user.header(user))
      .send(input);

  it('lists the four actions, the reads read-only and the writes destructive', async () => {
    const res = await request(server)
      .get('/api/pegase-argocd/.backstage/actions/v1/actions')
      .set('authorization', mockCredentials.user.header(DEV));
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(
      res.body.actions.map((a: any) => [a.name, a]),
    );
    expect(byName['get-instance-status'].attributes).toMatchObject({
      readOnly: true,
      destructive: false,
    });
    expect(byName['get-component-status'].attributes.readOnly).toBe(true);
    expect(byName['sync-instance'].attributes.destructive).toBe(true);
    expect(byName['refresh-instance'].attributes.destructive).toBe(true);
    expect(byName['sync-instance'].examples.length).toBeGreaterThan(0);
    expect(
      Object.keys(byName['get-instance-status'].schema.input.properties),
    ).toEqual(['instance']);
  });

  it('answers the state of one instance by name, with its problems', async () => {
    const inst = fleet.snapshot.instances[0];
    const res = await invoke(DEV, 'get-instance-status', {
      instance: inst.name,
    });
    expect(res.status).toBe(200);
    const out = res.body.output;
    expect(out).toMatchObject({
      entityRef: `resource:default/${inst.name}`,
      application: inst.name,
      argocdInstance: 'admin',
      chartVersion: inst.chartVersion,
    });
    expect(typeof out.liveRevision).toBe('string');
    expect(Array.isArray(out.problems)).toBe(true);
    expect(out.problems.length > 0).toBe(
      out.sync !== 'Synced' || !['Healthy', 'Suspended'].includes(out.health),
    );
  });

  it('answers a component across the fleet, problems first', async () => {
    const component = fleet.snapshot.chart!.subCharts.find(
      s => s.componentType === 'service',
    )!;
    const running = fleet.snapshot.instances.filter(i =>
      i.components.includes(component.entityName),
    );
    const res = await invoke(DEV, 'get-component-status', {
      component: component.entityName,
    });
    expect(res.status).toBe(200);
    const out = res.body.output;
    expect(out.component).toBe(`component:default/${component.entityName}`);
    expect(out.total).toBe(running.length);
    const flags = out.instances.map((i: any) => i.problem);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
  });

  it('syncs and refreshes as an allowed user, audited with the entity and the user', async () => {
    const inst = fleet.snapshot.instances[1];
    createEvent.mockClear();
    const sync = await invoke(OPS, 'sync-instance', { instance: inst.name });
    expect(sync.status).toBe(200);
    expect(sync.body.output).toMatchObject({
      entityRef: `resource:default/${inst.name}`,
      // ArgoCD runs the sync after answering
      operationPhase: 'Running',
    });
    const refresh = await invoke(OPS, 'refresh-instance', {
      instance: `resource:default/${inst.name}`,
      hard: true,
    });
    expect(refresh.status).toBe(200);
    expect(createEvent.mock.calls.map(c => c[0].eventId)).toEqual([
      'application-sync',
      'application-refresh',
    ]);
    expect(createEvent.mock.calls[0][0].meta).toMatchObject({
      entityRef: `resource:default/${inst.name}`,
      application: inst.name,
      actor: OPS,
      via: 'action:sync-instance',
    });
  });

  it('refuses a sync to a user without the permission on that entity, cleanly and audited', async () => {
    const inst = fleet.snapshot.instances[2];
    argocd.resetStats();
    createEvent.mockClear();
    const res = await invoke(DEV, 'sync-instance', { instance: inst.name });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      `argocd.application.sync is not allowed on resource:default/${inst.name}`,
    );
    expect(argocd.stats().byRoute.sync ?? 0).toBe(0);
    expect(createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'application-access-refused',
        meta: expect.objectContaining({
          entityRef: `resource:default/${inst.name}`,
          permission: 'argocd.application.sync',
          actor: DEV,
        }),
      }),
    );
  });

  it('says clearly when the instance is not in the catalog', async () => {
    const res = await invoke(OPS, 'get-instance-status', {
      instance: 'not-an-instance',
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(
      /No entity resource:default\/not-an-instance in the catalog/,
    );
    const bad = await invoke(OPS, 'get-instance-status', {
      instance: 'a b/c',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/instance must be an entity name/);
  });
});
