/*
 * The wire shapes of the Fleet page's Clusters view (`GET /api/fleet/clusters`,
 * the `fleet:clusters` action): fleet-backend assembles them, the fleet plugin
 * shows them.
 */
import type { FleetArgocdStatus } from './fleet';

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

/** One add-on (a chart), possibly deployed by several ApplicationSets (one per cluster type). @public */
export interface AddonRow {
  /** The chart's name (the add-on entity's `addon-chart`, else its name). */
  name: string;
  repository?: string;
  /** The add-on entities (one per ApplicationSet). */
  entityRefs: string[];
  applicationSets: string[];
}

/** One add-on on one cluster. @public */
export interface AddonCell {
  addon: string;
  cluster: string;
  addonRef: string;
  applicationSet?: string;
  /** The Application generated for this cluster. */
  application: string;
  /** The version the add-on's ApplicationSet declares. */
  declaredVersion?: string;
  /** What ArgoCD says runs. */
  liveVersion?: string;
  sync?: FleetArgocdStatus['sync'];
  health?: FleetArgocdStatus['health'];
  healthMessage?: string;
  uiUrl?: string;
  failedOperation?: FleetArgocdStatus['failedOperation'];
}

/** What the Clusters view lists as problems. @public */
export type ClusterProblemKind =
  | 'addon-degraded'
  | 'addon-out-of-sync'
  | 'addon-operation-failed'
  | 'addon-missing'
  | 'kubernetes-skew'
  | 'talos-skew'
  | 'addon-version-skew'
  | 'untargeted-cluster';

/** One problem; which fields are set depends on the kind. @public */
export interface ClusterProblem {
  kind: ClusterProblemKind;
  /** The cluster concerned (add-on problems, untargeted cluster). */
  cluster?: string;
  /** The add-on concerned. */
  addon?: string;
  /** The cluster type whose clusters disagree (skews). */
  clusterType?: string;
  /** Version -\> clusters running it (skews), versions sorted. */
  versions?: Array<{ version: string; clusters: string[] }>;
  /** ArgoCD's words (its health message, the failed operation's phase), when it has some. */
  detail?: string;
  uiUrl?: string;
}

/** Response of the fleet plugin's `GET /clusters`. @public */
export interface ClusterMatrixResponse {
  generatedAt: string;
  clusters: ClusterRow[];
  addons: AddonRow[];
  cells: AddonCell[];
  problems: ClusterProblem[];
  /** Whether ArgoCD's add-on statuses could be read; the message says why not. */
  argocd: { available: boolean; message?: string };
}
