/**
 * `spec.type` values of the entities the Pégase providers emit.
 * @public
 */
export const PEGASE_ENTITY_TYPES = {
  /** Resource: one Pégase instance (`instance.json`). */
  instance: 'pegase-instance',
  /** Resource: a Kubernetes cluster (`clusters/`). */
  cluster: 'kubernetes-cluster',
  /** Resource: a database a sub-chart names. */
  database: 'database',
  /** Resource: a Kafka topic a sub-chart names. */
  kafkaTopic: 'kafka-topic',
  /** Resource: a DBaaS PostgreSQL cluster (`dbaas/`). */
  postgresCluster: 'postgres-cluster',
  /** Resource: a KaaS Kafka cluster (`kaas/`). */
  kafkaCluster: 'kafka-cluster',
  /** API: the OpenAPI definition of a backend. */
  openapi: 'openapi',
  /** Resource: a cluster add-on (a chart at a version, deployed by an ApplicationSet to the clusters it selects). */
  clusterAddon: 'cluster-addon',
  /** Resource: an ArgoCD ApplicationSet kept in the GitOps repository (`argocd/`). */
  applicationSet: 'argocd-applicationset',
  /** Resource: an ArgoCD app-of-apps (an Application whose source is the repository's own ArgoCD objects). */
  appOfApps: 'argocd-app-of-apps',
} as const;

/**
 * Catalog namespace of the entities of ArgoCD objects (ApplicationSets and
 * app-of-apps): they keep ArgoCD's names, which an add-on (named after its
 * ApplicationSet) or an instance may share in the `default` namespace.
 * @public
 */
export const ARGOCD_OBJECTS_NAMESPACE = 'argocd';

/** `spec.type` of instance Resources. @public */
export const PEGASE_INSTANCE_TYPE = PEGASE_ENTITY_TYPES.instance;

/** `spec.type` of cluster Resources. @public */
export const KUBERNETES_CLUSTER_TYPE = PEGASE_ENTITY_TYPES.cluster;

/** Values of `pc-scol.fr/component-type` on a sub-chart. @public */
export type ComponentType =
  | 'website'
  | 'service'
  | 'connector'
  | 'tool'
  | 'library'
  | 'database'
  | 'message-broker';

/** All values of {@link ComponentType}. @public */
export const COMPONENT_TYPES: readonly ComponentType[] = [
  'website',
  'service',
  'connector',
  'tool',
  'library',
  'database',
  'message-broker',
];

/** Name of the System every sub-chart is part of. @public */
export const PEGASE_SYSTEM = 'pegase';
