import {
  createFrontendModule,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { TranslationBlueprint } from '@backstage/plugin-app-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
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
 * The scaffolder field `PegaseInstancePicker`
 * (`scaffolder-form-field:pegase/instance-picker`): only the entities on
 * which the user holds the field's permission are offered.
 * @public
 */
export const pegaseInstancePicker = FormFieldBlueprint.make({
  name: 'instance-picker',
  params: {
    field: () =>
      import('./scaffolder/fields').then(m => m.pegaseInstancePickerField),
  },
});

/**
 * The scaffolder field `PegaseOwnerPicker`
 * (`scaffolder-form-field:pegase/owner-picker`): only the groups for which
 * the user may create an instance.
 * @public
 */
export const pegaseOwnerPicker = FormFieldBlueprint.make({
  name: 'owner-picker',
  params: {
    field: () =>
      import('./scaffolder/fields').then(m => m.pegaseOwnerPickerField),
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
 * The Pégase frontend plugin: instance and sub-chart cards, and the
 * permission-aware scaffolder pickers.
 * @public
 */
export const pegasePlugin = createFrontendPlugin({
  pluginId: 'pegase',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    pegaseInstanceCard,
    pegaseSubChartCard,
    pegaseInstancePicker,
    pegaseOwnerPicker,
  ],
});
