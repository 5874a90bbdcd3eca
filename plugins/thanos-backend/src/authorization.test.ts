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

/** Allows thanos.metrics.read on `allowedRef` only; records every request. */
function onlyEntity(allowedRef: string) {
  const authorize = jest.fn(async (requests: any[], _options: any) =>
    requests.map(r => ({
      result:
        r.permission.name === 'thanos.metrics.read' &&
        r.permission.resourceType === 'catalog-entity' &&
        r.resourceRef === allowedRef
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
  );
  return {
    authorize,
    factory: mockServices.permissions.mock({ authorize } as any).factory,
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

  async function start(allowedRef: string) {
    const permissions = onlyEntity(allowedRef);
    const auditor = fakeAuditor();
    const { server } = await startTestBackend({
      features: [
        thanosPlugin,
        catalogServiceMock.factory({ entities: fleetEntities(TEST_FLEET) }),
        mockServices.rootConfig.factory({
          data: { thanos: { queriers: [{ name: 'q', url: querier.url }] } },
        }),
        permissions.factory,
        auditor.factory,
      ],
    });
    const get = (path: string) =>
      request(server)
        .get(`/api/thanos/entity/${path}`)
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

  it('says which path segment is malformed before asking the policy', async () => {
    const { get, permissions } = await start('resource:default/univ-a');
    const res = await get('default/resource/univ%20a/info');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/invalid entity name in the path/);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });
});
