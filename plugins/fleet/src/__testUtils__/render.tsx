import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fleetApiRef } from '../api/FleetApi';
import { fleetRouteRef } from '../routes';
import { mockFleetApi } from './fleet';

/**
 * Renders a fleet view in a test app with the fleet API (the mock by
 * default), a permission API answering per permission name and resource
 * ref (everything allowed by default), the entity and fleet routes.
 */
export async function renderFleetView(
  element: JSX.Element,
  options: {
    api?: ReturnType<typeof mockFleetApi>;
    allow?: (name: string, resourceRef?: string) => boolean;
    path?: string;
    language?: 'fr';
  } = {},
) {
  const api = options.api ?? mockFleetApi();
  const allow = options.allow ?? (() => true);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [fleetApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: [] })],
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
      ]}
    >
      {element}
    </TestApiProvider>,
    {
      initialRouteEntries: [options.path ?? '/fleet'],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/fleet': fleetRouteRef,
      },
      ...(options.language
        ? {
            apis: [
              mockApis.appLanguage({
                defaultLanguage: options.language,
                availableLanguages: ['en', 'fr'],
              }),
            ],
          }
        : {}),
    },
  );
  return api;
}
