/*
 * The policy as production runs it: app-config.yaml with
 * app-config.production.yaml layered over it (the real files of the
 * repository), evaluated for the people of the demo organisation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  type Permission,
} from '@backstage/plugin-permission-common';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { PegasePermissionPolicy } from './PegasePermissionPolicy';
import { KNOWN_PERMISSIONS } from './knownPermissions';

const repoRoot = path.resolve(__dirname, '../../..');
const layer = (file: string) => ({
  data: parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')),
  context: file,
});
const production = ConfigReader.fromConfigs([
  layer('app-config.yaml'),
  layer('app-config.production.yaml'),
]);

function policyFor(ownershipEntityRefs: string[]) {
  return PegasePermissionPolicy.fromConfig(production, {
    userInfo: mockServices.userInfo({ ownershipEntityRefs }),
  });
}

const user = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [] },
});

const byName = (name: string): Permission => {
  const found = KNOWN_PERMISSIONS.find(p => p.name === name);
  if (!found) throw new Error(`${name} is not a known permission`);
  return found;
};

describe('the production permission policy', () => {
  const ops = policyFor(['user:default/guest', 'group:default/ops']);
  const productTeam = policyFor([
    'user:default/lucas.muller',
    'group:default/equipe-strasbourg',
  ]);
  const nobody = policyFor(['user:default/nobody']);

  it('denies by default and names every permission the portal declares, one by one', () => {
    const { settings } = ops;
    expect(settings.defaultDecision).toBe(AuthorizeResult.DENY);
    const named = new Set(settings.rules.map(r => r.permission));
    // no prefix: a permission a plugin upgrade adds must stay closed until named
    expect([...named].filter(p => p.includes('*'))).toEqual([]);
    const unnamed = KNOWN_PERMISSIONS.map(p => p.name).filter(
      name => !named.has(name),
    );
    expect(unnamed).toEqual([]);
  });

  it('refuses a permission that no rule names, even to ops', async () => {
    const added = createPermission({
      name: 'newplugin.thing.delete',
      attributes: { action: 'delete' },
    });
    const decision = await ops.handle(
      { permission: added },
      user('user:default/guest'),
    );
    expect(decision.result).toBe(AuthorizeResult.DENY);
  });

  it('gives a user of no group only what every signed-in user has', async () => {
    const permission = byName('catalog.entity.delete');
    expect(
      (await nobody.handle({ permission }, user('user:default/nobody'))).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (
        await nobody.handle(
          { permission: byName('argocd.application.rollback') },
          user('user:default/nobody'),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (
        await nobody.handle(
          { permission: byName('catalog.entity.read') },
          user('user:default/nobody'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('lets a product team sync only the sandboxes it owns, and ops everywhere', async () => {
    const sync = byName('argocd.application.sync');
    expect(
      (await ops.handle({ permission: sync }, user('user:default/guest')))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
    const decision = await productTeam.handle(
      { permission: sync },
      user('user:default/lucas.muller'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        allOf: [
          {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: {
              claims: [
                'user:default/lucas.muller',
                'group:default/equipe-strasbourg',
              ],
            },
          },
          {
            rule: 'HAS_ANNOTATION',
            resourceType: 'catalog-entity',
            params: { annotation: PEGASE_ANNOTATIONS.usage, value: 'sandbox' },
          },
        ],
      },
    });
    expect(
      (
        await productTeam.handle(
          { permission: byName('pegase.instance.upgrade.production') },
          user('user:default/lucas.muller'),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });
});
