/*
 * The state machine: one tick looks at every rollout to advance and moves
 * each as far as it can. A tick holds a lease on each rollout it works on
 * (a second replica skips it), and every move is a guarded transition, so a
 * restart or a second advancer neither loses nor repeats a step. A change
 * request is opened only after its intent (the branch) is recorded, and the
 * intent is resumed by finding the change request of that branch first.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { redactUrlCredentials } from '@pcscol/plugin-pegase-node';
import {
  changeRequestGate,
  evaluateHealthGate,
  needsApproval,
  type ObservedAlert,
  type ObservedStatus,
} from './gates';
import type {
  AlertReader,
  ChangeRequestForge,
  InstanceStatusReader,
  WaveChangeOpener,
} from './ports';
import type { RolloutNotifier } from './RolloutNotifier';
import type { RolloutStore } from './RolloutStore';
import type { Rollout, RolloutWave } from '@pcscol/plugin-pegase-common';
import type { RolloutConfig } from './types';

/** The branch of a wave's change request (the intent, known before it exists). */
export const waveBranch = (rolloutId: string, wave: RolloutWave) =>
  `pegase-rollout/${rolloutId}/wave-${wave.index + 1}`;
/** The branch of a wave's roll back. */
export const rollbackBranch = (rolloutId: string, wave: RolloutWave) =>
  `pegase-rollout/${rolloutId}/rollback-${wave.index + 1}`;

export const SYSTEM_ACTOR = 'system:rollout-advancer';

export interface AdvancerDeps {
  store: RolloutStore;
  forge: ChangeRequestForge;
  opener: WaveChangeOpener;
  statuses: InstanceStatusReader;
  alerts: AlertReader;
  config: RolloutConfig;
  logger: LoggerService;
  /** This process (leases name it). */
  owner: string;
  /** Sends the notifications the tick's transitions called for. */
  notifier?: RolloutNotifier;
  now?: () => Date;
}

/** What one tick did, for the logs and the bench. */
export interface TickReport {
  rollouts: number;
  advanced: number;
  skipped: number;
  errors: number;
  /** Notifications sent (each once, from its event). */
  notified: number;
}

/** The observations shared by every rollout of one tick (read at most once). */
class TickObservations {
  #statuses?: Promise<Map<string, ObservedStatus> | undefined>;
  #alerts?: Promise<ObservedAlert[] | undefined>;
  constructor(private readonly deps: AdvancerDeps) {}
  statuses() {
    this.#statuses ??= this.deps.statuses.statuses().catch(e => {
      this.deps.logger.warn(
        `rollouts: ArgoCD statuses unavailable: ${redactUrlCredentials(
          String(e?.message ?? e),
        )}`,
      );
      return undefined;
    });
    return this.#statuses;
  }
  alerts() {
    this.#alerts ??= this.deps.alerts.firing().catch(e => {
      this.deps.logger.warn(
        `rollouts: alerts unavailable: ${redactUrlCredentials(
          String(e?.message ?? e),
        )}`,
      );
      return undefined;
    });
    return this.#alerts;
  }
}

export class RolloutAdvancer {
  constructor(private readonly deps: AdvancerDeps) {}

