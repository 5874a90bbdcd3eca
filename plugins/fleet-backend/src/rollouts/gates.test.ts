import {
  changeRequestGate,
  evaluateHealthGate,
  needsApproval,
  severityAtLeast,
  type HealthGateInput,
  type ObservedStatus,
} from './gates';
import type { RolloutInstance } from '@pcscol/plugin-pegase-common';

const instance = (name: string, usage = 'sandbox'): RolloutInstance => ({
  name,
  entityRef: `resource:default/${name}`,
  file: `instances/eu/${usage}/${name}/instance.json`,
  usage,
  cluster: 'c1',
  namespace: `ns-${name}`,
  from: '24.0.0',
});

const T0 = Date.parse('2026-12-07T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const iso = (s: number) => at(s).toISOString();
const healthy: ObservedStatus = {
  sync: 'Synced',
  health: 'Healthy',
  liveVersion: '25.0.0',
};

function input(over: Partial<HealthGateInput> = {}): HealthGateInput {
  const instances = ['a', 'b', 'c', 'd'].map(n => instance(n));
  return {
    now: at(60),
    target: '25.0.0',
    instances,
    statuses: new Map(instances.map(i => [i.name, healthy])),
    alerts: [],
    mergedAt: iso(0),
    config: {
      soakSeconds: 300,
      waveTimeoutSeconds: 3600,
      failureThresholdPercent: 25,
      alertSeverity: 'critical',
      severities: ['info', 'warning', 'critical'],
    },
    ...over,
  };
}

describe('the health gate of a merged wave', () => {
  it('starts the soak when every instance is synced at the target and Healthy', () => {
    const { verdict, healthySince } = evaluateHealthGate(input());
    expect(verdict.result).toBe('soaking');
    expect(healthySince).toBe(iso(60));
    expect(verdict.soakSecondsLeft).toBe(300);
    expect(verdict.counts).toMatchObject({ total: 4, ready: 4 });
  });

  it('passes once the instances stayed ready for the whole soak', () => {
    const soaking = evaluateHealthGate(
      input({ now: at(359), healthySince: iso(60) }),
    );
    expect(soaking.verdict.result).toBe('soaking');
    expect(soaking.verdict.soakSecondsLeft).toBe(1);
    const passed = evaluateHealthGate(
      input({ now: at(360), healthySince: iso(60) }),
    );
    expect(passed.verdict.result).toBe('passed');
    expect(passed.verdict.reason).toMatch(/every instance \(4\)/);
  });

  it('waits, and restarts the soak, while an instance is not at the target', () => {
    const statuses = new Map(input().statuses);
    statuses.set('b', { ...healthy, liveVersion: '24.0.0' });
    const { verdict, healthySince } = evaluateHealthGate(
      input({ statuses, healthySince: iso(30) }),
    );
    expect(verdict.result).toBe('waiting');
    expect(healthySince).toBeUndefined();
    expect(verdict.counts).toMatchObject({ ready: 3, syncing: 1 });
    expect(verdict.holding).toEqual(['b: Synced, Healthy, live 24.0.0']);
  });

  it('waits while an instance is OutOfSync or Progressing', () => {
    const statuses = new Map(input().statuses);
    statuses.set('a', { ...healthy, sync: 'OutOfSync' });
    statuses.set('c', { ...healthy, health: 'Progressing' });
    const { verdict } = evaluateHealthGate(input({ statuses }));
    expect(verdict.result).toBe('waiting');
    expect(verdict.counts).toMatchObject({ ready: 2, syncing: 2 });
  });

  it('holds on a firing alert at or above the severity, not below', () => {
    const warning = evaluateHealthGate(
      input({
        alerts: [
          { name: 'HighLatency', namespace: 'ns-a', severity: 'warning' },
        ],
      }),
    );
    expect(warning.verdict.result).toBe('soaking');
    const critical = evaluateHealthGate(
      input({
        healthySince: iso(10),
        alerts: [{ name: 'PodCrash', namespace: 'ns-a', severity: 'critical' }],
      }),
    );
    expect(critical.verdict.result).toBe('waiting');
    expect(critical.healthySince).toBeUndefined();
    expect(critical.verdict.holding).toEqual(['a: alert PodCrash (critical)']);
  });

  it('fails when more than the threshold is degraded', () => {
    const statuses = new Map(input().statuses);
    statuses.set('a', { ...healthy, health: 'Degraded' });
    // 1 of 4 = 25%: not more than 25%
    expect(evaluateHealthGate(input({ statuses })).verdict.result).toBe(
      'waiting',
    );
    statuses.set('b', { ...healthy, health: 'Degraded' });
    const { verdict } = evaluateHealthGate(input({ statuses }));
    expect(verdict.result).toBe('failed');
    expect(verdict.reason).toBe(
      '2 of 4 instance(s) degraded or alerting (50.0% > the threshold of 25%)',
    );
  });

  it('counts alerting instances towards the threshold', () => {
    const { verdict } = evaluateHealthGate(
      input({
        alerts: [
          { name: 'X', namespace: 'ns-a', severity: 'critical' },
          { name: 'X', namespace: 'ns-b', severity: 'critical' },
        ],
      }),
    );
    expect(verdict.result).toBe('failed');
  });

  it('fails when the wave is not ready within the timeout after the merge', () => {
    const statuses = new Map(input().statuses);
    statuses.set('d', { ...healthy, sync: 'OutOfSync' });
    const before = evaluateHealthGate(input({ statuses, now: at(3599) }));
    expect(before.verdict.result).toBe('waiting');
    expect(before.verdict.timeoutSecondsLeft).toBe(1);
    const after = evaluateHealthGate(input({ statuses, now: at(3600) }));
    expect(after.verdict.result).toBe('failed');
    expect(after.verdict.reason).toMatch(
      /^timeout: not every instance ready 3600 s after the merge \(3 of 4 ready\)/,
    );
  });

  it('never passes blind: no ArgoCD status or no alerts answer holds the soak', () => {
    const noArgo = evaluateHealthGate(
      input({ statuses: undefined, healthySince: iso(0), now: at(1000) }),
    );
    expect(noArgo.verdict.result).toBe('waiting');
    expect(noArgo.verdict.reason).toMatch(/ArgoCD statuses unavailable/);
    const noAlerts = evaluateHealthGate(
      input({ alerts: undefined, healthySince: iso(0), now: at(1000) }),
    );
    expect(noAlerts.verdict.result).toBe('waiting');
    expect(noAlerts.verdict.reason).toMatch(/alerts unavailable/);
  });

  it('holds on an instance ArgoCD does not know', () => {
    const statuses = new Map(input().statuses);
    statuses.delete('c');
    const { verdict } = evaluateHealthGate(input({ statuses }));
    expect(verdict.result).toBe('waiting');
    expect(verdict.counts).toMatchObject({ unknown: 1 });
  });
});

describe('the other gates', () => {
  it('opens the next wave only on a merged change request', () => {
    expect(changeRequestGate('open')).toBe('wait');
    expect(changeRequestGate('merged')).toBe('merged');
    expect(changeRequestGate('closed')).toBe('closed');
  });

  it('asks an approval for a production wave when configured, once', () => {
    const wave = { instances: [instance('p', 'production')] };
    expect(needsApproval(wave, true)).toBe(true);
    expect(needsApproval(wave, false)).toBe(false);
    expect(
      needsApproval({ ...wave, approvedBy: 'user:default/ops' }, true),
    ).toBe(false);
    expect(needsApproval({ instances: [instance('s')] }, true)).toBe(false);
  });

  it('orders severities, unknown ones as the threshold', () => {
    const order = ['info', 'warning', 'critical'];
    expect(severityAtLeast('critical', 'warning', order)).toBe(true);
    expect(severityAtLeast('info', 'warning', order)).toBe(false);
    expect(severityAtLeast('page', 'warning', order)).toBe(true);
    expect(severityAtLeast(undefined, 'critical', order)).toBe(true);
  });
});
