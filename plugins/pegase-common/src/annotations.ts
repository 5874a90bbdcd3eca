/**
 * Annotation and label keys of the Pégase entity model (docs/entity-model.md).
 * This file is the only place that spells the `pc-scol.fr/` prefix: providers
 * write these keys, every frontend and backend reads them through here.
 */

/** Prefix of every Pégase annotation and label. @public */
export const PEGASE_ANNOTATION_PREFIX = 'pc-scol.fr/';

/**
 * Annotations the providers write on catalog entities.
 * @public
 */
export const PEGASE_ANNOTATIONS = {
  /** Repository-relative file an entity was read from. */
  sourceFile: 'pc-scol.fr/source-file',
  /** Hosting region of an instance or a cluster (chooses the Vault and Thanos cluster). */
  region: 'pc-scol.fr/region',
  /** `production`, `construction`, `sandbox`, … of an instance or a cluster. */
  usage: 'pc-scol.fr/usage',
  /** University an instance serves. */
  university: 'pc-scol.fr/university',
  /** Kubernetes namespace of an instance. */
  namespace: 'pc-scol.fr/namespace',
  /** Cluster an instance runs on (name of its `kubernetes-cluster` Resource). */
  cluster: 'pc-scol.fr/cluster',
  /** Umbrella version of an instance or of the System; sub-chart version of a component. */
  chartVersion: 'pc-scol.fr/chart-version',
  /** appVersion of a sub-chart. */
  appVersion: 'pc-scol.fr/app-version',
  /** Expiry date (ISO 8601) of a disposable instance. */
  ttl: 'pc-scol.fr/ttl',
  /** Config name of the ArgoCD managing an instance. */
  argocdInstance: 'pc-scol.fr/argocd-instance',
  /** `pegase/<namespace>`: the Vault path of an instance. */
  vaultPath: 'pc-scol.fr/vault-path',
  /** Comma-separated entity names an instance disables. */
  disabledComponents: 'pc-scol.fr/disabled-components',
  /** On an instance: JSON map entity name -\> sub-chart version its umbrella version implies. */
  subChartVersions: 'pc-scol.fr/sub-chart-versions',
  /** Repository-relative values file of an instance. */
  valuesFile: 'pc-scol.fr/values-file',
  /** The sub-chart's own chart name (shared by its aliases); on every sub-chart entity. */
  subChart: 'pc-scol.fr/sub-chart',
  /** Workload name (`app.kubernetes.io/name`) of a component; default the entity name. */
  workload: 'pc-scol.fr/workload',
  /** serviceAccount of a component's workloads; default the entity name. */
  serviceAccount: 'pc-scol.fr/service-account',
  /** Version range the umbrella chart requires of a sub-chart. */
  versionRange: 'pc-scol.fr/version-range',
  /** Helm `condition` of a sub-chart dependency. */
  condition: 'pc-scol.fr/condition',
  /** JSON list of a chart's maintainers. */
  maintainers: 'pc-scol.fr/maintainers',
  /** On the System: the version of the chart in the repository. */
  currentChartVersion: 'pc-scol.fr/current-chart-version',
  /** On the System: comma-separated released umbrella versions (`charts/index.yaml`). */
  releasedVersions: 'pc-scol.fr/released-versions',
  /** Database engine of a `database` Resource: `postgres` or `mongodb`. */
  engine: 'pc-scol.fr/engine',
  /** On a DBaaS/KaaS Resource: the entity it was requested for (`kind.namespace.name`). */
  requestedFor: 'pc-scol.fr/requested-for',
  /** Namespace of a DBaaS/KaaS manifest. */
  kubernetesNamespace: 'pc-scol.fr/kubernetes-namespace',
  /** PostgreSQL version of a DBaaS cluster. */
  postgresVersion: 'pc-scol.fr/postgres-version',
  /** Number of PostgreSQL instances of a DBaaS cluster. */
  instances: 'pc-scol.fr/instances',
  /** Zalando `teamId` of a DBaaS cluster. */
  team: 'pc-scol.fr/team',
  /** Kafka version of a KaaS cluster. */
  kafkaVersion: 'pc-scol.fr/kafka-version',
  /** On a cluster: how it matched the ArgoCD cluster Secrets. */
  argocdStatus: 'pc-scol.fr/argocd-status',
  /** On a cluster: name of its ArgoCD cluster Secret. */
  argocdSecret: 'pc-scol.fr/argocd-secret',
  /** On a cluster: a problem found while reading it. */
  warning: 'pc-scol.fr/warning',
  /** On a component or instance: the Thanos querier config name to use. */
  thanosQuerier: 'pc-scol.fr/thanos-querier',
  /** On a component: extra PromQL graphs (JSON). */
  thanosGraphs: 'pc-scol.fr/thanos-graphs',
  /** On a cluster (its label) and on an add-on (what its selector names): `apps`, `data`, … */
  clusterType: 'pc-scol.fr/cluster-type',
  /** On a cluster: its Kubernetes version (`kubernetesVersion` of the cluster file). */
  kubernetesVersion: 'pc-scol.fr/kubernetes-version',
  /** On a cluster: its Talos version (`talosVersion`, else the `talos.dev/version` label). */
  talosVersion: 'pc-scol.fr/talos-version',
  /** On an instance or an add-on: name of the ApplicationSet that generates its Applications. */
  applicationSet: 'pc-scol.fr/applicationset',
  /** On an add-on: the chart it deploys (its version is `chart-version`). */
  addonChart: 'pc-scol.fr/addon-chart',
  /** On an add-on: the Helm repository (or OCI registry) of its chart. */
  chartRepository: 'pc-scol.fr/chart-repository',
  /** On an add-on: JSON map cluster entity name -\> name of the Application generated for it. */
  addonApplications: 'pc-scol.fr/addon-applications',
  /**
   * On an add-on: JSON map cluster entity name -\> the chart version declared
   * for it, written only where a cluster's override differs from `chart-version`.
   */
  addonVersions: 'pc-scol.fr/addon-versions',
  /** On an ApplicationSet: what it generates to the portal, `instances`, `addons` or `other`. */
  applicationSetRole: 'pc-scol.fr/applicationset-role',
  /** On an ApplicationSet: its generators in one line (`git files: <paths>; clusters: <selector>`). */
  applicationSetGenerators: 'pc-scol.fr/applicationset-generators',
  /** On an app-of-apps: the repository folder its source points at. */
  appOfAppsPath: 'pc-scol.fr/app-of-apps-path',
  /** On an app-of-apps: comma-separated names of the ApplicationSets and Applications under its path. */
  appOfAppsChildren: 'pc-scol.fr/app-of-apps-children',
} as const;

