/**
 * Pégase instance and sub-chart cards for the catalog entity pages.
 *
 * @packageDocumentation
 */
export {
  pegasePlugin as default,
  pegaseInstanceCard,
  pegaseSubChartCard,
  pegaseTranslationsModule,
} from './plugin';
export { pegaseTranslationRef, pegaseTranslations } from './translations';
export { InstanceCard } from './components/InstanceCard';
export { SubChartCard } from './components/SubChartCard';
