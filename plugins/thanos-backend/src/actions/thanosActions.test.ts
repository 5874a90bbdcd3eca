/*
 * The get-firing-alerts action through the actions registry's invoke
 * endpoint, against a REAL Prometheus (the stand-ins' exporter and rules) of a
 * small fleet whose first instance carries the demo's name used in the
 * examples (uca-recette).
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { FleetSpec } from '@pcscol/stand-ins/exporter';
import request from 'supertest';
import { thanosPlugin } from '../plugin';
import {
  Peers,
  TEST_FLEET,
  fleetEntities,
  startPeers,
} from '../__testUtils__/peers';
import { thanosActionExamples } from './examples';

jest.setTimeout(120_000);

/** The fleet of the examples: incidents land on the first instance, uca-recette. */
const FLEET: FleetSpec = {
  ...TEST_FLEET,
  instances: [
    { name: 'uca-recette', namespace: 'uca-recette' },
    { name: 'univ-b', namespace: 'univ-b-prod' },
    { name: 'univ-c', namespace: 'univ-c-prod' },
  ],
};

const OPS = 'user:default/ops-alice';
/** May see the action, and read the metrics of univ-b only. */
const DEV = 'user:default/product-dev';
/** May not see the action. */
const NOBODY = 'user:default/nobody';

const ACTION = 'pegase-thanos:get-firing-alerts';

