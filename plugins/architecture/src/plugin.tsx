import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
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
    routeRef: architectureRouteRef,
    title: architectureTranslationRef('page.title'),
    loader: () =>
      import('./components/ArchitecturePage').then(m => <m.ArchitecturePage />),
  },
});

/** The architecture of Pégase for architects. @public */
export const architecturePlugin = createFrontendPlugin({
  pluginId: 'architecture',
  routes: { architecture: architectureRouteRef },
  extensions: [architectureApi, architecturePage],
});
