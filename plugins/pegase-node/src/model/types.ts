import type { ComponentType } from '@pcscol/plugin-pegase-common';
import type { GitopsReadCache } from '../util/readCache';
import type { GitopsReadLimits } from '../source/limits';
import type { GitopsFileRefusedError } from '../source/refused';
import type { HelmChartTree } from '../chart/enabledCharts';

/*
 * Types of the Pégase GitOps repository model.
 *
 * Every path named `file` in these types is a repository-relative POSIX path
 * (for example `instances/eu-sxb-1/production/univ-x/instance.json`); every
 * `location` is what {@link GitopsFileSource.describe} returns for that file
 * (an absolute path, a URL, or `archive.tgz#pegase/Chart.yaml`), suitable for
 * `backstage.io/managed-by-location` once prefixed with `url:` or `file:`.
 */

/** Severity of a {@link Problem}. An `error` means the item was ignored. @public */
export type ProblemSeverity = 'error' | 'warning';

/**
 * One problem found while reading the repository.
 *
 * An `error` means the file (or, for an array `instance.json`, the element
 * `index`) was not taken into account; everything else still counts. A
 * `warning` means the item was kept.
 * @public
 */
export interface Problem {
  severity: ProblemSeverity;
  /** Repository-relative path of the file at fault. */
  file: string;
  /** What `describe(file)` returned (absolute path, URL...). */
  location?: string;
  /** Field at fault, dotted (e.g. `cluster`, `dependencies[3].version`, `[2].name`). */
  field?: string;
  /** 1-based line in the file, when known (YAML/JSON parse errors, YAML nodes). */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** Human readable reason, which also names the file. */
  message: string;
  /** Name of the instance, cluster, sub-chart... the problem affects, when known. */
  subject?: string;
}

/**
 * Where the repository's files come from: a local folder, an in-memory tree
 * (Backstage `UrlReaderService.readTree` `files()`), or a packaged `.tgz`.
 * @public
 */
export interface GitopsFileSource {
  /**
   * All files, as repository-relative POSIX paths (no leading `./` or `/`).
   * With `options.exclude`, the files under those folders may be left out
   * (a folder source does not even walk them).
   */
  list(options?: ListFilesOptions): Promise<string[]>;
  /**
   * The content of one file listed by {@link GitopsFileSource.list}. Rejects
   * if absent, and with a {@link GitopsFileRefusedError} for a path the
   * source will not read (a symlink, a path outside the root, a file over the
   * size limit).
   */
  read(path: string): Promise<Buffer>;
  /** A description of the file for messages and locations (absolute path, URL...). */
  describe(path: string): string;
}

/** Options of {@link GitopsFileSource.list}. @public */
export interface ListFilesOptions {
  /** Repository-relative folders (`vault`, `docs/old`) whose files are not needed. */
  exclude?: readonly string[];
  /**
   * Called for every entry the source refuses (a symlink to a file or a
   * folder, a special file, an entry over a limit). A refused file is still
   * listed (so that readers know it exists); reading it rejects with the same
   * error. A refused folder is not walked.
   */
  onRefused?: (error: GitopsFileRefusedError) => void;
}

/** A file of a Backstage `readTree` response (structural: `UrlReaderServiceReadTreeResponseFile`). @public */
export interface ReadTreeFile {
  path: string;
  content(): Promise<Buffer>;
}

/** Options of {@link readGitopsRepository}. @public */
export interface ReadGitopsOptions {
  /** Folder of the umbrella chart. Default `charts/pegase`. */
  chartPath?: string;
  /** Name of the umbrella chart in `index.yaml` and of packaged `<name>-<version>.tgz`. Default `pegase`. */
  chartName?: string;
  /** Helm repository index of released umbrella versions. Default `charts/index.yaml`. */
  indexPath?: string;
  /** Default owner of instances and of sub-charts without `CHART_ANNOTATIONS.owner`. Default `ops`. */
  defaultOwner?: string;
  /** Maximum number of files read at the same time. Default 64. */
  concurrency?: number;
  /** Load the OpenAPI file of each sub-chart. Default true. */
  loadOpenApi?: boolean;
  /**
   * Parse results kept between reads of the same repository: unchanged YAML
   * files are not parsed again. The snapshot's parsed values are then frozen.
   */
  cache?: GitopsReadCache;
  /** Bounds of what is read (file size, archive entries and size). Defaults: {@link DEFAULT_READ_LIMITS}. */
  limits?: GitopsReadLimits;
  /** How the ArgoCD objects of the repository are read. */
  argocd?: GitopsArgocdOptions;
}

