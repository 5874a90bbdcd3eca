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
export {
  isPegaseInstance,
  isPegaseSubChart,
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
} from './lib/annotations';
export { pegaseTranslationRef } from './translation';
export { pegaseTranslations } from './translations';
export { InstanceCard } from './components/InstanceCard';
export { SubChartCard } from './components/SubChartCard';
