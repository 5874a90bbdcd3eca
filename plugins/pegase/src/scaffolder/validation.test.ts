import type { ApiHolder, ApiRef } from '@backstage/frontend-plugin-api';
import { mockApis } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import { validateInstancePick, validateOwnerPick } from './fields';

function apis(permissionApi: PermissionApi): ApiHolder {
  return {
    get: <T>(ref: ApiRef<T>) =>
      (ref.id === permissionApiRef.id ? permissionApi : undefined) as
        | T
        | undefined,
  };
}

function validate(
  validator: typeof validateInstancePick,
  value: string | string[] | undefined,
  permissionApi: PermissionApi,
  uiOptions: Record<string, string> = {},
) {
  const addError = jest.fn();
  return Promise.resolve(
    validator(value as string | string[], { addError } as any, {
      apiHolder: apis(permissionApi),
      formData: {},
      schema: { title: 'Instance to remove' },
      uiSchema: { 'ui:options': uiOptions },
    }),
  ).then(() => addError.mock.calls.map(c => c[0]));
}

describe('validation of the Pégase pickers', () => {
  const onlySandbox = mockApis.permission({
    authorize: req =>
      'resourceRef' in req &&
      req.resourceRef === 'resource:default/unistra-sandbox'
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });

  it('accepts a value the user may act on, in either spelling of its ref', async () => {
    const opts = { permission: 'pegase.instance.remove' };
    expect(
      await validate(
        validateInstancePick,
        'unistra-sandbox',
        onlySandbox,
        opts,
      ),
    ).toEqual([]);
    expect(
      await validate(
        validateInstancePick,
        'resource:default/unistra-sandbox',
        onlySandbox,
        opts,
      ),
    ).toEqual([]);
  });

  it('refuses a value the user may not act on, saying which and why', async () => {
    expect(
      await validate(validateInstancePick, 'unistra-prod', onlySandbox, {
        permission: 'pegase.instance.remove',
      }),
    ).toEqual([
      'You may not choose unistra-prod: it does not allow you pegase.instance.remove.',
    ]);
  });

  it('checks each value of a list, one message per refused value', async () => {
    expect(
      await validate(
        validateInstancePick,
        ['unistra-sandbox', 'unistra-prod', 'uca-prod'] as any,
        onlySandbox,
        { permission: 'pegase.instance.upgrade', valueFormat: 'name' },
      ),
    ).toEqual([
      'You may not choose unistra-prod: it does not allow you pegase.instance.upgrade.',
      'You may not choose uca-prod: it does not allow you pegase.instance.upgrade.',
    ]);
  });

  it('leaves an empty value to the required rule', async () => {
    const none = mockApis.permission({ authorize: AuthorizeResult.DENY });
    expect(await validate(validateOwnerPick, undefined, none)).toEqual([]);
  });

  it('checks an owner against pegase.instance.create on the group', async () => {
    const asked: string[] = [];
    const teamOnly = mockApis.permission({
      authorize: req => {
        asked.push(
          `${req.permission.name} ${
            'resourceRef' in req ? req.resourceRef : ''
          }`,
        );
        return AuthorizeResult.DENY;
      },
    });
    expect(await validate(validateOwnerPick, 'ops', teamOnly)).toEqual([
      'You may not choose ops: it does not allow you pegase.instance.create.',
    ]);
    expect(asked).toEqual(['pegase.instance.create group:default/ops']);
  });

  it('refuses an unknown permission name, naming the field', async () => {
    const all = mockApis.permission();
    expect(
      await validate(validateInstancePick, 'unistra-prod', all, {
        permission: 'pegase.fleet.read',
      }),
    ).toEqual([
      expect.stringMatching(
        /^ui:options.permission of the field "Instance to remove" is "pegase.fleet.read"; expected one of /,
      ),
    ]);
  });
});
