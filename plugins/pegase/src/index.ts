/**
 * Pégase instance and sub-chart cards for the catalog entity pages, and the
 * scaffolder pickers that offer only what the user may do.
 *
 * @packageDocumentation
 */
export {
  pegasePlugin as default,
  pegaseInstanceCard,
  pegaseSubChartCard,
  pegaseInstancePicker,
  pegaseOwnerPicker,
  pegaseTranslationsModule,
} from './plugin';
export { pegaseTranslationRef, pegaseTranslations } from './translations';
export { InstanceCard } from './components/InstanceCard';
export { SubChartCard } from './components/SubChartCard';
