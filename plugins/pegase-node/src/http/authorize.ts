import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';

/**
 * The one authorization step of the Pégase backends' routes: authenticates
 * the caller (a user or another backend), asks the permission framework, and
 * throws `NotAllowedError` (403) naming the permission, and the entity when
 * the permission is about one. Returns the caller's credentials, to pass on
 * to the catalog so that it applies the same user's rights.
 * @public
 */
export async function authorizeRequest(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  request: Request;
  permission: BasicPermission | ResourcePermission;
  /** Entity ref the permission is checked against (resource permissions). */
  resourceRef?: string;
}): Promise<BackstageCredentials> {
  const { httpAuth, permissions, request, permission, resourceRef } = options;
  const credentials = await httpAuth.credentials(request, {
    allow: ['user', 'service'],
  });
  const [decision] =
    permission.type === 'resource'
      ? await permissions.authorize(
          [{ permission, resourceRef: requireRef(resourceRef, permission) }],
          { credentials },
        )
      : await permissions.authorize([{ permission }], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      resourceRef
        ? `${permission.name} is not allowed on ${resourceRef}`
        : `${permission.name} is not allowed`,
    );
  }
  return credentials;
}

function requireRef(ref: string | undefined, permission: ResourcePermission) {
  if (!ref) {
    throw new Error(
      `${permission.name} is a resource permission: name the entity`,
    );
  }
  return ref;
}
