/**
 * Backend of the Thanos views of Pégase Portal (`/api/pegase-thanos`).
 *
 * @packageDocumentation
 */
export { thanosPlugin as default } from './plugin';
export { createRouter, type RouterOptions } from './router';
export {
  readThanosConfig,
  type ThanosConfig,
  type QuerierConfig,
} from './config';
export {
  ThanosService,
  type ThanosServiceOptions,
} from './services/ThanosService';
export {
  type CatalogReader,
  type InstanceFilter,
  type ResolvedEntity,
} from './services/EntityResolver';
export { EntityAccess } from './services/EntityAccess';
export {
  QuerierClient,
  QuerierError,
  type QuerierAnswer,
  type Matrix,
  type AlertsData,
} from './services/QuerierClient';
export { type GraphRequest } from './services/graphs';
export {
  DEFAULT_TEMPLATES,
  renderTemplate,
  rankQuery,
  type QueryTemplate,
  type TemplateValues,
} from './services/templates';
export {
  promString,
  promRegexOf,
  queryWindow,
  type QueryWindow,
} from './services/promql';
