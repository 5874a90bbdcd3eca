/** Health of an Application or resource, as ArgoCD names it. @public */
export type HealthStatusCode =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';

/** Sync status of an Application. @public */
export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';

/** Health codes, worst first (the order of "problems first"). @public */
export const HEALTH_SEVERITY: readonly HealthStatusCode[] = [
  'Degraded',
  'Missing',
  'Unknown',
  'Progressing',
  'Suspended',
  'Healthy',
];

/** Rank of a health code: 0 is the worst. @public */
export function healthRank(status: string | undefined): number {
  const i = HEALTH_SEVERITY.indexOf((status ?? 'Unknown') as HealthStatusCode);
  return i < 0 ? HEALTH_SEVERITY.indexOf('Unknown') : i;
}

/** The worst of several health codes (`Healthy` for none). @public */
export function worstHealth(
  statuses: Array<string | undefined>,
): HealthStatusCode {
  let worst: HealthStatusCode = 'Healthy';
  for (const s of statuses) {
    if (healthRank(s) < healthRank(worst))
      worst = (
        HEALTH_SEVERITY.includes(s as HealthStatusCode) ? s : 'Unknown'
      ) as HealthStatusCode;
  }
  return worst;
}

/** Why an upstream call failed. @public */
export type UpstreamErrorKind =
  | 'timeout'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'server-error'
  | 'malformed'
  | 'bad-request'
  | 'config';

/** An upstream failure reported for one part of an answer. @public */
export interface ArgocdErrorInfo {
  argocdInstance: string;
  kind: UpstreamErrorKind;
  /** HTTP status the upstream answered, if any. */
  status?: number;
  message: string;
}

/** One source of a (multi-source) Application. @public */
export interface ApplicationSourceView {
  repoURL: string;
  chart?: string;
  path?: string;
  ref?: string;
  targetRevision?: string;
}

/** Phases of an ArgoCD operation that are not over. @public */
export const RUNNING_OPERATION_PHASES: readonly string[] = [
  'Running',
  'Terminating',
];

/** Phases of a finished ArgoCD operation that are a problem. @public */
export const FAILED_OPERATION_PHASES: readonly string[] = ['Failed', 'Error'];

/** The last (or current) sync or rollback of an Application. @public */
export interface OperationView {
  /**
   * ArgoCD's phase (`Running`, `Terminating`, `Succeeded`, `Failed`,
   * `Error`); `Running` too while the operation is requested (`.operation`
   * set) and the controller has not started it yet.
   */
  phase: string;
  /** True until ArgoCD says the operation is over. */
  running: boolean;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  initiatedBy?: string;
}

/** `GET /applications/:app`: the instance overview card. @public */
export interface ApplicationOverview {
  argocdInstance: string;
  appName: string;
  /** Namespace of the Application (ArgoCD's applications in any namespace). */
  appNamespace?: string;
  project?: string;
  /** Link to the Application in the ArgoCD UI. */
  uiUrl?: string;
  sync: { status: SyncStatusCode; revisions: string[] };
  health: { status: HealthStatusCode; message?: string };
  operation?: OperationView;
  /**
   * Umbrella chart version that runs: the chart source's revision of the
   * last deployment (history), else of the compared revisions when Synced.
   */
  chartVersion?: string;
  /** What the chart source asks (`targetRevision`: a version, a range such as `4.*`). */
  targetRevision?: string;
  sources: ApplicationSourceView[];
  destination: { server?: string; name?: string; namespace?: string };
  /** End of the last sync (operation) or the last history entry. */
  lastSyncedAt?: string;
  reconciledAt?: string;
  autoSync: boolean;
  /**
   * Set when an ApplicationSet's progressive sync (RollingSync) drives the
   * Application: ArgoCD turned its auto-sync off, but it is not manual.
   */
  managedBy?: 'RollingSync';
  conditions: Array<{ type: string; message: string }>;
}

