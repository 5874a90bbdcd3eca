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
import { PegasePermissionPolicy } from './PegasePermissionPolicy';

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
