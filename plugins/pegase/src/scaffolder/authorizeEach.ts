import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { PermissionApi } from '@backstage/plugin-permission-react';

/**
 * How many decisions to ask at once. The app's permission API
 * (IdentityPermissionApi) gathers the requests made in the same tick into
 * one POST /authorize, so each slice is one request: hundreds of instances
 * make a few requests of bounded size rather than one huge one.
 */
export const AUTHORIZE_BATCH = 100;

/**
 * The entity refs among `refs` on which the user holds `permission`, asked
 * of the permission framework with the ref of each (the same decision the
 * backend takes when the action runs).
 */
export async function authorizeEach(
  permissionApi: PermissionApi,
  permission: ResourcePermission,
  refs: string[],
): Promise<Set<string>> {
  const allowed = new Set<string>();
  for (let i = 0; i < refs.length; i += AUTHORIZE_BATCH) {
    const slice = refs.slice(i, i + AUTHORIZE_BATCH);
    const answers = await Promise.all(
      slice.map(resourceRef =>
        permissionApi.authorize({ permission, resourceRef }),
      ),
    );
    answers.forEach((answer, j) => {
      if (answer.result === AuthorizeResult.ALLOW) allowed.add(slice[j]);
    });
  }
  return allowed;
}
