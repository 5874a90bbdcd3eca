import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PegasePermissionPolicy } from './PegasePermissionPolicy';

const sync = createPermission({
  name: 'argocd.application.sync',
  attributes: { action: 'update' },
});
const refresh = createPermission({
  name: 'argocd.application.refresh',
  attributes: {},
});
const createProd = createPermission({
  name: 'pegase.instance.create.production',
  attributes: { action: 'create' },
});
const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
});

const config = new ConfigReader({
  pegase: {
    permissions: {
      rules: [
        {
          permission: 'pegase.instance.create.production',
          allow: ['group:default/ops', 'group:default/architecture'],
        },
        { permission: 'argocd.application.refresh', allow: ['*'] },
        { permission: 'argocd.*', allow: ['group:default/ops'] },
      ],
    },
  },
});

function policyFor(ownershipEntityRefs: string[], cfg = config) {
  return PegasePermissionPolicy.fromConfig(cfg, {
    userInfo: mockServices.userInfo({ ownershipEntityRefs }),
  });
}

const asUser = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [] },
});

describe('PegasePermissionPolicy', () => {
  const ops = policyFor(['user:default/guest', 'group:default/ops']);
  const productTeam = policyFor([
    'user:default/lucas.muller',
    'group:default/equipe-strasbourg',
  ]);

  it('allows a group the config names and refuses the others', async () => {
    expect(
      (
        await ops.handle(
          { permission: createProd },
          asUser('user:default/guest'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (
        await productTeam.handle(
          { permission: createProd },
          asUser('user:default/lucas.muller'),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('matches prefixes with *, first matching rule wins', async () => {
    expect(
      (
        await productTeam.handle(
          { permission: sync },
          asUser('user:default/lucas.muller'),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (
        await productTeam.handle(
          { permission: refresh },
          asUser('user:default/lucas.muller'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (await ops.handle({ permission: sync }, asUser('user:default/guest')))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('uses the default decision for permissions no rule names', async () => {
    expect(
      (
        await productTeam.handle(
          { permission: catalogRead },
          asUser('user:default/lucas.muller'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    const locked = policyFor(
      ['group:default/ops'],
      new ConfigReader({
        pegase: { permissions: { defaultDecision: 'deny' } },
      }),
    );
    expect(
      (
        await locked.handle(
          { permission: catalogRead },
          asUser('user:default/guest'),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('denies a request without a user when a rule applies', async () => {
    expect((await ops.handle({ permission: sync })).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('rejects a malformed rule with a message naming it', () => {
    expect(() =>
      policyFor(
        [],
        new ConfigReader({
          pegase: {
            permissions: { rules: [{ permission: 'x', allow: ['ops'] }] },
          },
        }),
      ),
    ).toThrow(/rules\[0\]\.allow: "ops" is not an entity ref/);
  });
});
