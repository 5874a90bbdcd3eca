/*
 * GET /api/fleet/clusters through the whole plugin: a test backend with the
 * fleet plugin, the catalog's clusters and add-ons, and a stand-in `argocd`
 * plugin answering /fleet/addons/status as argocd-backend does.
 */
import express from 'express';
import request from 'supertest';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fleetPlugin } from '../plugin';
import {
  addonStatus,
  makeAddonEntity,
  makeClusterEntity,
} from './__testUtils__/clusterEntities';

jest.setTimeout(60_000);

const READER = 'user:default/ops';
const OUTSIDER = 'user:default/product-dev';

const clusters = [
  makeClusterEntity('sxb-apps-1', {
    clusterType: 'apps',
    kubernetesVersion: 'v1.34.2',
    talosVersion: 'v1.12.0',
  }),
  makeClusterEntity('sxb-apps-2', {
    clusterType: 'apps',
    kubernetesVersion: 'v1.33.5',
    talosVersion: 'v1.12.0',
  }),
];
const certManager = makeAddonEntity('cert-manager', {
  version: 'v1.19.1',
  clusters: ['sxb-apps-1', 'sxb-apps-2'],
});

/** The argocd plugin's add-on statuses route, and who called it. */
function argocdStandInPlugin(seen: string[]) {
  return createBackendPlugin({
    pluginId: 'pegase-argocd',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          router.get('/fleet/addons/status', async (req, res) => {
            const credentials = await httpAuth.credentials(req, {
              allow: ['user', 'service'],
            });
            seen.push(credentials.principal.type);
            res.json({
              items: [
                addonStatus(certManager, 'sxb-apps-1', {
                  health: 'Degraded',
                }),
                addonStatus(certManager, 'sxb-apps-2'),
              ],
              failed: [],
            });
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

describe('GET /api/fleet/clusters', () => {
  let server: any;
  const seen: string[] = [];
  const authorized: string[] = [];

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        fleetPlugin,
        argocdStandInPlugin(seen),
        mockServices.rootConfig.factory({
          data: { pegase: { fleet: { argocdTimeoutSeconds: 5 } } },
        }),
        catalogServiceMock.factory({ entities: [...clusters, certManager] }),
        // pegase.fleet.read: everybody but the outsider
        createServiceFactory({
          service: coreServices.permissions,
          deps: {},
          factory: () => {
            const decide = (requests: any[], opts: any) =>
              requests.map(r => {
                const user = opts?.credentials?.principal?.userEntityRef;
                authorized.push(`${r.permission.name}:${user}`);
                return {
                  result:
                    user === OUTSIDER
                      ? AuthorizeResult.DENY
                      : AuthorizeResult.ALLOW,
                };
              });
            return {
              authorize: async (requests: any[], opts: any) =>
                decide(requests, opts),
              authorizeConditional: async (requests: any[], opts: any) =>
                decide(requests, opts),
            } as any;
          },
        }),
      ],
    }));
  });

  it('answers the matrix with ArgoCD’s live state and its problems to a fleet reader', async () => {
    const res = await request(server)
      .get('/api/fleet/clusters')
      .set('authorization', mockCredentials.user.header(READER));
    expect(res.status).toBe(200);
    expect(authorized).toContain(`pegase.fleet.read:${READER}`);
    // the fleet plugin reads ArgoCD as itself, not as the user
    expect(seen).toEqual(['service']);
    expect(res.body.argocd).toEqual({ available: true });
    expect(res.body.clusters.map((c: any) => c.kubernetesVersion)).toEqual([
      'v1.34.2',
      'v1.33.5',
    ]);
    expect(res.body.cells.map((c: any) => c.health)).toEqual([
      'Degraded',
      'Healthy',
    ]);
    expect(res.body.problems.map((p: any) => p.kind)).toEqual([
      'addon-degraded',
      'kubernetes-skew',
    ]);
  });

  it('refuses a user without pegase.fleet.read', async () => {
    const res = await request(server)
      .get('/api/fleet/clusters')
      .set('authorization', mockCredentials.user.header(OUTSIDER));
    expect(res.status).toBe(403);
    expect(authorized).toContain(`pegase.fleet.read:${OUTSIDER}`);
  });
});
