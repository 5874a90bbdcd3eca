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
export { GitopsChangePublisher } from './git/GitopsChangePublisher';
export type {
  GitopsCheckout,
  StagedChange,
  PublishedChange,
} from './git/GitopsChangePublisher';
export { GitlabForge, GithubForge, resolveForge } from './git/forges';
export type {
  ForgeClient,
  ChangeRequestRef,
  ChangeRequestContent,
} from './git/forges';
export {
  readGitopsSettings,
  readSelfServiceSettings,
  DEFAULT_LIMITS,
} from './config';
export type {
  GitopsSettings,
  SelfServiceSettings,
  UsageLimits,
} from './config';
export type { PegaseActionOptions } from './lib/flow';
