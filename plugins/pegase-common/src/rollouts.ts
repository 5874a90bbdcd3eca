/*
 * The rollout contract (issue 25): the one definition of what crosses the wire
 * of `/api/fleet/rollouts…` (plugins/fleet-backend, described by its
 * src/schema/openapi.yaml). The backend builds these shapes, the Fleet page's
 * Rollouts tab and the home page read them. Backend-only types (its config,
 * store rows) stay in plugins/fleet-backend/src/rollouts/types.ts.
 */

/** Where a rollout stands. @public */
export type RolloutState = 'running' | 'paused' | 'completed' | 'aborted';

/**
 * Where a wave stands, in order: `pending` → (`awaiting-approval`) →
 * `opening` (intent recorded, change request being opened) → `open` →
 * `merged` (syncing and soaking, judged by the gate) → `passed`; or `failed`
 * (gate failure, the rollout is paused), `aborted`, and for a roll back
 * `rolling-back` → `rolled-back` (its revert change request is recorded).
 * @public
 */
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

/**
 * How the waves are cut: by usage (sandbox → construction → production, the
 * order of `usages`), by region (alphabetical, or the order of `regions`),
 * or one wave; with `canary`, the first k instances of that order form a
 * wave of their own before the rest.
 * @public
 */
export interface RolloutWaveStrategy {
  by: 'usage' | 'region' | 'none';
  usages?: string[];
  regions?: string[];
  /** A first wave of this many instances. */
  canary?: number;
}

/**
 * Which instances a rollout is planned from (the shape of pegase-node's
 * `InstanceSelection`). @public
 */
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

/** One instance of a wave, with what is needed to move it and to move it back. @public */
export interface RolloutInstance {
  name: string;
  /** `resource:default/<name>`. */
  entityRef: string;
  /** Repository-relative `instance.json`. */
  file: string;
  index?: number;
  region?: string;
  usage?: string;
  cluster: string;
  /** Kubernetes namespace (alerts are matched on it). */
  namespace: string;
  /** The declared version before the rollout (roll back moves it back here). */
  from: string;
}

/** The waves a request would make (`POST /rollouts/plan`). @public */
export interface RolloutPlan {
  to: string;
  waves: Array<{ name: string; instances: RolloutInstance[] }>;
  skipped: Array<{ name?: string; reason?: string }>;
  warnings: string[];
  /**
   * For the user who asked for the plan: whether starting it would be allowed
   * (`pegase.rollout.start` on every instance of the plan, and
   * `pegase.instance.upgrade.production` when it holds production), and why
   * not. The start checks again.
   */
  start?: { allowed: boolean; reason?: string };
}

/** A change request of a wave (forward or roll back). @public */
export interface RolloutChangeRequest {
  forge: 'gitlab' | 'github';
  /** The branch, known before the change request exists (the intent). */
  branch: string;
  number?: number;
  url?: string;
  state: 'opening' | 'open' | 'merged' | 'closed';
}

/** Per-state counts of a wave's instances (for the progression view). @public */
export interface RolloutGateCounts {
  total: number;
  /** Synced, at the target and Healthy, no alert. */
  ready: number;
  syncing: number;
  degraded: number;
  alerting: number;
  unknown: number;
}

/** The gate's last verdict on a wave. @public */
export interface RolloutGateVerdict {
  result: 'waiting' | 'soaking' | 'passed' | 'failed';
  /** Why, in a sentence. */
  reason: string;
  at: string;
  counts?: RolloutGateCounts;
  /** Seconds left before the soak passes, or the wave times out. */
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
  /** Since when every instance has been ready (the soak's start). */
  healthySince?: string;
}

/** A rollout (`GET /rollouts/:id`'s `rollout`, and every action's answer). @public */
export interface Rollout {
  id: string;
  targetVersion: string;
  selection: RolloutSelection;
  strategy: RolloutWaveStrategy;
  state: RolloutState;
  /** Why it is paused, aborted or completed. */
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
  /** e.g. `started`, `change-request-opened`, `gate-passed`, `paused`. */
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

/**
 * What the calling user may do to a rollout now: the backend's answer from the
 * same permission checks its writes make (against every instance concerned)
 * and the rollout's state. `approve` and `rollback` list wave indexes.
 * @public
 */
export interface RolloutAllowedActions {
  pause: boolean;
  resume: boolean;
  abort: boolean;
  approve: number[];
  rollback: number[];
}

/** `GET /rollouts/:id`. @public */
export interface RolloutDetailResponse {
  rollout: Rollout;
  events: RolloutEvent[];
  /** For the user who asked. */
  allowed: RolloutAllowedActions;
}
