/**
 * Catalog entity providers for the PC-Scol platform (Pégase).
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { catalogModulePegase } from './module';
import { eventsModulePegaseGitopsWebhook } from './webhook/module';

/**
 * What `backend.add(import('@pcscol/plugin-catalog-backend-module-pegase'))`
 * installs: the catalog module with the Pégase providers, and the events
 * module of the signed GitOps push webhook (`POST /api/events/http/gitops`).
 * @public
 */
const features = createBackendFeatureLoader({
  *loader() {
    yield catalogModulePegase;
    yield eventsModulePegaseGitopsWebhook;
  },
});
export default features;
export { catalogModulePegase } from './module';
export { eventsModulePegaseGitopsWebhook } from './webhook/module';
export {
  createGitopsWebhookValidator,
  validGithubSignature,
  GITOPS_WEBHOOK_TOPIC,
  GITOPS_WEBHOOK_SECRET_KEY,
} from './webhook/validator';
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
  type PegaseProviderKey,
  type IngestionRunResult,
  type EventAck,
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
