import { Entity } from '@backstage/catalog-model';
import { mockApis } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AlertApi, alertApiRef } from '@backstage/frontend-plugin-api';
import { renderEntityView } from '@pcscol/plugin-pegase-react/testUtils';
import { argocdApiRef, ArgocdApi } from '../api/ArgocdApi';
import { fakeApi } from './fixtures';

/**
 * Renders an ArgoCD view for `entity` with the API (the fake by default) and
 * a permission API that answers per permission name and resource ref.
 */
export function renderArgocdView(
  element: JSX.Element,
  entity: Entity,
  opts: {
    api?: ArgocdApi;
    allow?: (name: string, resourceRef?: string) => boolean;
    language?: 'fr';
    /** Where the views post their alerts (e.g. `mockApis.alert()`). */
    alertApi?: AlertApi;
  } = {},
) {
  const allow = opts.allow ?? (() => true);
  return renderEntityView(element, {
    entity,
    language: opts.language,
    apis: [
      [argocdApiRef, opts.api ?? fakeApi()],
      ...(opts.alertApi ? [[alertApiRef, opts.alertApi] as const] : []),
      [
        permissionApiRef,
        mockApis.permission({
          authorize: req =>
            allow(
              req.permission.name,
              'resourceRef' in req ? req.resourceRef : undefined,
            )
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }),
      ],
    ],
  });
}
