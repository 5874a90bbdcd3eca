import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { argocdApplicationSyncPermission } from '@pcscol/plugin-argocd-common';
import { makeInstanceEntity } from '@pcscol/plugin-pegase-common/testUtils';
import {
  pegaseInstanceCreatePermission,
  pegaseInstanceRemovePermission,
  pegaseSelfServicePermissions,
} from '@pcscol/plugin-pegase-common';
import {
  acceptsConditions,
  PegasePermissionPolicy,
} from './PegasePermissionPolicy';

// The catalog's own rules, applied as the catalog applies a conditional decision.
function applies(
  criteria: PermissionCriteria<PermissionCondition<string>>,
  entity: Entity,
): boolean {
  if ('allOf' in criteria) return criteria.allOf.every(c => applies(c, entity));
  if ('anyOf' in criteria) return criteria.anyOf.some(c => applies(c, entity));
  if ('not' in criteria) return !applies(criteria.not, entity);
  const rule = Object.values(permissionRules).find(
    r => r.name === criteria.rule,
  );
  if (!rule) throw new Error(`no catalog rule ${criteria.rule}`);
  return (rule.apply as (e: Entity, p: unknown) => boolean)(
    entity,
    criteria.params,
  );
}

function allowedOn(decision: PolicyDecision, entity: Entity): boolean {
  if (decision.result === AuthorizeResult.CONDITIONAL) {
    return applies(decision.conditions, entity);
  }
  return decision.result === AuthorizeResult.ALLOW;
}

function owned(entity: Entity, owner: string): Entity {
  return {
    ...entity,
    relations: [
      ...(entity.relations ?? []),
      { type: 'ownedBy', targetRef: owner },
    ],
  };
}

const config = new ConfigReader({
  pegase: {
    permissions: {
      rules: [
        {
          permission: 'argocd.application.sync',
          allow: ['group:default/ops'],
          conditional: [{ allow: ['*'], owner: true, usage: ['sandbox'] }],
        },
      ],
    },
  },
});

const team = 'group:default/equipe-strasbourg';
const sandbox = owned(
  makeInstanceEntity('unistra-bac-a-sable-1', {
    usage: 'sandbox',
    owner: team,
  }),
  team,
);
const production = owned(
  makeInstanceEntity('unistra-prod', { usage: 'production', owner: team }),
  team,
);
const otherSandbox = owned(
  makeInstanceEntity('unistra-bac-a-sable-2', { usage: 'sandbox' }),
  'group:default/equipe-toulouse',
);

async function decide(refs: string[]) {
  const policy = PegasePermissionPolicy.fromConfig(config, {
    userInfo: mockServices.userInfo({ ownershipEntityRefs: refs }),
  });
  return policy.handle(
    { permission: argocdApplicationSyncPermission },
    {
      credentials: mockCredentials.user(refs[0]),
      info: { userEntityRef: refs[0], ownershipEntityRefs: refs },
    },
  );
}

describe('conditional rules', () => {
  it('lets a product team sync its own sandbox, not its production nor another team’s sandbox', async () => {
    const decision = await decide(['user:default/lucas.muller', team]);
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(allowedOn(decision, sandbox)).toBe(true);
    expect(allowedOn(decision, production)).toBe(false);
    expect(allowedOn(decision, otherSandbox)).toBe(false);
  });

  it('lets ops sync everywhere', async () => {
    const decision = await decide(['user:default/guest', 'group:default/ops']);
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('refuses, naming the rule, a condition on a basic permission', () => {
    expect(() =>
      PegasePermissionPolicy.fromConfig(
        new ConfigReader({
          pegase: {
            permissions: {
              rules: [
                {
                  permission: 'pegase.fleet.read',
                  conditional: [{ allow: ['*'], owner: true }],
                },
              ],
            },
          },
        }),
        { userInfo: mockServices.userInfo() },
      ),
    ).toThrow(/rules\[0\] \(pegase\.fleet\.read\).*basic permission/);
  });
});

describe('the member condition and the self-service writes', () => {
  const group = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  });
  const memberConfig = new ConfigReader({
    pegase: {
      permissions: {
        rules: [
          {
            permission: 'pegase.instance.create',
            allow: ['group:default/ops'],
            conditional: [{ allow: ['*'], member: true }],
          },
          {
            permission: 'pegase.instance.remove',
            conditional: [{ allow: ['*'], owner: true, usage: ['sandbox'] }],
          },
        ],
      },
    },
  });

  async function decideOn(permission: any, refs: string[]) {
    const policy = PegasePermissionPolicy.fromConfig(memberConfig, {
      userInfo: mockServices.userInfo({ ownershipEntityRefs: refs }),
    });
    return policy.handle(
      { permission },
      {
        credentials: mockCredentials.user(refs[0]),
        info: { userEntityRef: refs[0], ownershipEntityRefs: refs },
      },
    );
  }

  it('holds on the user’s own groups only: a team creates the instances it owns', async () => {
    const decision = await decideOn(pegaseInstanceCreatePermission, [
      'user:default/lucas.muller',
      team,
    ]);
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(allowedOn(decision, group('equipe-strasbourg'))).toBe(true);
    expect(allowedOn(decision, group('ops'))).toBe(false);
    expect(allowedOn(decision, group('equipe-toulouse'))).toBe(false);
    // not an instance the team owns: the condition is about the group itself
    expect(allowedOn(decision, sandbox)).toBe(false);
  });

  it('lets a team remove its own sandbox only', async () => {
    const decision = await decideOn(pegaseInstanceRemovePermission, [
      'user:default/lucas.muller',
      team,
    ]);
    expect(allowedOn(decision, sandbox)).toBe(true);
    expect(allowedOn(decision, production)).toBe(false);
    expect(allowedOn(decision, otherSandbox)).toBe(false);
  });

  it('takes conditions on every self-service write: they are catalog-entity permissions', () => {
    const writes = pegaseSelfServicePermissions.filter(
      p => !p.name.endsWith('.production'),
    );
    expect(writes.map(p => p.name).sort()).toEqual([
      'pegase.addon.upgrade',
      'pegase.dbaas.create',
      'pegase.instance.create',
      'pegase.instance.remove',
      'pegase.instance.upgrade',
      'pegase.kaas.create',
    ]);
    for (const p of writes) expect(acceptsConditions(p)).toBe(true);
  });

  it('refuses member: false, naming the grant', () => {
    expect(() =>
      PegasePermissionPolicy.fromConfig(
        new ConfigReader({
          pegase: {
            permissions: {
              rules: [
                {
                  permission: 'pegase.instance.create',
                  conditional: [{ allow: ['*'], member: false }],
                },
              ],
            },
          },
        }),
        { userInfo: mockServices.userInfo() },
      ),
    ).toThrow(
      'pegase.permissions.rules[0].conditional[0].member: only "member: true" is a condition; remove the key instead of false',
    );
  });
});
