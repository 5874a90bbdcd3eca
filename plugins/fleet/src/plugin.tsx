import { RiStackLine } from '@remixicon/react';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { fleetApiRef } from './api/FleetApi';
import { FleetClient } from './api/FleetClient';
import { fleetRouteRef, selectedTemplateRouteRef } from './routes';
import { fleetTranslationRef } from './translations';

/**
 * Renders a widget's content without the home plugin's InfoCard: each fleet
 * card is a PegaseCard with a translated title of its own.
 */
const bare = {
  Renderer: ({ Content }: { Content: () => JSX.Element }) => <Content />,
};

/** The client of /api/fleet. */
export const fleetApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: fleetApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FleetClient({ discoveryApi, fetchApi }),
    }),
});

/** The Fleet page, `/fleet`, in the sidebar. */
export const fleetPage = PageBlueprint.make({
  params: {
    path: '/fleet',
    icon: <RiStackLine />,
    routeRef: fleetRouteRef,
    title: fleetTranslationRef('page.title'),
    loader: () => import('./components/FleetPage').then(m => <m.FleetPage />),
  },
});

/** Home: the problems of the fleet, first. */
export const fleetProblemsWidget = HomePageWidgetBlueprint.make({
  name: 'problems',
  params: {
    name: 'FleetProblems',
    title: 'Problems',
    description: 'Instances degraded, out of sync, drifting or expiring',
    layout: { height: { defaultRows: 4 }, width: { defaultColumns: 12 } },
    componentProps: bare,
    components: () =>
      import('./components/FleetHomeCards').then(m => ({
        Content: m.FleetProblemsCard,
      })),
  },
});

/** Home: the version distribution of the fleet. */
export const fleetVersionsWidget = HomePageWidgetBlueprint.make({
  name: 'versions',
  params: {
    name: 'FleetVersions',
    title: 'Fleet versions',
    description: 'How many instances run each umbrella version',
    layout: { height: { defaultRows: 4 }, width: { defaultColumns: 6 } },
    componentProps: bare,
    components: () =>
      import('./components/FleetHomeCards').then(m => ({
        Content: m.VersionDistributionCard,
      })),
  },
});

/** Home: the components of the signed-in user's teams. */
export const teamComponentsWidget = HomePageWidgetBlueprint.make({
  name: 'team-components',
  params: {
    name: 'TeamComponents',
    title: "Your teams' components",
    description: 'The components your groups own',
    layout: { height: { defaultRows: 4 }, width: { defaultColumns: 6 } },
    componentProps: bare,
    components: () =>
      import('./components/FleetHomeCards').then(m => ({
        Content: m.TeamComponentsCard,
      })),
  },
});

/** Home: running rollouts and the waves awaiting an approval. */
export const fleetRolloutsWidget = HomePageWidgetBlueprint.make({
  name: 'rollouts',
  params: {
    name: 'FleetRollouts',
    title: 'Rollouts',
    description: 'Running rollouts and waves awaiting an approval',
    layout: { height: { defaultRows: 4 }, width: { defaultColumns: 6 } },
    componentProps: bare,
    components: () =>
      import('./components/FleetHomeCards').then(m => ({
        Content: m.RolloutsCard,
      })),
  },
});

/** The Pégase fleet: the Fleet page and the home page's fleet cards. @public */
export const fleetPlugin = createFrontendPlugin({
  pluginId: 'fleet',
  routes: { fleet: fleetRouteRef },
  externalRoutes: { selectedTemplate: selectedTemplateRouteRef },
  extensions: [
    fleetApi,
    fleetPage,
    fleetProblemsWidget,
    fleetVersionsWidget,
    teamComponentsWidget,
    fleetRolloutsWidget,
  ],
});
