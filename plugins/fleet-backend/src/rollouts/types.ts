/*
 * The rollout model (issue 25): a target version, the selection it was planned
 * from, ordered waves (each with its instances, change request, gate verdict
 * and state) and an event log. Persisted by RolloutStore; advanced by
 * RolloutAdvancer.
 */
import type { InstanceSelection } from '@pcscol/plugin-pegase-node';

/** Where a rollout stands. */
export type RolloutState = 'running' | 'paused' | 'completed' | 'aborted';

/**
 * Where a wave stands, in order: `pending` → (`awaiting-approval`) →
 * `opening` (intent recorded, change request being opened) → `open` →
 * `merged` (syncing and soaking, judged by the gate) → `passed`; or `failed`
 * (gate failure, the rollout is paused), `aborted`, and for a roll back
 * `rolling-back` → `rolled-back` (its revert change request is recorded).
 */
export type WaveState =
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
 */
export interface WaveStrategy {
  by: 'usage' | 'region' | 'none';
  usages?: string[];
  regions?: string[];
  canary?: number;
}

/** One instance of a wave, with what is needed to move it and to move it back. */
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

/** A change request of a wave (forward or roll back). */
export interface ChangeRequestRecord {
  forge: 'gitlab' | 'github';
  /** The branch, known before the change request exists (the intent). */
  branch: string;
  number?: number;
  url?: string;
  state: 'opening' | 'open' | 'merged' | 'closed';
}

/** Per-state counts of a wave's instances (for the progression view). */
export interface GateCounts {
  total: number;
  /** Synced, at the target and Healthy, no alert. */
  ready: number;
  syncing: number;
  degraded: number;
  alerting: number;
  unknown: number;
}

/** The gate's last verdict on a wave. */
export interface GateVerdict {
  result: 'waiting' | 'soaking' | 'passed' | 'failed';
  /** Why, in a sentence. */
  reason: string;
  at: string;
  counts?: GateCounts;
  /** Seconds left before the soak passes, or the wave times out. */
  soakSecondsLeft?: number;
  timeoutSecondsLeft?: number;
  /** Instances holding the gate, first few (`name: why`). */
  holding?: string[];
}

export interface Wave {
  index: number;
  name: string;
  state: WaveState;
  instances: RolloutInstance[];
  changeRequest?: ChangeRequestRecord;
  rollbackChangeRequest?: ChangeRequestRecord;
  gate?: GateVerdict;
  requiresApproval: boolean;
  approvedBy?: string;
  approvedAt?: string;
  openedAt?: string;
  mergedAt?: string;
  /** Since when every instance has been ready (the soak's start). */
  healthySince?: string;
}

export interface Rollout {
  id: string;
  targetVersion: string;
  selection: InstanceSelection;
  strategy: WaveStrategy;
  state: RolloutState;
  /** Why it is paused, aborted or completed. */
  stateReason?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  waves: Wave[];
}

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

/** A rollout as lists show it. */
export interface RolloutSummary {
  id: string;
  targetVersion: string;
  state: RolloutState;
  stateReason?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  instances: number;
  waves: Array<{ name: string; state: WaveState; instances: number }>;
}

/** `pegase.fleet.rollouts`, defaults applied. */
export interface RolloutConfig {
  enabled: boolean;
  /** Seconds between two advancer ticks. */
  tickSeconds: number;
  /** Seconds every instance of a merged wave must stay ready. */
  soakSeconds: number;
  /** Seconds from merge before a wave not yet passed fails. */
  waveTimeoutSeconds: number;
  /** More than this % of a wave degraded fails it. */
  failureThresholdPercent: number;
  /** Alerts at or above this severity hold the gate. */
  alertSeverity: string;
  /** Severity names, lowest first. */
  severities: string[];
  /** Production waves wait for an approval. */
  productionApprovalRequired: boolean;
  /** Prometheus-compatible query API for alerts (default: `thanos.queriers[0]`). */
  alertsUrl?: string;
  alertsToken?: string;
  /** The querier's tenant header, when the alerts come from `thanos.queriers[0]`. */
  alertsTenant?: { header: string; value: string };
  timeoutMs: number;
}
