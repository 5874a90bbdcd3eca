/*
 * How the rollout views read the backend's rollout model: a wave's step in
 * the progression, the waves done, the time left, and each instance of a
 * rollout joined with what the fleet route says of it now.
 */
import type {
  FleetInstance,
  FleetResponse,
  Rollout,
  RolloutInstance,
  RolloutState,
  RolloutSummary,
  RolloutWave,
  RolloutWaveState,
} from '@pcscol/plugin-pegase-common';

/** The steps of the progression, in order. */
export const WAVE_STEPS = [
  'pending',
  'approval',
  'open',
  'merged',
  'syncing',
  'healthy',
  'failed',
  'aborted',
  'rolledBack',
] as const;
export type WaveStep = (typeof WAVE_STEPS)[number];

/**
 * A wave's step: its state, and for a merged wave the gate's verdict (no
 * verdict yet: merged; waiting: syncing; soaking: healthy, soaking).
 */
export function waveStep(wave: Pick<RolloutWave, 'state' | 'gate'>): WaveStep {
  switch (wave.state) {
    case 'pending':
      return 'pending';
    case 'awaiting-approval':
      return 'approval';
    case 'opening':
    case 'open':
      return 'open';
    case 'merged':
      if (!wave.gate) return 'merged';
      if (wave.gate.result === 'failed') return 'failed';
      return wave.gate.result === 'waiting' ? 'syncing' : 'healthy';
    case 'passed':
      return 'healthy';
    case 'failed':
      return 'failed';
    case 'aborted':
      return 'aborted';
    default:
      return 'rolledBack';
  }
}

/** How many waves stand at each step (steps with none left out). */
export function stepCounts(waves: RolloutWave[]): Array<[WaveStep, number]> {
  const counts = new Map<WaveStep, number>();
  for (const w of waves) {
    const step = waveStep(w);
    counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  return WAVE_STEPS.filter(s => counts.has(s)).map(s => [s, counts.get(s)!]);
}

/** Waves whose gate has passed. */
export function wavesDone(waves: Array<{ state: RolloutWaveState }>): number {
  return waves.filter(w => w.state === 'passed').length;
}

/** A rollout still moves (the views poll it) until it is completed or aborted. */
export const isActive = (state: RolloutState) =>
  state === 'running' || state === 'paused';

/** Waves awaiting an approval, across rollouts (the home card). */
export function awaitingApproval(rollouts: RolloutSummary[]) {
  return rollouts.flatMap(r =>
    r.waves
      .filter(w => w.state === 'awaiting-approval')
      .map(w => ({ rollout: r, wave: w })),
  );
}

/**
 * Seconds left now of a count the gate gave at `at` (its verdict is as old as
 * the advancer's last tick), never below 0.
 */
export function secondsLeftNow(
  secondsLeft: number,
  at: string,
  now: number = Date.now(),
): number {
  const elapsed = (now - Date.parse(at)) / 1000;
  return Math.max(
    0,
    Number.isFinite(elapsed) ? secondsLeft - Math.max(0, elapsed) : secondsLeft,
  );
}

/** Seconds split for the duration messages. */
export function splitDuration(totalSeconds: number) {
  const s = Math.max(0, Math.round(totalSeconds));
  return {
    hours: Math.floor(s / 3600),
    minutes: Math.floor((s % 3600) / 60),
    seconds: s % 60,
    total: s,
  };
}

/** One row of a rollout's instances table. */
export interface RolloutInstanceRow {
  id: string;
  instance: RolloutInstance;
  wave: RolloutWave;
  /** What the fleet route says of it now (undefined: not in the fleet). */
  fleet?: FleetInstance;
  /** Firing alerts the gate names for it. */
  alerts: string[];
}

/**
 * Every instance of the rollout, wave by wave, with its declared and live
 * versions, sync and health from the fleet route, and the alerts the gate's
 * verdict names (`<name>: alert <alert> (<severity>)`).
 */
export function rolloutInstanceRows(
  rollout: Rollout,
  fleet?: FleetResponse,
): RolloutInstanceRow[] {
  const byRef = new Map(fleet?.instances.map(i => [i.entityRef, i]));
  return rollout.waves.flatMap(wave => {
    const alerts = new Map<string, string[]>();
    for (const h of wave.gate?.holding ?? []) {
      const m = /^([^:]+): alert (.+)$/.exec(h);
      if (m) alerts.set(m[1], [...(alerts.get(m[1]) ?? []), m[2]]);
    }
    return wave.instances.map(instance => ({
      id: instance.entityRef,
      instance,
      wave,
      fleet: byRef.get(instance.entityRef),
      alerts: alerts.get(instance.name) ?? [],
    }));
  });
}
