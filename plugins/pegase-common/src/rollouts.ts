/*
 * Shapes of the rollout routes (`/api/fleet/rollouts…`, plugins/fleet-backend,
 * issue 25), as the Fleet page's Rollouts tab and the home page read them. They
 * mirror the backend's model (plugins/fleet-backend/src/rollouts/types.ts) and
 * its OpenAPI description (src/schema/openapi.yaml).
 */

/** Where a rollout stands. @public */
export type RolloutState = 'running' | 'paused' | 'completed' | 'aborted';

/** Where a wave stands (see the backend's `WaveState`). @public */
export type RolloutWaveState =
  | 'pending'
  | 'awaiting-approval'
  | 'opening'
  | 'open'
  | 'merged'
  | 'passed'
  | 'failed'
  | 'aborted'
  | 'rolling-back'
  | 'rolled-back';

/** How the waves are cut. @public */
export interface RolloutWaveStrategy {
  by: 'usage' | 'region' | 'none';
  usages?: string[];
  regions?: string[];
  /** A first wave of this many instances. */
  canary?: number;
}

/** Which instances a rollout is planned from. @public */
export interface RolloutSelection {
  region?: string[];
  usage?: string[];
  cluster?: string[];
  /** Current version or semver range. */
  from?: string;
  names?: string[];
  max?: number;
}

/** The body of `POST /rollouts/plan` and `POST /rollouts`. @public */
export interface RolloutRequest {
  to: string;
  selection?: RolloutSelection;
  strategy?: Partial<RolloutWaveStrategy>;
  allowDowngrade?: boolean;
}

/** One instance of a wave. @public */
export interface RolloutInstance {
  name: string;
  entityRef: string;
  file: string;
  index?: number;
  region?: string;
  usage?: string;
  cluster: string;
  namespace: string;
  /** The declared version before the rollout. */
  from: string;
}

/** The waves a request would make (`POST /rollouts/plan`). @public */
export interface RolloutPlan {
  to: string;
  waves: Array<{ name: string; instances: RolloutInstance[] }>;
  skipped: Array<{ name?: string; reason?: string }>;
  warnings: string[];
}

/** A change request of a wave (forward or roll back). @public */
export interface RolloutChangeRequest {
  forge: 'gitlab' | 'github';
  branch: string;
  number?: number;
  url?: string;
  state: 'opening' | 'open' | 'merged' | 'closed';
}

/** Per-state counts of a wave's instances. @public */
export interface RolloutGateCounts {
  total: number;
  ready: number;
  syncing: number;
  degraded: number;
  alerting: number;
  unknown: number;
}

/** The gate's last verdict on a wave. @public */
export interface RolloutGateVerdict {
  result: 'waiting' | 'soaking' | 'passed' | 'failed';
  reason: string;
  at: string;
  counts?: RolloutGateCounts;
  soakSecondsLeft?: number;
  timeoutSecondsLeft?: number;
  /** Instances holding the gate, first few (`name: why`). */
  holding?: string[];
}

/** One wave of a rollout. @public */
export interface RolloutWave {
  index: number;
  name: string;
  state: RolloutWaveState;
  instances: RolloutInstance[];
  changeRequest?: RolloutChangeRequest;
  rollbackChangeRequest?: RolloutChangeRequest;
  gate?: RolloutGateVerdict;
  requiresApproval: boolean;
  approvedBy?: string;
  approvedAt?: string;
  openedAt?: string;
  mergedAt?: string;
  healthySince?: string;
}

/** A rollout (`GET /rollouts/:id`'s `rollout`, and every action's answer). @public */
export interface Rollout {
  id: string;
  targetVersion: string;
  selection: RolloutSelection;
  strategy: RolloutWaveStrategy;
  state: RolloutState;
  stateReason?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  waves: RolloutWave[];
}

/** One line of a rollout's event log. @public */
export interface RolloutEvent {
  id: number;
  rolloutId: string;
  waveIndex?: number;
  at: string;
  /** A user or service ref, or `system` for the advancer. */
  actor: string;
  kind: string;
  message: string;
}

/** A rollout as the list shows it (`GET /rollouts`'s items). @public */
export interface RolloutSummary {
  id: string;
  targetVersion: string;
  state: RolloutState;
  stateReason?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  instances: number;
  waves: Array<{ name: string; state: RolloutWaveState; instances: number }>;
}

/** `GET /rollouts/:id`. @public */
export interface RolloutDetailResponse {
  rollout: Rollout;
  events: RolloutEvent[];
}
