import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import { authorizeRequest } from './authorize';
import { entityPathOf, entityRefFromPath } from './entityPath';

const basic = createPermission({ name: 'demo.read', attributes: {} });
const onEntity = createPermission({
  name: 'demo.sync',
  attributes: {},
  resourceType: 'catalog-entity',
});
const request = {
  headers: { authorization: mockCredentials.user.header() },
} as unknown as Request;

describe('authorizeRequest', () => {
  it('returns the caller credentials when allowed', async () => {
    const credentials = await authorizeRequest({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      request,
      permission: basic,
    });
    expect(credentials.principal).toMatchObject({ type: 'user' });
  });

  it('names the permission and the entity when denied', async () => {
    await expect(
      authorizeRequest({
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
        request,
        permission: onEntity,
        resourceRef: 'resource:default/univ-x-prod',
      }),
    ).rejects.toThrow(
      'demo.sync is not allowed on resource:default/univ-x-prod',
    );
  });

  it('passes the entity to the permission framework for a resource permission', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    await authorizeRequest({
      httpAuth: mockServices.httpAuth(),
      permissions,
      request,
      permission: onEntity,
      resourceRef: 'resource:default/univ-x-prod',
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: onEntity, resourceRef: 'resource:default/univ-x-prod' }],
      expect.anything(),
    );
  });
});

describe('entity path', () => {
  it('reads namespace, kind and name into a canonical ref', () => {
    expect(
      entityRefFromPath({
        namespace: 'default',
        kind: 'Resource',
        name: 'univ-x',
      }),
    ).toBe('resource:default/univ-x');
    expect(entityPathOf({ kind: 'Component', name: 'ins' })).toBe(
      'default/Component/ins',
    );
  });

  it('refuses a malformed segment, naming it', () => {
    expect(() =>
      entityRefFromPath({
        namespace: 'default',
        kind: 'resource',
        name: '../etc',
      }),
    ).toThrow('invalid entity name in the path: "../etc"');
    expect(() => entityRefFromPath({ kind: 'resource', name: 'x' })).toThrow(
      'invalid entity namespace',
    );
  });
});