describe('the get-firing-alerts action, against a real Prometheus', () => {
  let peers: Peers;
  let server: any;
  const authorize = jest.fn(async (requests: any[], options: any) =>
    requests.map(r => ({
      result: decide(
        options?.credentials?.principal?.userEntityRef,
        r.permission.name,
        r.resourceRef,
      ),
    })),
  );
  const createEvent = jest.fn(async (_options: any) => ({
    success: jest.fn(async () => {}),
    fail: jest.fn(async () => {}),
  }));
  function decide(user: string, permission: string, resourceRef?: string) {
    if (user === OPS) return AuthorizeResult.ALLOW;
    if (user === DEV) {
      if (permission === 'thanos.alerts.actions') return AuthorizeResult.ALLOW;
      if (
        permission === 'thanos.metrics.read' &&
        resourceRef === 'resource:default/univ-b'
      )
        return AuthorizeResult.ALLOW;
    }
    return AuthorizeResult.DENY;
  }

  beforeAll(async () => {
    peers = await startPeers(FLEET);
    const backend = await startTestBackend({
      features: [
        thanosPlugin,
        catalogServiceMock.factory({ entities: fleetEntities(FLEET) }),
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['pegase-thanos'] } },
            pegase: {
              thanos: {
                queriers: [
                  {
                    name: 'demo',
                    url: peers.prometheusUrl,
                    uiUrl: 'https://thanos.example',
                  },
                ],
                cacheTtlSeconds: 1,
              },
            },
          },
        }),
        mockServices.permissions.mock({
          authorize,
          authorizeConditional: authorize,
        } as any).factory,
        mockServices.auditor.mock({ createEvent } as any).factory,
      ],
    });
    server = backend.server;
  });
  afterAll(async () => {
    await peers?.stop();
  });

  const invoke = (user: string, input: unknown) =>
    request(server)
      .post(`/api/pegase-thanos/.backstage/actions/v1/actions/${ACTION}/invoke`)
      .set('authorization', mockCredentials.user.header(user))
      .send(input as object);

  /** Asks until `done` holds: the rules fire a few evaluations after the exporter starts. */
  async function until(
    user: string,
    input: object,
    done: (output: any) => boolean,
  ) {
    let res: request.Response | undefined;
    for (let i = 0; i < 120; i++) {
      res = await invoke(user, input);
      expect(res.status).toBe(200);
      if (done(res.body.output)) return res.body.output;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(
      `the alerts never came: ${JSON.stringify(res?.body?.output)}`,
    );
  }

  const hasUnavailable = (o: any) =>
    o.alerts.some((a: any) => a.name === 'PegaseDeploymentUnavailable');

  it('is listed read-only, idempotent, not destructive, with its examples and input fields', async () => {
    const res = await request(server)
      .get('/api/pegase-thanos/.backstage/actions/v1/actions')
      .set('authorization', mockCredentials.user.header(DEV));
    expect(res.status).toBe(200);
    const action = res.body.actions.find((a: any) => a.id === ACTION);
    expect(action.attributes).toEqual({
      readOnly: true,
      idempotent: true,
      destructive: false,
    });
    expect(action.examples).toEqual(thanosActionExamples['get-firing-alerts']);
    expect(Object.keys(action.schema.input.properties)).toEqual([
      'instance',
      'component',
      'includePending',
      'limit',
    ]);
    // visible only with thanos.alerts.actions
    const hidden = await request(server)
      .get('/api/pegase-thanos/.backstage/actions/v1/actions')
      .set('authorization', mockCredentials.user.header(NOBODY));
    expect(hidden.body.actions).toEqual([]);
    expect((await invoke(NOBODY, { instance: 'univ-b' })).status).toBe(404);
  });

  it("returns an instance's firing alerts, with the instance, the labels that matter and the querier UI", async () => {
    const out = await until(OPS, { instance: 'uca-recette' }, hasUnavailable);
    expect(out).toMatchObject({
      entityRef: 'resource:default/uca-recette',
      kind: 'instance',
      configured: true,
      instances: ['uca-recette'],
      errors: [],
    });
    const alert = out.alerts.find(
      (a: any) => a.name === 'PegaseDeploymentUnavailable',
    );
    expect(alert).toMatchObject({
      state: 'firing',
      severity: 'critical',
      instance: 'uca-recette',
      namespace: 'uca-recette',
      querier: 'demo',
      url: 'https://thanos.example/alerts',
    });
    expect(Number.isNaN(Date.parse(alert.since))).toBe(false);
    expect(typeof alert.summary).toBe('string');
    expect(alert.labels.deployment).toBe('pai');
    for (const bookkeeping of ['alertname', 'severity', 'namespace']) {
      expect(alert.labels).not.toHaveProperty(bookkeeping);
    }
    // firing only unless asked, and everything is about this instance
    expect(out.total).toBe(out.alerts.length);
    for (const a of out.alerts) {
      expect(a.state).toBe('firing');
      expect(a.instance).toBe('uca-recette');
    }
  });

  it("returns a component's firing alerts across the instances that run it", async () => {
    const out = await until(
      OPS,
      { component: 'component:default/pai' },
      hasUnavailable,
    );
    expect(out.kind).toBe('component');
    expect([...out.instances].sort()).toEqual([
      'uca-recette',
      'univ-b',
      'univ-c',
    ]);
    expect(out.alerts).toContainEqual(
      expect.objectContaining({
        name: 'PegaseDeploymentUnavailable',
        instance: 'uca-recette',
        state: 'firing',
      }),
    );
    // only pai's workloads
    for (const a of out.alerts) {
      expect(Object.values(a.labels)).toContain('pai');
    }
    // a bare name with its kind is the same entity
    const byName = await invoke(OPS, { component: 'pai' });
    expect(byName.status).toBe(200);
    expect(byName.body.output.entityRef).toBe('component:default/pai');
    // limit bounds the list, total still counts them all
    const one = await invoke(OPS, {
      component: 'component:default/pai',
      limit: 1,
    });
    expect(one.body.output.alerts).toHaveLength(1);
    expect(one.body.output.total).toBeGreaterThanOrEqual(1);
  });

  it('runs every example', async () => {
    await until(OPS, { instance: 'uca-recette' }, hasUnavailable);
    for (const example of thanosActionExamples['get-firing-alerts']) {
      const res = await invoke(OPS, example.input);
      expect(res.status).toBe(200);
      expect(res.body.output.configured).toBe(true);
      expect(res.body.output.errors).toEqual([]);
    }
  });

  it('refuses a user without thanos.metrics.read on that entity with NotAllowedError, audited', async () => {
    createEvent.mockClear();
    const res = await invoke(DEV, { instance: 'uca-recette' });
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(res.body.error.message).toBe(
      'thanos.metrics.read is not allowed on resource:default/uca-recette',
    );
    expect(createEvent).toHaveBeenCalledTimes(1);
    expect(createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'metrics-access-refused',
        meta: {
          entityRef: 'resource:default/uca-recette',
          permission: 'thanos.metrics.read',
          via: 'action:get-firing-alerts',
          actor: DEV,
        },
      }),
    );
    // the same user reads the entity it is allowed on
    const allowed = await invoke(DEV, { instance: 'resource:default/univ-b' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.output.entityRef).toBe('resource:default/univ-b');
  });

  it('says clearly when the entity is not in the catalog', async () => {
    const res = await invoke(OPS, { instance: 'not-an-instance' });
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
    expect(res.body.error.message).toBe(
      'No entity resource:default/not-an-instance in the catalog (or not visible to the caller)',
    );
  });

  it('refuses an invalid input with an error naming the field', async () => {
    /** The zod issues of a refused input: the message says which fields. */
    const issuesOf = (res: request.Response) => {
      expect(res.status).toBe(400);
      const message: string = res.body.error.message;
      const prefix = `Invalid input to action "${ACTION}"; caused by `;
      expect(message.startsWith(prefix)).toBe(true);
      return JSON.parse(message.slice(prefix.length)) as Array<{
        path: string[];
        message: string;
      }>;
    };
    expect(issuesOf(await invoke(OPS, { instance: 42 }))).toEqual([
      expect.objectContaining({
        path: ['instance'],
        message: 'Expected string, received number',
      }),
    ]);
    expect(
      issuesOf(await invoke(OPS, { instance: 'univ-b', limit: 0 })),
    ).toEqual([expect.objectContaining({ path: ['limit'] })]);
    expect(
      issuesOf(await invoke(OPS, { component: 'ins', includePending: 'yes' })),
    ).toEqual([expect.objectContaining({ path: ['includePending'] })]);
    const none = await invoke(OPS, {});
    expect(none.status).toBe(400);
    expect(none.body.error.message).toBe(
      'instance or component is required: name the instance (uca-recette) or the component (ins)',
    );
    const both = await invoke(OPS, { instance: 'univ-b', component: 'ins' });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(
      /^give instance or component, not both/,
    );
    const badRef = await invoke(OPS, { instance: 'a b/c' });
    expect(badRef.status).toBe(400);
    expect(badRef.body.error.message).toBe(
      'instance must be an entity name or ref such as resource:default/name, got "a b/c"',
    );
    const badComponent = await invoke(OPS, { component: 'x/y' });
    expect(badComponent.status).toBe(400);
    expect(badComponent.body.error.message).toMatch(
      /^component must be an entity name or ref such as component:default\/name, got "x\/y"/,
    );
  });
});