/** One history entry. @public */
export interface HistoryEntryView {
  id: number;
  revisions: string[];
  /** Umbrella chart version deployed by this entry (its chart source's revision). */
  chartVersion?: string;
  deployedAt?: string;
  deployStartedAt?: string;
  /** User name, or `automated`. */
  initiatedBy: string;
  automated: boolean;
  /** The entry now deployed. */
  current: boolean;
}

/** `GET /applications/:app/history`. @public */
export interface ApplicationHistory {
  argocdInstance: string;
  appName: string;
  /** Newest first. */
  entries: HistoryEntryView[];
  /** Whether rollback is possible (ArgoCD refuses it while auto-sync is on). */
  autoSync: boolean;
  /** Driven by an ApplicationSet's RollingSync: no manual rollback. */
  managedBy?: 'RollingSync';
}

/** One resource of the tree, with what hangs under it. @public */
export interface ResourceNodeView {
  kind: string;
  name: string;
  namespace?: string;
  group?: string;
  health?: HealthStatusCode;
  healthMessage?: string;
  images: string[];
  createdAt?: string;
  children: ResourceNodeView[];
}

/** The resources of one component (sub-chart) in an Application. @public */
export interface ResourceGroupView {
  /** Component entity name, or `null` for resources matched to none. */
  component: string | null;
  subChart?: string;
  workload?: string;
  health: HealthStatusCode;
  /** Image tags of its workloads (its version in this instance). */
  versions: string[];
  /** Sub-chart version implied by the umbrella version, when known. */
  expectedVersion?: string;
  resources: ResourceNodeView[];
}

/** `GET /applications/:app/resources`. @public */
export interface ApplicationResources {
  argocdInstance: string;
  appName: string;
  release: string;
  groups: ResourceGroupView[];
  /** Number of groups per health code. */
  counts: Partial<Record<HealthStatusCode, number>>;
}

/** One instance of a component's fleet. @public */
export interface FleetRow {
  /** Instance entity name. */
  instance: string;
  entityRef: string;
  argocdInstance: string;
  appName: string;
  namespace?: string;
  cluster?: string;
  region?: string;
  usage?: string;
  university?: string;
  /** Umbrella chart version the Application deploys (else the annotation). */
  chartVersion?: string;
  /** Sub-chart version implied by the umbrella version, when known. */
  subChartVersion?: string;
  /** Image tag of the component's workloads in this instance. */
  appVersion?: string;
  sync: SyncStatusCode;
  /** Health of the whole Application. */
  appHealth: HealthStatusCode;
  /** Health of the component's resources, when known. */
  componentHealth?: HealthStatusCode;
  /** Where `componentHealth` comes from. */
  componentHealthSource: 'tree' | 'list' | 'none';
  /** What the row counts as: component health if known, else app health. */
  health: HealthStatusCode;
  operationPhase?: string;
  lastSyncedAt?: string;
  uiUrl?: string;
  /** Set when this row's upstream could not be read. */
  error?: string;
  /** Degraded, Missing, Unknown, Progressing, OutOfSync, last operation failed, or in error. */
  problem: boolean;
}

/** `GET /components/:namespace/:kind/:name/fleet`. @public */
export interface FleetResponse {
  component: {
    entityRef: string;
    workload: string;
    subChart?: string;
    chartVersion?: string;
  };
  /** Problems first, then by instance name. */
  rows: FleetRow[];
  /** Instances running the component, before filters. */
  total: number;
  /** Counts over the filtered rows. */
  counts: {
    total: number;
    problems: number;
    health: Partial<Record<HealthStatusCode, number>>;
    sync: Partial<Record<SyncStatusCode, number>>;
  };
  /** Values available for each filter (before filters). */
  filters: { regions: string[]; usages: string[]; clusters: string[] };
  errors: ArgocdErrorInfo[];
  /** Rows whose component health is not yet in the shared cache. */
  pendingComponentHealth: number;
}

/** Answer of the action routes. @public */
export interface ActionResult {
  ok: true;
  action: 'sync' | 'refresh' | 'rollback';
  overview: ApplicationOverview;
}
