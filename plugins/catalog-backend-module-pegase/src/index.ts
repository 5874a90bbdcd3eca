/**
 * Catalog entity providers for the PC-Scol platform (Pégase).
 *
 * @packageDocumentation
 */

export { catalogModulePegase as default } from './module';
export { catalogModulePegase } from './module';
export * from './config';
export * from './events';
export * from './transform';
export {
  PegaseEntityProvider,
  toEmittable,
  type ApplyResult,
  type CatalogStateLookup,
} from './providers/PegaseEntityProvider';
export {
  PegaseIngestion,
  PROVIDER_NAMES,
  type IngestionRunResult,
  type PegaseIngestionOptions,
} from './providers/PegaseIngestion';
export {
  listArgocdClusters,
  secretToCluster,
  ArgocdClustersError,
  ARGOCD_CLUSTER_SELECTOR,
} from './kubernetes/argocdClusters';
export {
  openSource,
  overlaySource,
  SourceNotModified,
  withoutVault,
  prefixedSource,
  type OpenedSource,
  type SourceState,
  type OpenSourceOptions,
} from './source/openSource';