/** Options of the reading of the ArgoCD objects (`argocd/`). @public */
export interface GitopsArgocdOptions {
  /** Folder of the ApplicationSets and Applications. Default `argocd`. */
  path?: string;
  /**
   * ArgoCD's `applicationsetcontroller.enable.new.git.file.globbing`:
   * doublestar globbing of the Git files generator's paths (else git
   * pathspecs, where `*` also matches `/`). Default false, as ArgoCD.
   */
  newGitFileGlobbing?: boolean;
}

// ---------------------------------------------------------------------------
// Charts

/**
 * Values of the `CHART_ANNOTATIONS.componentType` annotation, from the entity
 * contract. @public
 */
export type { ComponentType } from '@pcscol/plugin-pegase-common';
export { COMPONENT_TYPES } from '@pcscol/plugin-pegase-common';

/** Database engines of `CHART_ANNOTATIONS.databases`. @public */
export type DatabaseEngine = 'postgres' | 'mongodb';

/** One database of a sub-chart (`CHART_ANNOTATIONS.databases`: `name:engine,...`). @public */
export interface SubChartDatabase {
  name: string;
  engine: DatabaseEngine;
}

/** A maintainer of a chart (Chart.yaml `maintainers`). @public */
export interface ChartMaintainer {
  name: string;
  email?: string;
  url?: string;
}

/**
 * One dependency of an umbrella version, as declared in `Chart.yaml` (current
 * version) or in `charts/index.yaml` (released versions).
 * @public
 */
export interface ChartDependency {
  /** The sub-chart's own chart name (`name`). */
  name: string;
  /** The `alias`, if any. */
  alias?: string;
  /** The entity name and values key: `alias` if set, else `name`. */
  entityName: string;
  /** The declared version or semver range (`version`). */
  versionRange: string;
  /** The exact version this umbrella version implies, when known (Chart.lock, vendored chart, exact range, index entries). */
  version?: string;
  /** `repository` (https, `@alias`, `oci://`, `file://...`). */
  repository?: string;
  /** Condition paths (comma-separated in Chart.yaml, split here). */
  conditions: string[];
  /** `tags`. */
  tags: string[];
}

/**
 * A sub-chart with its `CHART_ANNOTATIONS` parsed and defaults applied.
 * One per umbrella dependency (an aliased chart gives one SubChart per alias).
 * @public
 */
export interface SubChart {
  /** Entity name: the dependency's alias, else the chart name. */
  entityName: string;
  /** The chart's own name (`PEGASE_ANNOTATIONS.subChart`). */
  chartName: string;
  alias?: string;
  /** Chart.yaml `version`. */
  version: string;
  /** Chart.yaml `appVersion`. */
  appVersion?: string;
  description?: string;
  maintainers: ChartMaintainer[];
  /** `CHART_ANNOTATIONS.owner`; default: {@link ReadGitopsOptions.defaultOwner} (`ops`). */
  owner: string;
  /** `CHART_ANNOTATIONS.componentType`; default `service`. */
  componentType: ComponentType;
  /** `CHART_ANNOTATIONS.providesApis`; default `[<entityName>-api]` when the OpenAPI file exists, else `[]`. */
  providesApis: string[];
  /** `CHART_ANNOTATIONS.consumesApis`; default `[]`. */
  consumesApis: string[];
  /** `CHART_ANNOTATIONS.databases`; default `[]`. */
  databases: SubChartDatabase[];
  /** `CHART_ANNOTATIONS.kafkaTopics`; default `[]`. */
  kafkaTopics: string[];
  /** `CHART_ANNOTATIONS.openapi`; default `files/openapi.yaml` (relative to the chart root). */
  openapiPath: string;
  /** Content of the OpenAPI file, when present (and `loadOpenApi` is not false). */
  openapi?: string;
  /** `CHART_ANNOTATIONS.workload`; default the entity name. */
  workload: string;
  /** `CHART_ANNOTATIONS.serviceAccount`; default the entity name. */
  serviceAccount: string;
  /** All annotations of the sub-chart's Chart.yaml, as strings. */
  annotations: Record<string, string>;
  /** The sub-chart's default values (its `values.yaml`), `{}` if none. */
  values: Record<string, unknown>;
  /** Repository-relative path of the sub-chart's Chart.yaml (`a.tgz#name/Chart.yaml` inside archives). */
  file: string;
  /** Location of the sub-chart's Chart.yaml. */
  location: string;
  /** The dependency of the umbrella that brings it. */
  dependency: ChartDependency;
}

