/**
 * Backend of the Thanos views of Pégase Portal (`/api/thanos`).
 *
 * @packageDocumentation
 */
export { thanosPlugin as default } from './plugin';
export { createRouter, type RouterOptions } from './router';
export {
  readThanosConfig,
  type ThanosConfig,
  type QuerierConfig,
} from './service/config';
export {
  ThanosService,
  type ThanosServiceOptions,
  type CatalogReader,
} from './service/ThanosService';
export { QuerierClient, QuerierError } from './service/QuerierClient';
export {
  DEFAULT_TEMPLATES,
  renderTemplate,
  rankQuery,
  type QueryTemplate,
  type TemplateValues,
} from './service/templates';
export { promString, promRegexOf, queryWindow } from './service/promql';
