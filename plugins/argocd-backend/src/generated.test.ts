import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_OBJECTS_NAMESPACE,
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';
import request from 'supertest';
import { argocdPlugin } from './plugin';
import { entitiesOf, useFleetAndArgocd } from './__testUtils__/fleet';
import { compareGenerated } from './services/generatedComparison';

jest.setTimeout(60_000);

describe('the generated Application beside the live one, and the app-of-apps', () => {
  const peers = useFleetAndArgocd(30);

  const config = (withSource = true) => ({
    pegase: {
      argocd: {
        instances: [
          { name: 'admin', url: peers.argocd.url, token: 'admin-token' },
        ],
        refresher: { enabled: false },
      },
    },
    ...(withSource
      ? {
          catalog: {
            providers: {
              pegase: { source: { type: 'dir', path: peers.fleet.dir } },
            },
          },
        }
      : {}),
  });

  /** The providers' entities, one instance pointed at an Application ArgoCD lacks, and the app-of-apps. */
  function entities(): Entity[] {
    const all = entitiesOf(peers.fleet.snapshot, 'admin', 'admin');
    const gone = all.find(
      e => e.metadata.name === peers.fleet.snapshot.instances[1].name,
    )!;
    gone.metadata.annotations![ARGOCD_APP_NAME_ANNOTATION] = 'never-synced';
    // as the catalog module emits them: in the argocd namespace, under their ArgoCD names
    const appOfApps = (peers.fleet.snapshot.applications ?? []).map(a => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: a.name,
        namespace: ARGOCD_OBJECTS_NAMESPACE,
        annotations: { [PEGASE_ANNOTATIONS.appOfAppsPath]: a.path ?? '.' },
      },
      spec: { type: PEGASE_ENTITY_TYPES.appOfApps, owner: 'group:default/ops' },
    }));
    return [...all, ...appOfApps];
  }

  async function start(opts: { permissions?: any; withSource?: boolean } = {}) {
    const { server } = await startTestBackend({
      features: [
        argocdPlugin,
        mockServices.rootConfig.factory({
          data: config(opts.withSource ?? true),
        }),
        catalogServiceMock.factory({ entities: entities() }),
        ...(opts.permissions ? [opts.permissions] : []),
      ],
    });
    return server;
  }

  it("answers the instance's generated Application, the live one and their differences", async () => {
    const server = await start();
    const instance = peers.fleet.snapshot.instances[0];
    const res = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${instance.name}/generated`,
    );
    expect(res.status).toBe(200);
    const body = res.body;
    const expected = peers.fleet.snapshot.generatedApplications!.find(
      a => a.instance === instance.name,
    )!;
    expect(body.applicationSet).toBe(expected.applicationSet);
    expect(body.generated.name).toBe(instance.name);
    expect(body.generated.spec.destination).toEqual(expected.spec.destination);
    expect(body.live.name).toBe(instance.name);
    expect(['same', 'different']).toContain(body.state);
    // the answer's differences are those of the two sides it shows
    expect(body.differences).toEqual(
      compareGenerated(body.applicationSet, body.generated, body.live)
        .differences,
    );
    expect(body.state === 'same').toBe(body.differences.length === 0);
  });

  it('says when ArgoCD has no such Application', async () => {
    const server = await start();
    const instance = peers.fleet.snapshot.instances[1];
    const res = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${instance.name}/generated`,
    );
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('live-missing');
    expect(res.body.live).toBeUndefined();
    expect(res.body.generated.name).toBe(instance.name);
  });

  it("lists an app-of-apps' children with their live states, and an instance's ApplicationSet and app-of-apps", async () => {
    const server = await start();
    const snapshot = peers.fleet.snapshot;
    const instance = snapshot.instances[0];
    const set = snapshot.generatedApplications!.find(
      a => a.instance === instance.name,
    )!.applicationSet;
    const parent = snapshot.applications!.find(a => a.children.includes(set))!;
    const generatedBySet = snapshot.generatedApplications!.filter(
      a => a.applicationSet === set,
    ).length;

    const mine = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${instance.name}/app-of-apps`,
    );
    expect(mine.status).toBe(200);
    expect(mine.body.applicationSet).toEqual({
      name: set,
      applications: generatedBySet,
    });
    expect(mine.body.appOfApps.name).toBe(parent.name);

    const res = await request(server).get(
      `/api/pegase-argocd/entity/argocd/resource/${parent.name}/app-of-apps`,
    );
    expect(res.status).toBe(200);
    const child = res.body.appOfApps.children.find((c: any) => c.name === set);
    expect(child).toMatchObject({
      kind: 'ApplicationSet',
      applications: generatedBySet,
    });
    // what the stand-in serves of them, counted by sync and by health
    const liveTotal = (counts: Record<string, number>) =>
      Object.values(counts).reduce((a, b) => a + b, 0);
    expect(child.live).toBeGreaterThan(0);
    expect(child.live).toBeLessThanOrEqual(generatedBySet);
    expect(liveTotal(child.sync)).toBe(child.live);
    expect(liveTotal(child.health)).toBe(child.live);
    expect(res.body.appOfApps.children.map((c: any) => c.name)).toEqual(
      parent.children,
    );
    // its own name stands for its Application on this read only: the
    // instance routes (and the writes) still need argocd/app-name
    const overview = await request(server).get(
      `/api/pegase-argocd/entity/argocd/resource/${parent.name}/overview`,
    );
    expect(overview.status).toBe(404);
  });

  it('checks argocd.application.read against the entity', async () => {
    const instance = peers.fleet.snapshot.instances[0];
    const server = await start({
      permissions: mockServices.permissions.mock({
        authorize: async (requests: any[]) =>
          requests.map(() => ({ result: AuthorizeResult.DENY })),
      } as any).factory,
    });
    for (const route of ['generated', 'app-of-apps']) {
      const res = await request(server).get(
        `/api/pegase-argocd/entity/default/resource/${instance.name}/${route}`,
      );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('argocd.application.read');
    }
  });

  it('answers 503 naming the missing config when the GitOps repository is not configured', async () => {
    const server = await start({ withSource: false });
    const instance = peers.fleet.snapshot.instances[0];
    const res = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${instance.name}/generated`,
    );
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('catalog.providers.pegase');
  });
});
