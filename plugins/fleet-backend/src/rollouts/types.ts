/*
 * The backend-only side of the rollout model (issue 25). What crosses the wire
 * (Rollout, RolloutWave, RolloutEvent, gate verdicts, change requests…) is
 * defined once in @pcscol/plugin-pegase-common (src/rollouts.ts).
 */
import type { RolloutNotificationConfig } from './notifications';

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
  /** Prometheus-compatible query API for alerts (default: `pegase.thanos.queriers[0]`). */
  alertsUrl?: string;
  alertsToken?: string;
  /** The querier's tenant header, when the alerts come from `pegase.thanos.queriers[0]`. */
  alertsTenant?: { header: string; value: string };
  timeoutMs: number;
  /** Who is told of gates and approvals (notifications.ts). */
  notifications: RolloutNotificationConfig;
}
