import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';
import { previousVersion } from '@pcscol/stand-ins/argocd';
import request from 'supertest';
import { argocdPlugin } from './plugin';
import { entitiesOf, useFleetAndArgocd } from './__testUtils__/fleet';

jest.setTimeout(60_000);

describe('GET /fleet/addons/status', () => {
  const peers = useFleetAndArgocd(20);

  /** The add-on entities the catalog module emits (what this route reads of them). */
  function addonEntities(): Entity[] {
    return (peers.fleet.snapshot.addons ?? []).map(a => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: a.name,
        namespace: 'default',
        annotations: {
          [PEGASE_ANNOTATIONS.addonChart]: a.chart ?? a.name,
          [PEGASE_ANNOTATIONS.chartVersion]: a.version ?? '',
          [PEGASE_ANNOTATIONS.addonApplications]: JSON.stringify(
            Object.fromEntries(
              a.applications.map(g => [g.cluster ?? '', g.name]),
            ),
          ),
        },
      },
      spec: {
        type: PEGASE_ENTITY_TYPES.clusterAddon,
        owner: 'group:default/ops',
      },
    }));
  }

  async function start(decision: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
    const { server } = await startTestBackend({
      features: [
        argocdPlugin,
        mockServices.rootConfig.factory({
          data: {
            pegase: {
              argocd: {
                // the instances' project scopes the instances' list, not the add-ons'
                instances: [
                  {
                    name: 'admin',
                    url: peers.argocd.url,
                    token: 'admin-token',
                    project: 'pegase',
                  },
                ],
                refresher: { enabled: false },
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            ...entitiesOf(peers.fleet.snapshot, 'admin', 'admin'),
            ...addonEntities(),
          ],
        }),
        mockServices.permissions.mock({
          authorizeConditional: async (requests: any[]) =>
            requests.map(() => ({ result: decision })),
        } as any).factory,
      ],
    });
    return server;
  }

  it('answers every add-on Application with its state and the version that runs, outside the configured project', async () => {
    const server = await start(AuthorizeResult.ALLOW);
    const res = await request(server).get(
      '/api/pegase-argocd/fleet/addons/status',
    );
    expect(res.status).toBe(200);
    expect(res.body.failed).toEqual([]);
    const addons = peers.fleet.snapshot.addons ?? [];
    const expected = addons.flatMap(a =>
      a.applications.map(g => ({
        addonRef: `resource:default/${a.name}`,
        cluster: g.cluster,
        application: g.name,
        declared: a.version,
      })),
    );
    expect(expected.length).toBeGreaterThan(2);
    expect(res.body.items).toHaveLength(expected.length);
    for (const e of expected) {
      const item = res.body.items.find(
        (i: any) => i.application === e.application,
      );
      expect(item).toMatchObject({
        addonRef: e.addonRef,
        cluster: e.cluster,
        argocdInstance: 'admin',
      });
      expect(item.uiUrl).toContain(`/applications/argocd/${e.application}`);
      // what runs: the declared version, except on the OutOfSync one (its
      // auto-sync failed, the previous version still runs)
      expect(item.liveVersion).toBe(
        item.sync === 'OutOfSync' ? previousVersion(e.declared!) : e.declared,
      );
    }
    const outOfSync = res.body.items.filter((i: any) => i.sync === 'OutOfSync');
    expect(outOfSync).toHaveLength(1);
    expect(outOfSync[0].failedOperation).toMatchObject({ phase: 'Failed' });
    expect(
      res.body.items.filter((i: any) => i.health === 'Degraded'),
    ).toHaveLength(1);
  });

  it('refuses a caller argocd.application.read denies', async () => {
    const server = await start(AuthorizeResult.DENY);
    const res = await request(server).get(
      '/api/pegase-argocd/fleet/addons/status',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'argocd.application.read is not allowed',
    );
  });
});
