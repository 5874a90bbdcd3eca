import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import type { RouteRef } from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';

/**
 * The API implementations given to {@link renderEntityView}, as
 * `TestApiProvider` takes them (`[apiRef, implementation]` pairs).
 * @public
 */
export type ApiPairs = Parameters<typeof TestApiProvider>[0]['apis'];

/**
 * Renders an entity card or tab in a Backstage test app, as the entity page
 * would: the entity in context, the entity route mounted at
 * `/catalog/:namespace/:kind/:name`, a catalog API (given or empty), the
 * other APIs given, and the app language when `language` is set.
 * @public
 */
export async function renderEntityView(
  element: ReactElement,
  options: {
    entity: Entity;
    apis?: ApiPairs;
    /** The catalog's entities (default none). */
    catalogEntities?: Entity[];
    language?: 'en' | 'fr';
    /** More routes to mount, as `renderInTestApp` takes them. */
    mountedRoutes?: { [path: string]: RouteRef };
  },
) {
  const apis: ApiPairs = [
    [
      catalogApiRef,
      catalogApiMock({ entities: options.catalogEntities ?? [] }),
    ],
    ...(options.apis ?? []),
  ] as ApiPairs;
  return renderInTestApp(
    <TestApiProvider apis={apis}>
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...options.mountedRoutes,
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
}
