import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  isArgocdComponentEntity,
  isArgocdInstanceEntity,
} from '@pcscol/plugin-argocd-common';
import { argocdApiRef } from './api/ArgocdApi';
import { ArgocdClient } from './api/ArgocdClient';
import { FLEET_TAB_PATH, INSTANCE_TAB_PATH } from './components/common/paths';
import { isAppOfApps } from '@pcscol/plugin-pegase-common';
import { argocdTranslationRef } from './translations';

/** The client of `/api/pegase-argocd` (`api:pegase-argocd`). @public */
export const argocdApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: argocdApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ArgocdClient({ discoveryApi, fetchApi }),
    }),
});

/** Instance page: ArgoCD overview card (`entity-card:pegase-argocd/instance-overview`). @public */
export const argocdInstanceOverviewCard = EntityCardBlueprint.make({
  name: 'instance-overview',
  params: {
    type: 'info',
    filter: isArgocdInstanceEntity,
    loader: () =>
      import('./components/InstanceOverviewCard').then(m => (
        <m.InstanceOverviewCard />
      )),
  },
});

/** Instance page: the ArgoCD tab (`entity-content:pegase-argocd/instance`). @public */
export const argocdInstanceContent = EntityContentBlueprint.make({
  name: 'instance',
  params: {
    path: INSTANCE_TAB_PATH,
    title: argocdTranslationRef('overview.title'),
    filter: isArgocdInstanceEntity,
    loader: () =>
      import('./components/InstanceArgocdContent').then(m => (
        <m.InstanceArgocdContent />
      )),
  },
});

/** App-of-apps page: its children with their live states (`entity-card:pegase-argocd/app-of-apps`). @public */
export const argocdAppOfAppsCard = EntityCardBlueprint.make({
  name: 'app-of-apps',
  params: {
    type: 'content',
    filter: isAppOfApps,
    loader: () =>
      import('./components/AppOfAppsCard').then(m => <m.AppOfAppsCard />),
  },
});

/** Component page: fleet card (`entity-card:pegase-argocd/component-fleet`). @public */
export const argocdComponentFleetCard = EntityCardBlueprint.make({
  name: 'component-fleet',
  params: {
    type: 'content',
    filter: isArgocdComponentEntity,
    loader: () =>
      import('./components/ComponentFleetCard').then(m => (
        <m.ComponentFleetCard />
      )),
  },
});

/** Component page: the fleet tab (`entity-content:pegase-argocd/component-fleet`). @public */
export const argocdComponentFleetContent = EntityContentBlueprint.make({
  name: 'component-fleet',
  params: {
    path: FLEET_TAB_PATH,
    title: argocdTranslationRef('fleet.tabTitle'),
    filter: isArgocdComponentEntity,
    loader: () =>
      import('./components/ComponentFleetContent').then(m => (
        <m.ComponentFleetContent />
      )),
  },
});

/**
 * The ArgoCD frontend plugin: instance overview card and tab, app-of-apps
 * card, component fleet card and tab.
 * @public
 */
export const argocdPlugin = createFrontendPlugin({
  pluginId: 'pegase-argocd',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    argocdApi,
    argocdInstanceOverviewCard,
    argocdInstanceContent,
    argocdAppOfAppsCard,
    argocdComponentFleetCard,
    argocdComponentFleetContent,
  ],
});
