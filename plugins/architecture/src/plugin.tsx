import { RiNodeTree } from '@remixicon/react';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import {
  isPegaseInstance,
  isPegaseSubChart,
  PEGASE_SYSTEM,
} from '@pcscol/plugin-pegase-common';
import { architectureApiRef } from './api/ArchitectureApi';
import { ArchitectureClient } from './api/ArchitectureClient';
import { architectureRouteRef } from './routes';
import { architectureTranslationRef } from './translations';

/** The client of /api/architecture. */
export const architectureApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: architectureApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ArchitectureClient({ discoveryApi, fetchApi }),
    }),
});

/** The Architecture page, `/architecture`, in the sidebar. */
export const architecturePage = PageBlueprint.make({
  params: {
    path: '/architecture',
    icon: <RiNodeTree />,
    routeRef: architectureRouteRef,
    title: architectureTranslationRef('page.title'),
    loader: () =>
      import('./components/ArchitecturePage').then(m => <m.ArchitecturePage />),
  },
});

/** The entities of the Pégase model whose relations card this plugin draws. @public */
export function hasPegaseRelations(entity: Entity): boolean {
  return (
    isPegaseInstance(entity) ||
    isPegaseSubChart(entity) ||
    (entity.kind.toLocaleLowerCase('en-US') === 'api' &&
      (entity.spec as { system?: unknown } | undefined)?.system ===
        PEGASE_SYSTEM)
  );
}

/** The relations card of the Pégase entity pages, without instance fan-out. */
export const entityRelationsCard = EntityCardBlueprint.make({
  name: 'relations',
  params: {
    filter: hasPegaseRelations,
    loader: () =>
      import('./components/EntityRelationsCard').then(m => (
        <m.EntityRelationsCard />
      )),
  },
});

/** The architecture of Pégase for architects. @public */
export const architecturePlugin = createFrontendPlugin({
  pluginId: 'architecture',
  routes: { architecture: architectureRouteRef },
  extensions: [architectureApi, architecturePage, entityRelationsCard],
});
