/*
 * Route level: thanos.metrics.read is checked against the entity of the path
 * (a policy-like fake allowing one entity only), and every refusal is audited.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { thanosPlugin } from './plugin';
import {
  TEST_FLEET,
  fleetEntities,
  startFakeQuerier,
} from './__testUtils__/peers';

jest.setTimeout(60_000);

const USER = 'user:default/product-dev';

/**
 * A policy-like fake: thanos.metrics.read is conditional (as a policy with
 * catalog conditions answers), and the conditions allow `allowedRefs` only.
 * Records every request.
 */
function onlyEntity(...allowedRefs: string[]) {
  const authorize = jest.fn(async (requests: any[], _options: any) =>
    requests.map(r => ({
      result:
        r.permission.name === 'thanos.metrics.read' &&
        r.permission.resourceType === 'catalog-entity' &&
        allowedRefs.includes(r.resourceRef)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
  );
  const authorizeConditional = jest.fn(async (requests: any[]) =>
    requests.map(r => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['group:default/team'] },
      },
      permission: r.permission,
    })),
  );
  return {
    authorize,
    authorizeConditional,
    factory: mockServices.permissions.mock({
      authorize,
      authorizeConditional,
    } as any).factory,
  };
}

function fakeAuditor() {
  const events: Array<{ options: any; success: jest.Mock; fail: jest.Mock }> =
    [];
  const createEvent = jest.fn(async (options: any) => {
    const event = {
      options,
      success: jest.fn(async () => {}),
      fail: jest.fn(async () => {}),
    };
    events.push(event);
    return event;
  });
  return {
    events,
    factory: mockServices.auditor.mock({ createEvent }).factory,
  };
}

describe('Thanos routes authorize against the entity of the path', () => {
  let querier: Awaited<ReturnType<typeof startFakeQuerier>>;
  beforeAll(async () => {
    querier = await startFakeQuerier({});
  });
  afterAll(async () => {
    await querier?.stop();
  });

  async function start(...allowedRefs: string[]) {
    const permissions = onlyEntity(...allowedRefs);
    const auditor = fakeAuditor();
    const { server } = await startTestBackend({
      features: [
        thanosPlugin,
        catalogServiceMock.factory({ entities: fleetEntities(TEST_FLEET) }),
        mockServices.rootConfig.factory({
          data: {
            pegase: { thanos: { queriers: [{ name: 'q', url: querier.url }] } },
          },
        }),
        permissions.factory,
        auditor.factory,
      ],
    });
    const get = (path: string) =>
      request(server)
        .get(`/api/pegase-thanos/entity/${path}`)
        .set('authorization', mockCredentials.user.header(USER));
    return { get, auditor, permissions };
  }

  it('answers on the allowed entity, checked with its ref as the resource', async () => {
    const { get, permissions, auditor } = await start(
      'resource:default/univ-a',
    );
    for (const path of ['info', 'graphs/instance-cpu', 'alerts']) {
      const res = await get(`default/resource/univ-a/${path}`);
      expect(res.status).toBe(200);
    }
    expect(
      permissions.authorize.mock.calls.map(c => c[0][0].resourceRef),
    ).toEqual([
      'resource:default/univ-a',
      'resource:default/univ-a',
      'resource:default/univ-a',
    ]);
    expect(auditor.events).toEqual([]);
  });

  it('refuses another entity on every route with a 403 naming the permission and the entity, audited', async () => {
    const { get, auditor } = await start('resource:default/univ-a');
    const callsBefore = querier.calls();
    const refused = [
      ['default/resource/univ-b/info', 'resource:default/univ-b'],
      [
        'default/resource/univ-b/graphs/instance-cpu',
        'resource:default/univ-b',
      ],
      ['default/component/ins/alerts', 'component:default/ins'],
      // the path's case does not matter: the canonical ref is checked
      ['DEFAULT/Resource/univ-b/alerts', 'resource:default/univ-b'],
    ];
    for (const [path, ref] of refused) {
      const res = await get(path);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toBe(
        `thanos.metrics.read is not allowed on ${ref}`,
      );
    }
    // nothing was asked of the querier
    expect(querier.calls()).toBe(callsBefore);
    expect(auditor.events.map(e => e.options.eventId)).toEqual(
      refused.map(() => 'metrics-access-refused'),
    );
    expect(auditor.events.map(e => e.options.meta)).toEqual(
      refused.map(([, entityRef]) => ({
        entityRef,
        permission: 'thanos.metrics.read',
        via: 'route',
      })),
    );
    for (const e of auditor.events) {
      expect(e.options.request).toBeDefined();
      expect(e.fail).toHaveBeenCalledWith(
        expect.objectContaining({
          error: expect.objectContaining({ name: 'NotAllowedError' }),
        }),
      );
      expect(e.success).not.toHaveBeenCalled();
    }
  });

  it("shows a component's instances the user may read only, and says how many are left out", async () => {
    const { get, permissions } = await start(
      'component:default/ins',
      'resource:default/univ-a',
    );
    const info = await get('default/component/ins/info');
    expect(info.status).toBe(200);
    expect(info.body.instances.map((i: any) => i.name)).toEqual(['univ-a']);
    expect(info.body.hiddenInstances).toBe(2);
    // one batch of checks, against each instance's ref
    expect(
      permissions.authorize.mock.calls[1][0]
        .map((r: any) => r.resourceRef)
        .sort(),
    ).toEqual([
      'resource:default/univ-a',
      'resource:default/univ-b',
      'resource:default/univ-c',
    ]);
    const warning =
      '2 instances of component:default/ins not shown: thanos.metrics.read is not allowed on them';
    const alerts = await get('default/component/ins/alerts');
    expect(alerts.status).toBe(200);
    expect(alerts.body.warnings).toContain(warning);
    const graph = await get('default/component/ins/graphs/cpu?range=1h');
    expect(graph.status).toBe(200);
    expect(graph.body.warnings).toContain(warning);
    // a hidden instance cannot be asked for by name
    const hidden = await get(
      'default/component/ins/graphs/cpu?instance=univ-b',
    );
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.message).toBe(
      'univ-b is not an instance of component:default/ins',
    );
    // the instance itself stays refused
    expect((await get('default/resource/univ-b/info')).status).toBe(403);
  });

  it('says which path segment is malformed before asking the policy', async () => {
    const { get, permissions } = await start('resource:default/univ-a');
    const res = await get('default/resource/univ%20a/info');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/invalid entity name in the path/);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });
});