/** `Chart.lock` content. @public */
export interface ChartLock {
  dependencies: Array<{ name: string; repository?: string; version: string }>;
  digest?: string;
  generated?: string;
}

/** The current umbrella chart (`charts/pegase/`). @public */
export interface UmbrellaChart {
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  annotations: Record<string, string>;
  /** Repository-relative path of the umbrella's Chart.yaml. */
  file: string;
  location: string;
  dependencies: ChartDependency[];
  /** The umbrella's `values.yaml` (`{}` if absent). */
  values: Record<string, unknown>;
  lock?: ChartLock;
  /** Sub-charts found (vendored folder/tgz or file:// repository), in dependency order. */
  subCharts: SubChart[];
  /**
   * The chart as Helm loads it (every chart under `charts/`, at every depth,
   * with its values and dependencies), for `enabledChartPaths`.
   */
  tree?: HelmChartTree;
}

/** One released umbrella version (from `charts/index.yaml`, plus the current chart). @public */
export interface ChartRelease {
  version: string;
  appVersion?: string;
  created?: string;
  digest?: string;
  urls: string[];
  dependencies: ChartDependency[];
  /** True for the version of `charts/pegase/Chart.yaml`. */
  current: boolean;
  /** Where this release was read from (`charts/index.yaml` or the umbrella Chart.yaml). */
  file: string;
}

// ---------------------------------------------------------------------------
// Inventory

/** `instance.json` `usage`. @public */
export type InstanceUsage = 'sandbox' | 'construction' | 'production';

/** All values of {@link InstanceUsage}. @public */
export const INSTANCE_USAGES: readonly InstanceUsage[] = [
  'sandbox',
  'construction',
  'production',
];

/** One cluster: `clusters/<cluster>.yaml`. @public */
export interface ClusterDefinition {
  /** The file name without `.yaml` (the entity name). */
  name: string;
  region?: string;
  usage?: string;
  /** Config name of the ArgoCD that manages it. */
  argocd?: string;
  apiServer?: string;
  labels: Record<string, string>;
  file: string;
  location: string;
  /** The whole parsed document. */
  raw: Record<string, unknown>;
  /** `kubernetesVersion` of the file (e.g. `v1.33.5`). */
  kubernetesVersion?: string;
  /** `talosVersion` of the file, else its `talos.dev/version` label. */
  talosVersion?: string;
}

/** An instance as written in `instance.json`, validated, defaults applied. @public */
export interface InstanceDefinition {
  name: string;
  university?: string;
  /** Field, else the folder path (`instances/<region>/<usage>/...`). */
  usage?: InstanceUsage;
  /** Field, else the folder path. */
  region?: string;
  cluster: string;
  /** Default: `name`. */
  namespace: string;
  /** Default: the current umbrella version. */
  chartVersion: string;
  disabledComponents: string[];
  /** ISO-8601 date (`YYYY-MM-DD` or a full date-time). */
  ttl?: string;
  /** Default: {@link ReadGitopsOptions.defaultOwner} (`ops`). */
  owner: string;
  /** The repository-relative path of its `instance.json`. */
  file: string;
  location: string;
  /** Position in the file when `instance.json` is an array. */
  index?: number;
  /** The whole parsed object (unknown fields kept). */
  raw: Record<string, unknown>;
}

/** One component an instance runs. @public */
export interface InstanceComponent {
  /** Entity name (alias or name). */
  entityName: string;
  /** The chart's own name. */
  chartName: string;
  /** Declared range in that umbrella version. */
  versionRange: string;
  /** Exact version implied, when known (see {@link ChartDependency.version}). */
  version?: string;
}

