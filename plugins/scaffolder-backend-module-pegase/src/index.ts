/**
 * Scaffolder actions of Pégase Portal: a new Pégase instance, a DBaaS
 * PostgreSQL cluster, a KaaS Kafka cluster, each as a merge/pull request on
 * the GitOps repository.
 *
 * @packageDocumentation
 */
export { scaffolderModulePegase as default } from './module';
export {
  createPegaseInstanceCreateAction,
  createPegaseDbaasCreateAction,
  createPegaseKaasCreateAction,
  createPegaseFleetUpgradeAction,
  createPegaseInstanceRemoveAction,
} from './actions';
export {
  pegaseInstanceCreateProductionPermission,
  pegaseScaffolderPermissions,
} from './permissions';
// The GitOps change publisher (GitopsChangePublisher, readGitopsSettings, the
// forge clients) lives in @pcscol/plugin-pegase-node.
export { readSelfServiceSettings, DEFAULT_LIMITS } from './config';
export type { SelfServiceSettings, UsageLimits } from './config';
export type { PegaseActionOptions } from './lib/flow';
