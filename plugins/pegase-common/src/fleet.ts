/*
 * Shapes of the fleet route (`GET /api/fleet/instances`, plugins/fleet-backend),
 * shared by the backend, the fleet page and the home page.
 */

/** Sync status of an ArgoCD Application, as ArgoCD spells it. @public */
export type FleetSyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

/** Health of an ArgoCD Application, as ArgoCD spells it. @public */
export type FleetHealthStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';

/** What ArgoCD says of one instance's Application. @public */
export interface FleetArgocdStatus {
  /** The instance entity (`resource:default/<name>`). */
  entityRef: string;
  sync: FleetSyncStatus;
  health: FleetHealthStatus;
  /** Umbrella version the Application deploys (its chart source's targetRevision). */
  liveVersion?: string;
  /** Link to the Application in the ArgoCD UI. */
  uiUrl?: string;
  /** The last sync or rollback, when it failed or errored (ArgoCD's `operationState`). */
  failedOperation?: {
    phase: 'Failed' | 'Error';
    message?: string;
    finishedAt?: string;
  };
}

/** Where the instance's TTL stands. @public */
export type FleetTtlState = 'none' | 'ok' | 'expiring' | 'expired' | 'invalid';

/** One instance of the fleet. @public */
export interface FleetInstance {
  entityRef: string;
  name: string;
  region?: string;
  usage?: string;
  cluster?: string;
  university?: string;
  owner?: string;
  /** Declared umbrella version (`instance.json` `chartVersion`). */
  chartVersion?: string;
  ttl?: string;
  ttlState: FleetTtlState;
  /** How far the declared version is behind the newest release. */
  behind?: { majors: number; minors: number; patches: number };
  disabledComponents: string[];
  /** Absent when ArgoCD could not be read or has no Application for it. */
  argocd?: Omit<FleetArgocdStatus, 'entityRef'>;
  /** Problems of this instance, for the home page (codes, see {@link FleetProblemKind}). */
  problems: FleetProblemKind[];
}

/** The problems the home page lists first. @public */
export type FleetProblemKind =
  | 'degraded'
  | 'out-of-sync'
  | 'operation-failed'
  | 'version-drift'
  | 'ttl-expired'
  | 'ttl-expiring';

/** Response of `GET /instances`. @public */
export interface FleetResponse {
  generatedAt: string;
  /** Newest umbrella version the catalog knows. */
  latest?: string;
  /** Released umbrella versions, newest first. */
  releases: string[];
  instances: FleetInstance[];
  /** Instances per declared umbrella version, newest first. */
  versions: Array<{ version: string; count: number }>;
  /** Whether the ArgoCD statuses could be read; the message says why not. */
  argocd: { available: boolean; message?: string };
}

/** Response of `GET /sub-charts/{name}`: one component across the fleet. @public */
export interface FleetSubChartResponse {
  entityName: string;
  /** Sub-chart version -\> instances running it. */
  versions: Array<{ version: string; instances: string[] }>;
  /** Instances whose umbrella version has it but that disable it. */
  disabledIn: string[];
}

/** Response of `GET /releases/diff?from=&to=`. @public */
export interface FleetReleaseDiffResponse {
  from: string;
  to: string;
  added: Array<{ entityName: string; version: string }>;
  removed: Array<{ entityName: string; version: string }>;
  changed: Array<{ entityName: string; from: string; to: string }>;
  unchanged: number;
}