/** An instance with everything resolved. @public */
export interface ResolvedInstance extends InstanceDefinition {
  /** Repository-relative path of its `values.yaml` (beside the json), when present. */
  valuesFile?: string;
  /** Its `values.yaml` (`{}` if none). */
  values: Record<string, unknown>;
  /** Entity names of the components it runs (dependency order). */
  components: string[];
  /** The same with versions. */
  componentVersions: InstanceComponent[];
  /** Entity name -> implied sub-chart version (or the range when not resolvable). */
  subChartVersions: Record<string, string>;
  /** `pegase/<namespace>` (the `PEGASE_ANNOTATIONS.vaultPath` annotation). */
  vaultPath: string;
  /** Repository-relative paths of `vault/<name>/**` files. */
  vaultFiles: string[];
}

/** One YAML document of a multi-document manifest file. @public */
export interface ManifestDocument {
  /** File it comes from. */
  file: string;
  location: string;
  /** 0-based position in the file. */
  index: number;
  /** 1-based line where the document starts. */
  line?: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Label `PEGASE_LABELS.requestedFor` (an entity ref with dots: `kind.namespace.name`). */
  requestedFor?: string;
  /** The whole parsed document. */
  body: Record<string, unknown>;
}

/** A manifest file with its documents. @public */
export interface ManifestFile {
  file: string;
  location: string;
  documents: ManifestDocument[];
}

/** `vault/**`. @public */
export interface VaultTree {
  /** `vault/<instance>/**` by instance folder name. */
  instances: Record<string, ManifestFile[]>;
  /** `vault/_clusters/<cluster>/**` by cluster name. */
  clusters: Record<string, ManifestFile[]>;
}

/** Everything read from a GitOps repository. @public */
export interface GitopsSnapshot {
  /** The current umbrella chart, if it could be read. */
  chart?: UmbrellaChart;
  /** Released versions (index.yaml + current), newest first. */
  releases: ChartRelease[];
  clusters: ClusterDefinition[];
  /** Valid instances, sorted by file path (then index). */
  instances: ResolvedInstance[];
  dbaas: ManifestFile[];
  kaas: ManifestFile[];
  vault: VaultTree;
  /** Everything wrong, errors and warnings. */
  problems: Problem[];
  /** Files that have at least one error (their content, or the bad element, was ignored). */
  filesWithErrors: string[];
  /** The ApplicationSets of the repository (`argocd/`), sorted by file. */
  applicationSets?: ArgoApplicationSet[];
  /** The Applications written in the repository (the app-of-apps among them). */
  applications?: ArgoApplicationFile[];
  /** The Application each instance's ApplicationSet generates, by instance order. */
  generatedApplications?: GeneratedApplication[];
  /** The cluster add-ons: one per add-on ApplicationSet. */
  addons?: ClusterAddon[];
  /** Where the instance inventory was found. */
  inventory?: InventoryDiscovery;
}

// ---------------------------------------------------------------------------
// ArgoCD objects

/** What an ApplicationSet is to the portal. @public */
export type ApplicationSetRole = 'instances' | 'addons' | 'other';

/** One generator of an ApplicationSet, as the portal understands it. @public */
export type ApplicationSetGenerator =
  | {
      type: 'git-files';
      repoURL: string;
      revision: string;
      files: Array<{ path: string; exclude?: boolean }>;
      pathParamPrefix?: string;
    }
  | {
      type: 'clusters';
      selector: {
        matchLabels?: Record<string, string>;
        matchExpressions?: Array<{
          key: string;
          operator: string;
          values?: string[];
        }>;
      };
    }
  | { type: 'unsupported'; kind: string };

/** An ApplicationSet read from the repository. @public */
export interface ArgoApplicationSet {
  name: string;
  namespace?: string;
  file: string;
  location: string;
  role: ApplicationSetRole;
  goTemplate: boolean;
  goTemplateOptions: string[];
  generators: ApplicationSetGenerator[];
  /** `spec.template` as written. */
  template: Record<string, unknown>;
  /** The files its Git files generators yield (instances ApplicationSets). */
  files?: string[];
}