/**
 * Annotations read from a sub-chart's `Chart.yaml` (its passport).
 * @public
 */
export const CHART_ANNOTATIONS = {
  owner: 'pc-scol.fr/owner',
  componentType: 'pc-scol.fr/component-type',
  providesApis: 'pc-scol.fr/provides-apis',
  consumesApis: 'pc-scol.fr/consumes-apis',
  databases: 'pc-scol.fr/databases',
  kafkaTopics: 'pc-scol.fr/kafka-topics',
  openapi: 'pc-scol.fr/openapi',
  workload: PEGASE_ANNOTATIONS.workload,
  serviceAccount: PEGASE_ANNOTATIONS.serviceAccount,
} as const;

/**
 * Kubernetes labels of the manifests the portal writes and reads in the
 * GitOps repository (DBaaS, KaaS, Vault).
 * @public
 */
export const PEGASE_LABELS = {
  /** Entity a DBaaS/KaaS cluster is for, as `kind.namespace.name`. */
  requestedFor: PEGASE_ANNOTATIONS.requestedFor,
  /** Owner group of a DBaaS/KaaS cluster. */
  owner: CHART_ANNOTATIONS.owner,
  /** Instance a Vault manifest belongs to. */
  instance: 'pc-scol.fr/instance',
  /** DBaaS cluster a Vault manifest belongs to. */
  dbaas: 'pc-scol.fr/dbaas',
  /** Type of a cluster (`apps`, `data`): add-on ApplicationSets select clusters by it. */
  clusterType: PEGASE_ANNOTATIONS.clusterType,
} as const;

/** Name of the ArgoCD Application of an instance (= instance name). @public */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';

/**
 * Namespace of that ArgoCD Application, for ArgoCD's "applications in any
 * namespace" (the key the Roadie and Community ArgoCD plugins read); absent:
 * the ArgoCD's configured default (`pegase.argocd.instances[].appNamespace`).
 * @public
 */
export const ARGOCD_APP_NAMESPACE_ANNOTATION = 'argocd/app-namespace';

/** Kubernetes namespace read by Backstage's Kubernetes plugin. @public */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/** Label selector read by Backstage's Kubernetes plugin. @public */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