  #now() {
    return this.deps.now?.() ?? new Date();
  }

  /** One pass over every rollout that may move. */
  async tick(): Promise<TickReport> {
    const { store, owner, config } = this.deps;
    const ids = await store.idsToAdvance();
    const report: TickReport = {
      rollouts: ids.length,
      advanced: 0,
      skipped: 0,
      errors: 0,
      notified: 0,
    };
    const seen = new TickObservations(this.deps);
    for (const id of ids) {
      // the lease outlives a tick that hangs on a slow forge
      const until = Date.now() + Math.max(60, config.tickSeconds * 4) * 1000;
      if (!(await store.claim(id, owner, until))) {
        report.skipped++;
        continue;
      }
      try {
        await this.advance(id, seen);
        report.advanced++;
      } catch (e) {
        report.errors++;
        const message = redactUrlCredentials(
          String((e as Error)?.message ?? e),
        );
        this.deps.logger.error(`rollout ${id}: ${message}`);
        // once per distinct error, not once per tick while it lasts
        const text = `the advancer failed and will retry: ${message}`;
        const last = await store.lastEvent(id).catch(() => undefined);
        if (last?.kind !== 'error' || last.message !== text) {
          await store
            .addEvent(id, { actor: SYSTEM_ACTOR, kind: 'error', message: text })
            .catch(() => undefined);
        }
      } finally {
        await store.release(id, owner);
      }
    }
    if (this.deps.notifier) {
      // from the events the transitions wrote, this tick's or an earlier one's
      const sent = await this.deps.notifier.flush().catch(e => {
        this.deps.logger.warn(
          `rollouts: notifications not flushed: ${String(e?.message ?? e)}`,
        );
        return undefined;
      });
      report.notified = sent?.sent ?? 0;
    }
    return report;
  }

  /** Moves one rollout as far as it can go now. */
  async advance(id: string, seen = new TickObservations(this.deps)) {
    const { store } = this.deps;
    let rollout = await store.get(id);
    if (!rollout) return;
    // roll backs finish whatever the rollout's state
    let reread = false;
    for (const w of rollout.waves) {
      if (w.state === 'rolling-back') {
        await this.#finishRollback(rollout, w);
        reread = true;
      }
    }
    for (;;) {
      // read again only after a move (ours or a roll back's)
      if (reread) rollout = (await store.get(id))!;
      reread = true;
      if (rollout.state !== 'running') return;
      const wave = rollout.waves.find(w => w.state !== 'passed');
      if (!wave) {
        await store.transitionRollout(
          id,
          ['running'],
          'completed',
          `every wave passed its gate`,
          {
            actor: SYSTEM_ACTOR,
            kind: 'completed',
            message: `every instance is at ${rollout.targetVersion}`,
          },
        );
        return;
      }
      const moved = await this.#step(rollout, wave, seen);
      if (!moved) return;
    }
  }

  /** One step of the current wave; true when the next step may follow at once. */
  async #step(
    rollout: Rollout,
    wave: RolloutWave,
    seen: TickObservations,
  ): Promise<boolean> {
    const { store, forge, config } = this.deps;
    const id = rollout.id;
    switch (wave.state) {
      case 'pending': {
        if (needsApproval(wave, config.productionApprovalRequired)) {
          await store.transitionWave(
            id,
            wave.index,
            ['pending'],
            { state: 'awaiting-approval' },
            {
              actor: SYSTEM_ACTOR,
              kind: 'approval-requested',
              message: `wave ${wave.name} touches production: it waits for an approval`,
            },
          );
          return false;
        }
        return store.transitionWave(
          id,
          wave.index,
          ['pending'],
          {
            state: 'opening',
            changeRequest: {
              forge: forge.kind,
              branch: waveBranch(id, wave),
              state: 'opening',
            },
          },
          {
            actor: SYSTEM_ACTOR,
            kind: 'change-request-opening',
            message: `opening the change request of wave ${wave.name} (${
              wave.instances.length
            } instance(s)) on branch ${waveBranch(id, wave)}`,
          },
        );
      }
      case 'awaiting-approval':
        return false;
      case 'opening':
        return this.#open(rollout, wave);
      case 'open': {
        const cr = wave.changeRequest!;
        const now = await forge.get(cr.number!);
        const decision = changeRequestGate(now.state);
        if (decision === 'wait') return false;
        if (decision === 'merged') {
          return store.transitionWave(
            id,
            wave.index,
            ['open'],
            {
              state: 'merged',
              changeRequest: { ...cr, state: 'merged' },
              mergedAt: this.#now().toISOString(),
              healthySince: null,
            },
            {
              actor: SYSTEM_ACTOR,
              kind: 'change-request-merged',
              message: `change request ${cr.url} merged: waiting for every instance to sync at ${rollout.targetVersion} and stay healthy`,
            },
          );
        }
        await this.#failWave(
          rollout,
          wave,
          ['open'],
          `the change request ${cr.url} was closed without being merged`,
          { changeRequest: { ...cr, state: 'closed' } },
        );
        return false;
      }
      case 'merged': {
        const [statuses, alerts] = await Promise.all([
          seen.statuses(),
          seen.alerts(),
        ]);
        const { verdict, healthySince } = evaluateHealthGate({
          now: this.#now(),
          target: rollout.targetVersion,
          instances: wave.instances,
          statuses,
          alerts,
          mergedAt: wave.mergedAt!,
          healthySince: wave.healthySince,
          config,
        });
        if (verdict.result === 'passed') {
          return store.transitionWave(
            id,
            wave.index,
            ['merged'],
            { state: 'passed', gate: verdict, healthySince },
            {
              actor: SYSTEM_ACTOR,
              kind: 'gate-passed',
              message: `wave ${wave.name}: ${verdict.reason}`,
            },
          );
        }
        if (verdict.result === 'failed') {
          await this.#failWave(rollout, wave, ['merged'], verdict.reason, {
            gate: verdict,
            healthySince: null,
          });
          return false;
        }
        await store.transitionWave(id, wave.index, ['merged'], {
          gate: verdict,
          healthySince: healthySince ?? null,
        });
        return false;
      }
      default:
        // failed, aborted, rolled back: the rollout is paused or done
        return false;
    }
  }

  /** Finds the change request of the recorded branch, or opens it; then records it. */
  async #open(rollout: Rollout, wave: RolloutWave): Promise<boolean> {
    const { store, forge, opener } = this.deps;
    const cr = wave.changeRequest!;
    // a closed one (a retried wave) is not reused: a new one is opened
    const existing = await forge.findByBranch(cr.branch);
    const found = existing?.state === 'closed' ? undefined : existing;
    const ref =
      found ??
      (await opener.open({
        branch: cr.branch,
        title: `Rollout to ${rollout.targetVersion}: wave ${
          wave.index + 1
        } of ${rollout.waves.length} (${wave.name}, ${
          wave.instances.length
        } instance(s))`,
        description: describeWave(rollout, wave, 'forward'),
        moves: wave.instances.map(i => ({
          instance: i,
          to: rollout.targetVersion,
        })),
      }));
    const state = found?.state === 'merged' ? 'merged' : 'open';
    const recorded = await store.transitionWave(
      rollout.id,
      wave.index,
      ['opening'],
      {
        state: 'open',
        changeRequest: { ...cr, number: ref.number, url: ref.url, state },
        openedAt: this.#now().toISOString(),
      },
      {
        actor: SYSTEM_ACTOR,
        kind: 'change-request-opened',
        message: `${found ? 'found' : 'opened'} change request ${
          ref.url
        } for wave ${wave.name}`,
      },
    );
    if (!recorded && state === 'open') {
      // aborted meanwhile: the change request just opened is closed, not left behind
      const now = (await store.get(rollout.id))?.waves[wave.index];
      if (now?.state === 'aborted') {
        await forge.close(ref.number);
        await store.addEvent(rollout.id, {
          actor: SYSTEM_ACTOR,
          kind: 'change-request-closed',
          waveIndex: wave.index,
          message: `wave ${wave.name} was aborted while its change request ${ref.url} was being opened: closed`,
        });
      }
    }
    return recorded;
  }

  async #finishRollback(rollout: Rollout, wave: RolloutWave) {
    const { store, forge, opener } = this.deps;
    const cr = wave.rollbackChangeRequest!;
    const found = await forge.findByBranch(cr.branch);
    const ref =
      found ??
      (await opener.open({
        branch: cr.branch,
        title: `Roll back wave ${wave.index + 1} (${
          wave.name
        }) of the rollout to ${rollout.targetVersion}`,
        description: describeWave(rollout, wave, 'back'),
        moves: wave.instances.map(i => ({ instance: i, to: i.from })),
      }));
    await store.transitionWave(
      rollout.id,
      wave.index,
      ['rolling-back'],
      {
        state: 'rolled-back',
        rollbackChangeRequest: {
          ...cr,
          number: ref.number,
          url: ref.url,
          state: found?.state ?? 'open',
        },
      },
      {
        actor: SYSTEM_ACTOR,
        kind: 'rollback-opened',
        message: `${found ? 'found' : 'opened'} the roll back change request ${
          ref.url
        } of wave ${wave.name}`,
      },
    );
  }

  async #failWave(
    rollout: Rollout,
    wave: RolloutWave,
    expected: RolloutWave['state'][],
    reason: string,
    patch: Parameters<RolloutStore['transitionWave']>[3],
  ) {
    const { store } = this.deps;
    const moved = await store.transitionWave(
      rollout.id,
      wave.index,
      expected,
      { ...patch, state: 'failed' },
      {
        actor: SYSTEM_ACTOR,
        kind: 'gate-failed',
        message: `wave ${wave.name}: ${reason}`,
      },
    );
    if (moved) {
      await store.transitionRollout(
        rollout.id,
        ['running'],
        'paused',
        `wave ${wave.name} failed: ${reason}`,
        {
          actor: SYSTEM_ACTOR,
          kind: 'paused',
          message: `paused: wave ${wave.name} failed: ${reason}`,
        },
      );
    }
  }
}

/** The description of a wave's change request (instance names are the repository's, escaped). */
export function describeWave(
  rollout: Rollout,
  wave: RolloutWave,
  direction: 'forward' | 'back',
): string {
  const md = (s: string) =>
    s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, c => `\\${c}`);
  const lines = wave.instances.map(i =>
    direction === 'forward'
      ? `- ${md(i.name)}: ${md(i.from)} → ${md(rollout.targetVersion)}`
      : `- ${md(i.name)}: ${md(rollout.targetVersion)} → ${md(i.from)}`,
  );
  return [
    direction === 'forward'
      ? `Wave ${wave.index + 1} of ${rollout.waves.length} (${md(
          wave.name,
        )}) of rollout ${rollout.id}: chartVersion in instance.json only.`
      : `Roll back of wave ${wave.index + 1} (${md(wave.name)}) of rollout ${
          rollout.id
        }: each instance back to the version it had before.`,
    '',
    ...lines,
  ].join('\n');
}