/** An Application written in the repository (an app-of-apps when it points at the repository). @public */
export interface ArgoApplicationFile {
  name: string;
  namespace?: string;
  file: string;
  location: string;
  /** Repository folder its source points at, when it is this repository's objects. */
  path?: string;
  /** The ApplicationSets and Applications under `path` (an app-of-apps' children). */
  children: string[];
  spec: Record<string, unknown>;
}

/** An Application an ApplicationSet generates. @public */
export interface GeneratedApplication {
  applicationSet: string;
  name: string;
  namespace?: string;
  /** The rendered `metadata` (name, labels, annotations...). */
  metadata: Record<string, unknown>;
  /** The rendered `spec`. */
  spec: Record<string, unknown>;
  /** The instance it deploys (instances ApplicationSets). */
  instance?: string;
  /** The cluster it deploys to (cluster generators). */
  cluster?: string;
  /** The generator file it comes from (Git files generators). */
  sourceFile?: string;
}

/** A cluster add-on: a chart at a version, its ApplicationSet, the clusters it targets. @public */
export interface ClusterAddon {
  /** The ApplicationSet's name. */
  name: string;
  applicationSet: string;
  file: string;
  chart?: string;
  repoURL?: string;
  /** The version of a cluster without override (the template's default when it reads one). */
  version?: string;
  /** `pc-scol.fr/cluster-type` of its selector, when it names one. */
  clusterType?: string;
  /** The clusters its cluster generator selects, sorted. */
  clusters: string[];
  /**
   * The chart version declared for each cluster (its Application's
   * `targetRevision`): `version`, or the cluster's
   * `pc-scol.fr/addon-<add-on>-version` label when the template reads it
   * (docs/architecture.md, add-on versions per cluster).
   */
  versions?: Record<string, string>;
  /** The Applications it generates, one a cluster. */
  applications: GeneratedApplication[];
}

/** How the instance inventory was found. @public */
export interface InventoryDiscovery {
  /** `applicationsets`: from their Git files generators; `default`: `instances/<region>/<usage>/<name>/instance.json`. */
  source: 'applicationsets' | 'default';
  applicationSets: string[];
  files: string[];
}

// ---------------------------------------------------------------------------
// Editing

/** Input of {@link addInstance}. @public */
export interface NewInstanceInput {
  name: string;
  university?: string;
  usage: InstanceUsage;
  region: string;
  cluster: string;
  /** Default: name. */
  namespace?: string;
  /** Default: the current umbrella version. */
  chartVersion?: string;
  disabledComponents?: string[];
  ttl?: string;
  owner?: string;
  /** Values of the instance (written to its values.yaml). */
  values?: Record<string, unknown>;
  /** Header comment of values.yaml (without `#`). */
  valuesComment?: string;
}

/** A set of files to write: repository-relative path -> content. @public */
export type FileChanges = Record<string, string>;

/** Result of {@link addInstance}. @public */
export interface AddInstanceResult {
  /** `instances/<region>/<usage>/<name>/instance.json` and `values.yaml`. */
  files: FileChanges;
  instance: InstanceDefinition;
  /** Warnings (errors throw a GitopsValidationError). */
  problems: Problem[];
}

/** A path in a YAML/JSON document: dotted string (`a.b.0`) or segments. @public */
export type ValuePath = string | ReadonlyArray<string | number>;

/** Options of the Vault renderers. @public */
export interface VaultRenderOptions {
  /**
   * `spec.authentication` of every CR (the CRDs require `path`, `role` and `serviceAccount`).
   * Default {@link DEFAULT_VAULT_AUTHENTICATION}:
   * `{ path: 'kubernetes', role: 'vault-admin', serviceAccount: { name: 'default' } }`.
   */
  authentication?: Record<string, unknown>;
  /** Namespace of the CRs (metadata.namespace). Default: the instance namespace; `vault-config` for cluster objects. */
  namespace?: string;
  /** Password policy name. Default `pegase-pwd`. */
  passwordPolicy?: string;
  /** Static role rotation period in seconds. Default 86400. */
  rotationPeriod?: number;
}

/** Minimal instance shape needed to render its Vault CRs. @public */
export interface VaultInstanceRef {
  name: string;
  namespace?: string;
}

/** Minimal cluster shape needed to render Vault CRs. @public */
export interface VaultClusterRef {
  name: string;
  apiServer?: string;
}
