/*
 * ArgoCD's applications in any namespace (docs/operator-manual/app-any-namespace.md):
 * the Application of an entity is asked with `appNamespace`, from the
 * `argocd/app-namespace` annotation, else the config, else the namespace the
 * list shows it in; the same name in two namespaces is two Applications.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
} from '@pcscol/plugin-pegase-common';
import request from 'supertest';
import { argocdPlugin } from './plugin';
import { entitiesOf, useFleetAndArgocd } from './__testUtils__/fleet';

jest.setTimeout(60_000);

describe('applications in any namespace', () => {
  const peers = useFleetAndArgocd(60);
  let fleet: typeof peers.fleet;
  let argocd: typeof peers.argocd;
  beforeAll(() => {
    ({ fleet, argocd } = peers);
  });

  const entity = (
    name: string,
    annotations: Record<string, string>,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, annotations },
    spec: { type: PEGASE_INSTANCE_TYPE, owner: 'group:default/ops' },
  });

  /** A name the stand-in serves in two namespaces, and a sandbox outside `argocd`. */
  function pick() {
    const apps = argocd.applications();
    const twice = apps.find(
      a =>
        a.namespace !== 'argocd' &&
        apps.some(b => b.name === a.name && b.namespace === 'argocd'),
    );
    const elsewhere = apps.find(
      a =>
        a.namespace !== 'argocd' &&
        apps.filter(b => b.name === a.name).length === 1,
    );
    expect(twice).toBeDefined();
    expect(elsewhere).toBeDefined();
    return { twice: twice!, elsewhere: elsewhere! };
  }

  async function start() {
    const { twice } = pick();
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
        catalogServiceMock.factory({
          entities: [
            ...entitiesOf(fleet.snapshot, 'admin', 'admin'),
            entity('the-copy', {
              [ARGOCD_APP_NAME_ANNOTATION]: twice.name,
              [ARGOCD_APP_NAMESPACE_ANNOTATION]: twice.namespace,
              [PEGASE_ANNOTATIONS.argocdInstance]: 'admin',
            }),
          ],
        }),
      ],
    });
    return server;
  }

  const overview = async (server: any, name: string) =>
    request(server).get(
      `/api/pegase-argocd/entity/default/resource/${name}/overview`,
    );

  it('asks the namespace the annotation names, and links to it', async () => {
    const { twice } = pick();
    const server = await start();
    const res = await overview(server, 'the-copy');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      appName: twice.name,
      appNamespace: twice.namespace,
    });
    expect(res.body.uiUrl).toMatch(
      new RegExp(`/applications/${twice.namespace}/${twice.name}$`),
    );
  });

  it("without the annotation, takes the one in ArgoCD's own namespace when the name is in two", async () => {
    const { twice } = pick();
    const server = await start();
    const res = await overview(server, twice.name);
    expect(res.status).toBe(200);
    expect(res.body.appNamespace).toBe('argocd');
  });

  it("without the annotation, finds an Application outside ArgoCD's namespace in the list (no 403)", async () => {
    const { elsewhere } = pick();
    const server = await start();
    const res = await overview(server, elsewhere.name);
    expect(res.status).toBe(200);
    expect(res.body.appNamespace).toBe(elsewhere.namespace);
    const tree = await request(server).get(
      `/api/pegase-argocd/entity/default/resource/${elsewhere.name}/resources`,
    );
    expect(tree.status).toBe(200);
    expect(tree.body.groups.length).toBeGreaterThan(0);
  });
});
