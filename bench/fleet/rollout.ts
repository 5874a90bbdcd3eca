/*
 * Bench of issue 25: the rollout advancer's tick on real PostgreSQL with 10
 * rollouts running, each a 400-instance, four-wave rollout (a canary of 10,
 * then sandbox, construction, production) planned on a generated
 * 1,000-instance fleet. The forge, ArgoCD and the alerts are the rollouts'
 * fakes (reviews merge at once, instances turn Healthy on demand), so the
 * figures are the advancer's own cost: milliseconds and SQL queries per
 * tick, per phase; and, on a simulated clock, the time from a wave's last
 * instance turning Healthy to the next wave's change request. Each tick also
 * sends the notifications its transitions called for (RolloutNotifier, to a
 * notification service that counts them). Prints JSON.
 *
 *   nt bench/fleet/rollout.ts [--instances 1000] [--select 400] [--rollouts 10]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { generateFleet } from '@pcscol/demo-fleet';
import {
  directoryFileSource,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import { planRollout } from '../../plugins/fleet-backend/src/rollouts/planWaves';
import { RolloutAdvancer } from '../../plugins/fleet-backend/src/rollouts/RolloutAdvancer';
import { RolloutNotifier } from '../../plugins/fleet-backend/src/rollouts/RolloutNotifier';
import { RolloutStore } from '../../plugins/fleet-backend/src/rollouts/RolloutStore';
import {
  FakeAlerts,
  FakeForge,
  FakeOpener,
  FakeStatuses,
} from '../../plugins/fleet-backend/src/rollouts/__testUtils__/fakes';
import type { RolloutConfig } from '../../plugins/fleet-backend/src/rollouts/types';
import { arg, stats } from '../lib/benchCli';

const PG =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

const quietLogger: LoggerService = {
  info() {},
  warn() {},
  error: e => console.error(e),
  debug() {},
  child: () => quietLogger,
};

async function main() {
  const instances = Number(arg('instances', '1000'));
  const select = Number(arg('select', '400'));
  const count = Number(arg('rollouts', '10'));
  const tickSeconds = 30;
  const soakSeconds = 600;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rollout-'));
  const dbName = `pegase_bench_rollout_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
  await admin.raw(`CREATE DATABASE ${dbName}`);
  const knex = knexFactory({ client: 'pg', connection: `${PG}/${dbName}` });
  try {
    generateFleet({ outDir: dir, instances });
    const snapshot = await readGitopsRepository(directoryFileSource(dir), {
      loadOpenApi: false,
    });
    const to = snapshot.releases[0].version;
    // every instance one release behind, so that `select` of them move
    const fleet = {
      ...snapshot,
      instances: snapshot.instances.map(i => ({
        ...i,
        chartVersion: snapshot.releases[1].version,
      })),
    };
    const t0 = performance.now();
    // `select` instances spread over the three usages (a third each, as
    // available), so that the plan has a canary and three usage waves
    const names: string[] = [];
    const usages = ['sandbox', 'construction', 'production'];
    for (const [k, usage] of usages.entries()) {
      const want = Math.round(((k + 1) * select) / 3) - names.length;
      names.push(
        ...fleet.instances
          .filter(i => i.usage === usage)
          .slice(0, want)
          .map(i => i.name),
      );
    }
    const plan = planRollout(fleet, {
      to,
      selection: { names },
      strategy: { by: 'usage', canary: 10 },
    });
    const planMs = performance.now() - t0;

    const store = await RolloutStore.create({
      getClient: async () => knex,
      migrations: { skip: false },
    });
    let queries = 0;
    knex.on('query', () => {
      queries++;
    });
    for (let n = 0; n < count; n++) {
      await store.insert(
        {
          id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
          targetVersion: to,
          selection: { names },
          strategy: { by: 'usage', canary: 10 },
          createdBy: 'user:default/bench',
          createdAt: new Date().toISOString(),
          waves: plan.waves.map((w, index) => ({
            index,
            name: w.name,
            state: 'pending',
            instances: w.instances,
            requiresApproval: false,
          })),
        },
        { actor: 'user:default/bench', kind: 'started', message: 'bench' },
      );
    }

    const forge = new FakeForge();
    const statuses = new FakeStatuses();
    const alerts = new FakeAlerts();
    let clock = Date.parse('2026-12-07T08:00:00Z');
    const config: RolloutConfig = {
      enabled: true,
      tickSeconds,
      soakSeconds,
      waveTimeoutSeconds: 7200,
      failureThresholdPercent: 10,
      alertSeverity: 'critical',
      severities: ['info', 'warning', 'critical'],
      productionApprovalRequired: false,
      timeoutMs: 1000,
      notifications: { enabled: true, approvers: ['group:default/ops'] },
    };
    let notified = 0;
    const advancer = new RolloutAdvancer({
      store,
      forge,
      opener: new FakeOpener(forge),
      statuses,
      alerts,
      config,
      logger: quietLogger,
      owner: 'bench',
      now: () => new Date(clock),
      notifier: new RolloutNotifier({
        store,
        notifications: {
          send: async () => {
            notified++;
          },
        },
        config: config.notifications,
        logger: quietLogger,
        now: () => clock,
      }),
    });

    const phases: Record<string, { ms: number[]; queries: number[] }> = {};
    const tick = async (phase: string) => {
      const q0 = queries;
      const t = performance.now();
      await advancer.tick();
      const p = (phases[phase] ??= { ms: [], queries: [] });
      p.ms.push(performance.now() - t);
      p.queries.push(queries - q0);
      clock += tickSeconds * 1000;
    };

    const latencies: number[] = [];
    for (let wave = 0; wave < plan.waves.length; wave++) {
      if (wave === 0) await tick('opens a wave (10 change requests)');
      for (let i = 0; i < 3; i++) await tick('waits for the review');
      forge.mergeAllOpen();
      await tick('records the merges');
      for (let i = 0; i < 3; i++) await tick('waits for ArgoCD (syncing)');
      // the wave's last instance turns Healthy between two ticks
      clock += 7_000 - tickSeconds * 1000;
      const healthyAt = clock;
      statuses.set(plan.waves[wave].instances, to);
      clock += tickSeconds * 1000 - 7_000; // the next tick
      const crsBefore = forge.requests.length;
      let guard = 0;
      while (forge.requests.length === crsBefore && guard++ < 100) {
        const phase =
          (clock - healthyAt) / 1000 + tickSeconds >= soakSeconds
            ? wave + 1 < plan.waves.length
              ? 'passes the gate, opens the next wave'
              : 'passes the last gate, completes'
            : 'soaking (gate judged on every instance)';
        const before = clock;
        await tick(phase);
        if (wave + 1 === plan.waves.length) {
          const r = await store.get(
            `00000000-0000-4000-8000-${String(0).padStart(12, '0')}`,
          );
          if (r?.state === 'completed') break;
        }
        if (forge.requests.length > crsBefore)
          latencies.push((before - healthyAt) / 1000);
      }
    }
    const done = await store.list({ state: ['completed'] });
    const summary = Object.fromEntries(
      Object.entries(phases).map(([k, v]) => [
        k,
        {
          ms: stats(v.ms),
          queries: stats(v.queries),
        },
      ]),
    );
    const out = {
      bench: 'fleet-rollout',
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      node: process.version,
      results: [
        {
          instances,
          rollouts: count,
          planned: plan.waves.reduce((n, w) => n + w.instances.length, 0),
          waves: plan.waves.map(w => [w.name, w.instances.length]),
          planMs: +planMs.toFixed(1),
          changeRequests: forge.requests.length,
          completed: done.length,
          notifications: notified,
          tickSeconds,
          soakSeconds,
          healthyToNextChangeRequestSeconds: latencies,
          ticks: summary,
        },
      ],
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await knex.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
