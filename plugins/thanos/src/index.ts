/**
 * Thanos metrics and alerts views of Pégase Portal (new frontend system).
 *
 * @packageDocumentation
 */
export {
  thanosPlugin as default,
  thanosApi,
  thanosAlertsCard,
  thanosMetricsContent,
  isThanosAvailable,
} from './plugin';
export { thanosApiRef, type ThanosApi, type EntityKey } from './api/ThanosApi';
export { ThanosClient } from './api/ThanosClient';
export { thanosTranslationRef } from './translations';
