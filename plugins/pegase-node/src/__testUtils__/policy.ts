import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { makeInstanceEntity } from '@pcscol/plugin-pegase-common/testUtils';
import type { GitopsSnapshot } from '@pcscol/plugin-pegase-node';
import { PegasePermissionPolicy } from '@pcscol/plugin-permission-backend-module-pegase';

/**
 * The demo's rules for the self-service writes and the Vault metadata
 * (app-config.yaml): ops everywhere; every team on the sandboxes it owns,
 * and creates the instances its own groups own; production for ops.
 *
 * @public
 */
export const DEMO_RULES = [
  {
    permission: 'pegase.instance.create.production',
    allow: ['group:default/ops', 'group:default/architecture'],
  },
  {
    permission: 'pegase.instance.upgrade.production',
    allow: ['group:default/ops'],
  },
  {
    permission: 'pegase.instance.create',
    allow: ['group:default/ops'],
    conditional: [{ allow: ['*'], member: true }],
  },
  ...[
    'pegase.instance.remove',
    'pegase.instance.upgrade',
    'pegase.dbaas.create',
    'pegase.kaas.create',
  ].map(permission => ({
    permission,
    allow: ['group:default/ops'],
    conditional: [{ allow: ['*'], owner: true, usage: ['sandbox'] }],
  })),
  { permission: 'pegase.addon.upgrade', allow: ['group:default/ops'] },
  {
    permission: 'vault.instance.read',
    allow: ['group:default/ops', 'group:default/architecture'],
    conditional: [{ allow: ['*'], owner: true }],
  },
];

/**
 * The catalog's entities of a fleet: its instances (with their ownedBy
 * relation) and owner groups.
 *
 * @public
 */
export function fleetEntities(snapshot: GitopsSnapshot): Entity[] {
  const groups = new Set(['ops', ...snapshot.instances.map(i => i.owner)]);
  const instances = snapshot.instances.map(i => {
    const owner = `group:default/${i.owner}`;
    const e = makeInstanceEntity(i.name, {
      usage: i.usage,
      region: i.region,
      cluster: i.cluster,
      owner,
    });
    // as the catalog's processing adds it from spec.owner
    e.relations = [
      ...(e.relations ?? []),
      { type: RELATION_OWNED_BY, targetRef: owner },
    ];
    return e;
  });
  const groupEntities: Entity[] = [...groups].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  }));
  return [...instances, ...groupEntities];
}

/**
 * A permissions service made of the real parts the permission framework
 * runs: the Pégase policy (`PegasePermissionPolicy`, from `rules`) decides;
 * its conditional decisions are applied to the entity by the catalog's own
 * permission rules (`permissionRules` of the catalog backend), as the
 * catalog's apply-conditions endpoint does; an entity the catalog does not
 * hold is refused. Service principals are allowed, as the framework does.
 * `groups` gives each user's groups (their ownership refs).
 *
 * @public
 */
export function policyPermissions(options: {
  entities: Entity[];
  groups: Record<string, string[]>;
  rules?: unknown[];
  defaultDecision?: 'allow' | 'deny';
}): PermissionsService & { asked: string[] } {
  const userInfo: UserInfoService = {
    async getUserInfo(credentials: BackstageCredentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(options.groups[ref] ?? [])],
      };
    },
  };
  const policy = PegasePermissionPolicy.fromConfig(
    new ConfigReader({
      pegase: {
        permissions: {
          defaultDecision: options.defaultDecision ?? 'allow',
          rules: (options.rules ?? DEMO_RULES) as any,
        },
      },
    }),
    { userInfo },
  );
  const byRef = new Map(
    options.entities.map(e => [stringifyEntityRef(e).toLowerCase(), e]),
  );
  const applies = createConditionAuthorizer(Object.values(permissionRules));
  const asked: string[] = [];
  const decide = async (
    permission: any,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> => {
    asked.push(permission.name);
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    if (principal.type === 'service') return { result: AuthorizeResult.ALLOW };
    const userEntityRef = principal.userEntityRef ?? '';
    return policy.handle(
      { permission },
      {
        credentials: credentials as any,
        info: { userEntityRef, ownershipEntityRefs: [] },
      },
    );
  };
  return {
    asked,
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
  } as any;
}
