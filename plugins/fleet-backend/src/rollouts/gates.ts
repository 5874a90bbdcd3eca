/*
 * The gates between waves, as pure functions of what was observed (no I/O):
 * the advancer gathers the forge's, ArgoCD's and the alerts' answers, these
 * decide. Each condition is tested in gates.test.ts.
 */
import type {
  RolloutGateCounts,
  RolloutGateVerdict,
  RolloutInstance,
} from '@pcscol/plugin-pegase-common';
import type { RolloutConfig } from './types';

/** What ArgoCD says of one instance (absent: no Application seen). */
export interface ObservedStatus {
  sync: string;
  health: string;
  liveVersion?: string;
}

/** A firing alert on an instance's namespace. */
export interface ObservedAlert {
  name: string;
  namespace: string;
  severity?: string;
}

/** Everything the health gate of one merged wave looks at. */
export interface HealthGateInput {
  now: Date;
  target: string;
  instances: RolloutInstance[];
  /** Name -> status; `undefined` when ArgoCD could not be read. */
  statuses: Map<string, ObservedStatus> | undefined;
  /** Firing alerts; `undefined` when the alerts could not be read. */
  alerts: ObservedAlert[] | undefined;
  mergedAt: string;
  healthySince?: string;
  config: Pick<
    RolloutConfig,
    | 'soakSeconds'
    | 'waveTimeoutSeconds'
    | 'failureThresholdPercent'
    | 'alertSeverity'
    | 'severities'
  >;
}

/** The verdict, and the soak's start to record. */
export interface HealthGateResult {
  verdict: RolloutGateVerdict;
  healthySince?: string;
}

/** True when `severity` is at or above `threshold` in `order` (lowest first); unknown severities count as the threshold. */
export function severityAtLeast(
  severity: string | undefined,
  threshold: string,
  order: string[],
): boolean {
  const rank = (s: string | undefined) => {
    const i = s === undefined ? -1 : order.indexOf(s.toLowerCase());
    return i < 0 ? order.indexOf(threshold) : i;
  };
  return rank(severity) >= rank(threshold);
}

const seconds = (from: string, now: Date) =>
  (now.getTime() - Date.parse(from)) / 1000;

/**
 * The health gate of a merged wave: every instance Synced at the target and
 * Healthy with no alert at or above the severity, continuously for the soak;
 * more than the threshold % degraded (or alerting) fails at once; not passed
 * within the wave timeout (from the merge) fails.
 */
export function evaluateHealthGate(input: HealthGateInput): HealthGateResult {
  const { now, target, instances, statuses, alerts, config } = input;
  const at = now.toISOString();
  const counts: RolloutGateCounts = {
    total: instances.length,
    ready: 0,
    syncing: 0,
    degraded: 0,
    alerting: 0,
    unknown: 0,
  };
  const holding: string[] = [];
  const alerting = new Map<string, string>();
  for (const a of alerts ?? []) {
    if (severityAtLeast(a.severity, config.alertSeverity, config.severities)) {
      if (!alerting.has(a.namespace))
        alerting.set(a.namespace, `${a.name} (${a.severity ?? 'no severity'})`);
    }
  }
  for (const i of instances) {
    const s = statuses?.get(i.name);
    const alert = alerting.get(i.namespace);
    if (!s) {
      counts.unknown++;
      holding.push(`${i.name}: no ArgoCD status`);
    } else if (s.health === 'Degraded' || s.health === 'Missing') {
      counts.degraded++;
      holding.push(`${i.name}: ${s.health}`);
    } else if (alert) {
      counts.alerting++;
      holding.push(`${i.name}: alert ${alert}`);
    } else if (
      s.sync !== 'Synced' ||
      s.health !== 'Healthy' ||
      s.liveVersion !== target
    ) {
      counts.syncing++;
      holding.push(
        `${i.name}: ${s.sync}, ${s.health}, live ${s.liveVersion ?? 'unknown'}`,
      );
    } else counts.ready++;
  }

  const failedShare =
    counts.total === 0
      ? 0
      : ((counts.degraded + counts.alerting) * 100) / counts.total;
  if (failedShare > config.failureThresholdPercent) {
    return {
      verdict: {
        result: 'failed',
        reason: `${counts.degraded + counts.alerting} of ${
          counts.total
        } instance(s) degraded or alerting (${failedShare.toFixed(
          1,
        )}% > the threshold of ${config.failureThresholdPercent}%)`,
        at,
        counts,
        holding: holding.slice(0, 10),
      },
    };
  }

  const timeoutLeft = config.waveTimeoutSeconds - seconds(input.mergedAt, now);
  let blind: string | undefined;
  if (statuses === undefined) blind = 'ArgoCD statuses unavailable';
  else if (alerts === undefined)
    blind = 'alerts unavailable: no firing alert cannot be proven';
  const allReady = counts.ready === counts.total && blind === undefined;

  if (allReady) {
    const since = input.healthySince ?? at;
    const soakLeft = config.soakSeconds - seconds(since, now);
    if (soakLeft <= 0) {
      return {
        verdict: {
          result: 'passed',
          reason: `every instance (${counts.total}) synced at ${target} and Healthy with no alert for ${config.soakSeconds} s`,
          at,
          counts,
        },
        healthySince: since,
      };
    }
    return {
      verdict: {
        result: 'soaking',
        reason: `every instance ready; soaking ${Math.ceil(soakLeft)} s more`,
        at,
        counts,
        soakSecondsLeft: Math.ceil(soakLeft),
        timeoutSecondsLeft: Math.max(0, Math.ceil(timeoutLeft)),
      },
      healthySince: since,
    };
  }

  // not ready: the soak starts over
  if (timeoutLeft <= 0) {
    return {
      verdict: {
        result: 'failed',
        reason: `timeout: not every instance ready ${
          config.waveTimeoutSeconds
        } s after the merge (${counts.ready} of ${counts.total} ready${
          blind ? `; ${blind}` : ''
        })`,
        at,
        counts,
        holding: holding.slice(0, 10),
      },
    };
  }
  return {
    verdict: {
      result: 'waiting',
      reason: blind
        ? `${blind}; waiting`
        : `${counts.ready} of ${counts.total} instance(s) ready`,
      at,
      counts,
      timeoutSecondsLeft: Math.ceil(timeoutLeft),
      holding: holding.slice(0, 10),
    },
  };
}

/** What the advancer does with a wave whose change request it asked about. */
export function changeRequestGate(
  state: 'open' | 'merged' | 'closed',
): 'wait' | 'merged' | 'closed' {
  if (state === 'merged') return 'merged';
  if (state === 'closed') return 'closed';
  return 'wait';
}

/** Whether a wave waits for an approval before its change request. */
export function needsApproval(
  wave: { instances: Array<{ usage?: string }>; approvedBy?: string },
  productionApprovalRequired: boolean,
): boolean {
  return (
    productionApprovalRequired &&
    !wave.approvedBy &&
    wave.instances.some(i => i.usage === 'production')
  );
}
