import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import request from 'supertest';
import { argocdPlugin } from './plugin';
import { entitiesOf, useFleetAndArgocd } from './__testUtils__/fleet';

jest.setTimeout(60_000);

/**
 * A policy-like fake of the permission service: every argocd.* permission is
 * conditional (as a policy with catalog conditions answers), and the
 * conditions allow one entity only. Service principals are allowed, as the
 * permission framework does for backend-to-backend calls.
 */
function onlyEntity(allowedRef: string) {
  const isService = (c: any) => c?.principal?.type === 'service';
  const authorize = jest.fn(async (requests: any[], options: any) =>
    requests.map(r => ({
      result:
        isService(options.credentials) || r.resourceRef === allowedRef
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
  );
  const authorizeConditional = jest.fn(
    async (requests: any[], options: any): Promise<PolicyDecision[]> =>
      requests.map(r =>
        isService(options.credentials)
          ? { result: AuthorizeResult.ALLOW }
          : ({
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
              conditions: {
                rule: 'IS_ENTITY_KIND',
                resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
                params: { kinds: ['resource'] },
              },
              permission: r.permission,
            } as any),
      ),
  );
  return {
    authorize,
    factory: mockServices.permissions.mock({
      authorize,
      authorizeConditional,
    } as any).factory,
  };
}

function fakeAuditor() {
  const events: Array<{
    options: any;
    success: jest.Mock;
    fail: jest.Mock;
  }> = [];
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

describe('ArgoCD routes authorize against the entity they touch', () => {
  const peers = useFleetAndArgocd(30);
  let fleet: typeof peers.fleet;
  let argocd: typeof peers.argocd;
  beforeAll(() => {
    ({ fleet, argocd } = peers);
  });

  /** A component and two instances running it: a sandbox and a production. */
  function pick() {
    const service = fleet.snapshot.chart!.subCharts.filter(
      s => s.componentType === 'service',
    );
    for (const component of service) {
      const running = fleet.snapshot.instances.filter(i =>
        i.components.includes(component.entityName),
      );
      const sandbox = running.find(i => i.usage === 'sandbox');
      const production = running.find(i => i.usage === 'production');
      if (sandbox && production) return { component, sandbox, production };
    }
    throw new Error('the generated fleet has no sandbox and production pair');
  }

  async function start(allowedRef: string) {
    const permissions = onlyEntity(allowedRef);
    const auditor = fakeAuditor();
    const { server } = await startTestBackend({
      features: [
        argocdPlugin,
        mockServices.rootConfig.factory({
          data: {
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
        // every instance on the one configured ArgoCD
        catalogServiceMock.factory({
          entities: entitiesOf(fleet.snapshot, 'admin', 'admin'),
        }),
        permissions.factory,
        auditor.factory,
      ],
    });
    return { server, auditor, permissions };
  }

  it('lets a user allowed on a sandbox instance sync it, audited with the entity and the app', async () => {
    const { sandbox } = pick();
    const ref = `resource:default/${sandbox.name}`;
    const { server, auditor, permissions } = await start(ref);
    const res = await request(server)
      .post(`/api/pegase-argocd/entity/default/resource/${sandbox.name}/sync`)
      .send({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, action: 'sync' });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'argocd.application.sync',
          }),
          resourceRef: ref,
        }),
      ],
      expect.anything(),
    );
    const sync = auditor.events.find(
      e => e.options.eventId === 'application-sync',
    )!;
    expect(sync.options.severityLevel).toBe('medium');
    expect(sync.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        entityRef: ref,
        application: sandbox.name,
        argocdInstance: 'admin',
        actor: 'user:default/mock',
      }),
    });
  });

  it('refuses the same user on a production instance of the same component, and audits the refusal', async () => {
    const { sandbox, production } = pick();
    const { server, auditor } = await start(`resource:default/${sandbox.name}`);
    for (const action of ['sync', 'refresh', 'overview']) {
      const call =
        action === 'overview'
          ? request(server).get(
              `/api/pegase-argocd/entity/default/resource/${production.name}/overview`,
            )
          : request(server)
              .post(
                `/api/pegase-argocd/entity/default/resource/${production.name}/${action}`,
              )
              .send({});
      const res = await call;
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        `argocd.application.${
          action === 'overview' ? 'read' : action
        } is not allowed on resource:default/${production.name}`,
      );
    }
    const refusals = auditor.events.filter(
      e => e.options.eventId === 'application-access-refused',
    );
    expect(refusals).toHaveLength(3);
    expect(refusals[0].options).toMatchObject({
      severityLevel: 'medium',
      meta: {
        entityRef: `resource:default/${production.name}`,
        permission: 'argocd.application.sync',
      },
    });
    expect(refusals[0].fail).toHaveBeenCalledWith(
      expect.objectContaining({ error: expect.any(Error) }),
    );
    // nothing was written
    expect(
      auditor.events.some(e => e.options.eventId === 'application-sync'),
    ).toBe(false);
  });

  it('refuses an application that no catalog entity names, with a clear message, audited', async () => {
    // the policy allows the names, the catalog has no such entity
    const { server, auditor } = await start('resource:default/orphan-app');
    const res = await request(server)
      .post('/api/pegase-argocd/entity/default/resource/orphan-app/sync')
      .send({});
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(
      /No entity resource:default\/orphan-app in the catalog: only the Application a catalog entity names can be read or acted on/,
    );
    const refusal = auditor.events.find(
      e => e.options.eventId === 'application-access-refused',
    )!;
    expect(refusal.options.meta).toMatchObject({
      entityRef: 'resource:default/orphan-app',
      permission: 'argocd.application.sync',
    });
    // the Application is never taken from the request
    const withBody = await request(server)
      .post('/api/pegase-argocd/entity/default/resource/orphan-app/sync')
      .send({ application: 'x' });
    expect(withBody.status).toBe(400);
  });

  it('shows in a fleet only the instances the user may read; services see them all', async () => {
    const { component, sandbox } = pick();
    const ref = `resource:default/${sandbox.name}`;
    const { server } = await start(ref);
    // the fleet route checks the component itself
    const denied = await request(server).get(
      `/api/pegase-argocd/entity/default/component/${component.entityName}/fleet`,
    );
    expect(denied.status).toBe(403);

    const { server: both } = await startWithTwo(
      ref,
      `component:default/${component.entityName}`,
    );
    const fleetRes = await request(both).get(
      `/api/pegase-argocd/entity/default/component/${component.entityName}/fleet`,
    );
    expect(fleetRes.status).toBe(200);
    expect(fleetRes.body.rows.map((r: any) => r.entityRef)).toEqual([ref]);
    expect(fleetRes.body.total).toBe(1);

    const userStatus = await request(server).get(
      '/api/pegase-argocd/fleet/status',
    );
    expect(userStatus.status).toBe(200);
    expect(userStatus.body.items.map((i: any) => i.entityRef)).toEqual([ref]);
    const serviceStatus = await request(server)
      .get('/api/pegase-argocd/fleet/status')
      .set('authorization', mockCredentials.service.header());
    expect(serviceStatus.status).toBe(200);
    expect(serviceStatus.body.items.length).toBe(
      fleet.snapshot.instances.length,
    );
  });

  async function startWithTwo(a: string, b: string) {
    const isService = (c: any) => c?.principal?.type === 'service';
    const authorize = jest.fn(async (requests: any[], options: any) =>
      requests.map(r => ({
        result:
          isService(options.credentials) ||
          r.resourceRef === a ||
          r.resourceRef === b
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    );
    const authorizeConditional = jest.fn(async (requests: any[]) =>
      requests.map(() => ({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
        conditions: {
          rule: 'IS_ENTITY_KIND',
          resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
          params: { kinds: ['resource', 'component'] },
        },
      })),
    );
    return startTestBackend({
      features: [
        argocdPlugin,
        mockServices.rootConfig.factory({
          data: {
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
          authorize,
          authorizeConditional,
        } as any).factory,
      ],
    });
  }
});
