import { useApi } from '@backstage/frontend-plugin-api';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import useAsync from 'react-use/esm/useAsync';

/**
 * Whether the user holds a resource permission on every one of these
 * entities, as the backend checks a rollout action (each instance of the
 * rollout or of the wave). `usePermission` decides one resource; the
 * permission API batches these checks into one request. `undefined` while
 * deciding (the button stays hidden).
 */
export function useAllowedOnEvery(
  permission: ResourcePermission,
  entityRefs: string[],
): boolean | undefined {
  const permissionApi = useApi(permissionApiRef);
  const key = entityRefs.join(',');
  const { value } = useAsync(async () => {
    if (entityRefs.length === 0) return false;
    const answers = await Promise.all(
      entityRefs.map(resourceRef =>
        permissionApi.authorize({ permission, resourceRef }),
      ),
    );
    return answers.every(a => a.result === AuthorizeResult.ALLOW);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [permissionApi, permission.name, key]);
  return value;
}
