import {
  createFrontendModule,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { TranslationBlueprint } from '@backstage/plugin-app-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  isPegaseInstance,
  isPegaseSubChart,
} from '@pcscol/plugin-pegase-common';
import { pegaseTranslations } from './translations';

/**
 * The instance card (`entity-card:pegase/instance`), on the pages of
 * instance Resources (`PEGASE_ENTITY_TYPES.instance`).
 * @public
 */
export const pegaseInstanceCard = EntityCardBlueprint.make({
  name: 'instance',
  params: {
    type: 'info',
    filter: isPegaseInstance,
    loader: () =>
      import('./components/InstanceCard').then(m => <m.InstanceCard />),
  },
});

/**
 * The sub-chart card (`entity-card:pegase/sub-chart`), on the pages of the
 * entities of the umbrella chart's sub-charts.
 * @public
 */
export const pegaseSubChartCard = EntityCardBlueprint.make({
  name: 'sub-chart',
  params: {
    type: 'info',
    filter: isPegaseSubChart,
    loader: () =>
      import('./components/SubChartCard').then(m => <m.SubChartCard />),
  },
});

/**
 * An `app` module installing {@link pegaseTranslations} through the app's
 * translation API (translation extensions must belong to the `app` plugin).
 * Optional: the translation ref already carries the French messages.
 * @public
 */
export const pegaseTranslationsModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    TranslationBlueprint.make({
      name: 'pegase',
      params: { resource: pegaseTranslations },
    }),
  ],
});

/**
 * The Pégase frontend plugin: instance and sub-chart cards.
 * @public
 */
export const pegasePlugin = createFrontendPlugin({
  pluginId: 'pegase',
  info: { packageJson: () => import('../package.json') },
  extensions: [pegaseInstanceCard, pegaseSubChartCard],
});
