/*
 * The wire shapes of `GET /api/fleet/clusters` (the Clusters view), as
 * plugins/fleet-backend/src/services/clusterMatrix.ts answers them.
 */

/** One cluster of the Clusters view. @public */
export interface ClusterRow {
  name: string;
  entityRef: string;
  region?: string;
  usage?: string;
  clusterType?: string;
  kubernetesVersion?: string;
  talosVersion?: string;
}

/** One add-on (a chart), possibly deployed by several ApplicationSets. @public */
export interface AddonRow {
  name: string;
  repository?: string;
  entityRefs: string[];
  applicationSets: string[];
}

/** One add-on on one cluster. @public */
export interface AddonCell {
  addon: string;
  cluster: string;
  addonRef: string;
  applicationSet?: string;
  application: string;
  declaredVersion?: string;
  liveVersion?: string;
  sync?: string;
  health?: string;
  healthMessage?: string;
  uiUrl?: string;
  failedOperation?: { phase: string; finishedAt?: string };
}

/** The problems of the Clusters view. @public */
export type ClusterProblemKind =
  | 'addon-degraded'
  | 'addon-out-of-sync'
  | 'addon-operation-failed'
  | 'addon-missing'
  | 'kubernetes-skew'
  | 'talos-skew'
  | 'addon-version-skew'
  | 'untargeted-cluster';

/** One problem of the Clusters view. @public */
export interface ClusterProblem {
  kind: ClusterProblemKind;
  cluster?: string;
  addon?: string;
  clusterType?: string;
  versions?: Array<{ version: string; clusters: string[] }>;
  detail?: string;
  uiUrl?: string;
}

/** Response of `GET /clusters`. @public */
export interface ClusterMatrixResponse {
  generatedAt: string;
  clusters: ClusterRow[];
  addons: AddonRow[];
  cells: AddonCell[];
  problems: ClusterProblem[];
  argocd: { available: boolean; message?: string };
}
