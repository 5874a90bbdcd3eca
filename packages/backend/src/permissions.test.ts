/*
 * Authorization per entity, with the real permission framework, the Pégase
 * policy and the demo's rules (app-config.yaml), against the real catalog: the
 * ArgoCD writes of a product team's user (lucas.muller, equipe-strasbourg) and
 * of an ops user (guest), on the demo instances.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  PortalTestBackend,
  startPortalTestBackend,
} from './__testUtils__/portalTestBackend';

jest.setTimeout(600_000);

const LUCAS = 'user:default/lucas.muller';
const GUEST = 'user:default/guest';
// equipe-strasbourg owns the sandbox and the construction instance; ops owns the production
const OWN_SANDBOX = 'unistra-bac-a-sable-1';
const OWN_CONSTRUCTION = 'u-pec-recette';
const PRODUCTION = 'unistra-production';

let portal: PortalTestBackend;

beforeAll(async () => {
  portal = await startPortalTestBackend('pegase_perm_it_');
  for (const name of [OWN_SANDBOX, OWN_CONSTRUCTION, PRODUCTION]) {
    await portal.waitForEntity(`resource:default/${name}`);
  }
});

afterAll(() => portal?.stop());

async function sync(user: string, instance: string) {
  const res = await fetch(
    `${portal.baseUrl}/api/pegase-argocd/entity/default/resource/${instance}/sync`,
    {
      method: 'POST',
      headers: {
        authorization: mockCredentials.user.header(user),
        'content-type': 'application/json',
      },
      body: '{}',
    },
  );
  return { status: res.status, body: await res.json() };
}

const refusals = (entityRef: string) =>
  portal.audits.filter(
    a =>
      a.eventId === 'application-access-refused' &&
      a.meta.entityRef === entityRef &&
      a.outcome === 'fail',
  );

describe('ArgoCD writes, per entity, under the demo rules', () => {
  it('lets a product team sync the sandbox it owns, audited', async () => {
    const res = await sync(LUCAS, OWN_SANDBOX);
    expect(res).toMatchObject({
      status: 200,
      body: { ok: true, action: 'sync' },
    });
    expect(portal.audits).toContainEqual(
      expect.objectContaining({
        eventId: 'application-sync',
        outcome: 'success',
        meta: expect.objectContaining({
          entityRef: `resource:default/${OWN_SANDBOX}`,
          actor: LUCAS,
        }),
      }),
    );
  });

  it('refuses it the production instance of the same components, and its own construction instance, audited', async () => {
    for (const instance of [PRODUCTION, OWN_CONSTRUCTION]) {
      const ref = `resource:default/${instance}`;
      const res = await sync(LUCAS, instance);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        `argocd.application.sync is not allowed on ${ref}`,
      );
      expect(refusals(ref)).toHaveLength(1);
    }
  });

  it('lets ops sync the production instance', async () => {
    const res = await sync(GUEST, PRODUCTION);
    expect(res.status).toBe(200);
  });

  it('refuses an application that no catalog entity names, audited', async () => {
    // an Application the ArgoCD serves, under a name the catalog has no entity for
    const name = 'argocd-cluster-addons';
    const res = await sync(GUEST, name);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      `No entity resource:default/${name} in the catalog`,
    );
    expect(refusals(`resource:default/${name}`)).toHaveLength(1);
  });
});
