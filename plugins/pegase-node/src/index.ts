/**
 * The Pégase GitOps repository model: the one implementation of the GitOps
 * repository contract (read, validate, edit its files) and the publishing of
 * a change to it as a merge/pull request. Imported by the catalog providers,
 * the scaffolder actions, the fleet's rollouts, the stand-ins and the preview
 * command.
 *
 * @packageDocumentation
 */

export * from './model/types';
export { GitopsValidationError } from './model/errors';
export {
  isValidEntityName,
  isValidInstanceName,
  INSTANCE_NAME_MAX_LENGTH,
} from './model/names';

// File sources
export {
  directoryFileSource,
  memoryFileSource,
  readTreeFileSource,
  tgzFileSource,
} from './source/sources';
export { readTgz } from './source/tgz';
export {
  DEFAULT_READ_LIMITS,
  resolveReadLimits,
  type GitopsReadLimits,
} from './source/limits';
export { ReadBudget } from './source/budget';
export {
  GitopsFileRefusedError,
  isGitopsFileRefusedError,
  type GitopsRefusalReason,
} from './source/refused';

// Charts
export {
  readUmbrellaChart,
  readPackagedChart,
  type UmbrellaReadResult,
} from './chart/umbrella';
export { parseHelmIndex, type HelmIndexReadResult } from './chart/helmIndex';
export {
  parseSubChartAnnotations,
  type SubChartAnnotations,
} from './chart/annotations';
export {
  isDependencyEnabled,
  deepMergeValues,
  getValueAtPath,
  type HelmValues,
} from './chart/conditions';
export { enabledChartPaths, type HelmChartTree } from './chart/enabledCharts';

// Reading the whole repository, and the reading rule
export { readGitopsRepository } from './read';
export { GitopsReadCache } from './util/readCache';
export {
  componentsOfInstance,
  type InstanceComponentsInput,
  type InstanceComponentsResult,
  type ComponentsCache,
} from './inventory/components';

// Editing (scaffolder)
export { setYamlPath, deleteYamlPath } from './edit/yamlEdit';
export { updateJsonFile } from './edit/jsonEdit';
export { addInstance, instanceFolder } from './edit/addInstance';
export {
  newInstancePaths,
  type NewInstancePaths,
  type NewInstancePlacement,
} from './edit/instancePaths';
export {
  ADDON_LABEL,
  addonNameOf,
  addonUpgradeFileChanges,
  addonVersionLabel,
  addonVersionTemplate,
  planAddonUpgrade,
  type AddonUpgradeCluster,
  type AddonUpgradeInput,
  type AddonUpgradePlan,
  type AddonUpgradeSet,
  type AddonUpgradeWave,
} from './edit/addonUpgrade';
export {
  DEFAULT_VAULT_AUTHENTICATION,
  renderVaultInstanceManifests,
  renderVaultClusterManifests,
  renderVaultDbaasManifests,
  stringifyManifests,
  type VaultManifest,
} from './edit/vaultManifests';

// The backends' shared HTTP steps: one entity path, one authorization
export * from './http';
export { mapLimit } from './util/concurrency';
export {
  warnAboutLegacyConfigKey,
  type LegacyConfigKey,
} from './config/legacyConfigKey';
export {
  redactUrlCredentials,
  redactErrorCredentials,
  REDACTED_USERINFO,
} from './util/redact';

// Fleet: the declared fleet, release diffs, upgrade plans and their edits
export * from './fleet';
export {
  renderGoTemplate,
  renderTemplateObject,
  sanitizeName,
  TemplateRenderError,
  type GoTemplateOptions,
} from './argocd/goTemplate';
export {
  gitFileParams,
  gitPathMatcher,
  matchGitFiles,
  type GitFilesPath,
} from './argocd/gitFiles';
export {
  clusterParams,
  selectorMatches,
  type LabelSelector,
} from './argocd/clusterGenerator';
export { CLUSTER_TYPE_LABEL } from './argocd/generate';

// Opening the configured GitOps source (`catalog.providers.pegase`)
export {
  emptySource,
  openSource,
  overlaySource,
  prefixedSource,
  readPegaseGitopsSourceConfig,
  readPegaseSource,
  SourceNotModified,
  withoutVault,
  type OpenedSource,
  type OpenSourceOptions,
  type PegaseGitopsSourceConfig,
  type PegaseSource,
  type SourceState,
} from './source/openSource';

// Publishing a change: clone, edit, commit, push a branch, open or update its
// merge/pull request (`pegase.gitops`); the scaffolder actions and the fleet's
// rollouts both go through it
export {
  GitopsChangePublisher,
  type GitopsCheckout,
  type PublishedChange,
  type StagedChange,
} from './changes/GitopsChangePublisher';
export {
  readGitopsSettings,
  type GitopsSettings,
} from './changes/gitopsSettings';
export {
  GitlabForge,
  GithubForge,
  resolveForge,
  type ChangeRequestContent,
  type ChangeRequestRef,
  type ForgeClient,
  type ForgeRetryOptions,
} from './changes/forges';
export type { GitAuth } from './changes/gitCli';
