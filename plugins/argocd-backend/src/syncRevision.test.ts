/*
 * Issue 22 point 4 at route level, with the parts the permission framework
 * runs: the Pégase policy decides (PegasePermissionPolicy with the demo's
 * rules), its conditions are applied to the entity by the catalog's own
 * permission rules. A sandbox owner may sync their sandbox, but only to the
 * version the GitOps repository declares for it; ops, who hold
 * argocd.application.sync.any-revision, may name another one.
 */
import type {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { PegasePermissionPolicy } from '@pcscol/plugin-permission-backend-module-pegase';
import request from 'supertest';
import { argocdPlugin } from './plugin';
import { entitiesOf, useFleetAndArgocd } from './__testUtils__/fleet';

jest.setTimeout(60_000);

/** The ArgoCD rules of app-config.yaml (the demo). */
const RULES = [
  {
    permission: 'argocd.application.sync',
    allow: ['group:default/ops'],
    conditional: [{ allow: ['*'], owner: true, usage: ['sandbox'] }],
  },
  {
    permission: 'argocd.application.sync.any-revision',
    allow: ['group:default/ops'],
  },
];

const OPS = 'user:default/ops-alice';
const OWNER = 'user:default/lucas.muller';

/** The permission service the framework gives a plugin: policy, then the catalog's rules on the entity. */
function policyPermissions(
  entities: Entity[],
  groups: Record<string, string[]>,
) {
  const userInfo: UserInfoService = {
    async getUserInfo(credentials: BackstageCredentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
      };
    },
  };
  const policy = PegasePermissionPolicy.fromConfig(
    new ConfigReader({
      pegase: { permissions: { defaultDecision: 'allow', rules: RULES } },
    }),
    { userInfo },
  );
  const byRef = new Map(
    entities.map(e => [stringifyEntityRef(e).toLowerCase(), e]),
  );
  const applies = createConditionAuthorizer(Object.values(permissionRules));
  const decide = async (
    permission: any,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> => {
    if ((credentials.principal as { type: string }).type === 'service')
      return { result: AuthorizeResult.ALLOW };
    const userEntityRef = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return policy.handle(
      { permission },
      {
        credentials: credentials as any,
        info: { userEntityRef, ownershipEntityRefs: [] },
      },
    );
  };
  return mockServices.permissions.mock({
    async authorizeConditional(requests: any[], { credentials }: any) {
      return Promise.all(requests.map(r => decide(r.permission, credentials)));
    },
    async authorize(requests: any[], { credentials }: any) {
      return Promise.all(
        requests.map(async r => {
          const decision = await decide(r.permission, credentials);
          if (decision.result !== AuthorizeResult.CONDITIONAL) return decision;
          const entity = byRef.get(String(r.resourceRef).toLowerCase());
          return {
            result:
              entity && applies(decision, entity)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          };
        }),
      );
    },
  } as any).factory;
}

describe('sync to a revision (issue 22 point 4)', () => {
  const peers = useFleetAndArgocd(80);
  let fleet: typeof peers.fleet;
  let argocd: typeof peers.argocd;
  beforeAll(() => {
    ({ fleet, argocd } = peers);
  });

  /** A backend, and the `nth` sandbox (each test its own: ArgoCD refuses a sync while one runs). */
  async function start(nth: number) {
    const sandboxes = fleet.snapshot.instances.filter(
      i => i.usage === 'sandbox',
    );
    expect(sandboxes.length).toBeGreaterThan(nth);
    const sandbox = sandboxes[nth];
    const entities = entitiesOf(fleet.snapshot, 'admin', 'admin').map(e => {
      if (e.metadata.name !== sandbox.name || e.kind !== 'Resource') return e;
      // as the catalog's processing adds it from spec.owner
      const owner = String(e.spec?.owner);
      return {
        ...e,
        relations: [
          ...(e.relations ?? []),
          { type: RELATION_OWNED_BY, targetRef: owner },
        ],
      };
    });
    const owner = String(
      entities.find(e => e.metadata.name === sandbox.name)!.spec!.owner,
    );
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
        catalogServiceMock.factory({ entities }),
        policyPermissions(entities, {
          [OPS]: ['group:default/ops'],
          [OWNER]: [owner],
        }),
      ],
    });
    const declared = entities.find(e => e.metadata.name === sandbox.name)!
      .metadata.annotations![PEGASE_ANNOTATIONS.chartVersion];
    const sync = (user: string, body: object) =>
      request(server)
        .post(`/api/pegase-argocd/entity/default/resource/${sandbox.name}/sync`)
        .set('authorization', mockCredentials.user.header(user))
        .send(body);
    return { sync, declared, sandbox };
  }

  const syncs = () => argocd.stats().byRoute.sync ?? 0;

  it("lets the sandbox's owner sync it to the version its GitOps repository declares", async () => {
    const { sync, declared } = await start(0);
    expect(declared).toMatch(/^\d+\.\d+\.\d+/);
    const before = syncs();
    const res = await sync(OWNER, { revision: declared });
    // the portal lets it through to ArgoCD; v3.5 refuses a revision other
    // than the tracked range of an auto-sync sandbox, v2.14.21 accepts it
    // (server/application/application.go resolveSourceRevisions compares the
    // sources it has just overwritten): the portal's check is the only one
    expect(syncs()).toBe(before + 1);
    expect(
      res.status === 200
        ? `accepted: ${res.body.action}`
        : `${res.status}: ${res.body.argocd?.message}`,
    ).toMatch(/^accepted: sync$|^400: .*auto-sync currently set to/);
  });

  it('refuses the owner a branch the request names, says which version is allowed, and never asks ArgoCD', async () => {
    const { sync, declared, sandbox } = await start(1);
    const before = syncs();
    const res = await sync(OWNER, { revision: 'feature/unreviewed' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      `A sync of resource:default/${sandbox.name} may only target the version its GitOps repository declares (${declared}), not 'feature/unreviewed': argocd.application.sync.any-revision is not allowed on resource:default/${sandbox.name}`,
    );
    expect(syncs()).toBe(before);
  });

  it('lets the owner sync without a revision (what ArgoCD tracks)', async () => {
    const { sync } = await start(2);
    const res = await sync(OWNER, {});
    expect(res.status).toBe(200);
  });

  it('lets ops, who hold argocd.application.sync.any-revision, name another revision', async () => {
    const { sync } = await start(3);
    const before = syncs();
    const res = await sync(OPS, { revision: '99.0.0' });
    // the portal passes it on: what ArgoCD answers is ArgoCD's business
    expect(res.status).not.toBe(403);
    expect(syncs()).toBe(before + 1);
  });
});
