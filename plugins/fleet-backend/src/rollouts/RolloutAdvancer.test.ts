import knexFactory, { type Knex } from 'knex';
import { mockServices, mockCredentials } from '@backstage/backend-test-utils';
import { RolloutAdvancer, waveBranch } from './RolloutAdvancer';
import { RolloutService, type Caller } from './RolloutService';
import { RolloutStore } from './RolloutStore';
import {
  databaseServiceOf,
  rolloutTestDatabases,
} from './__testUtils__/database';
import {
  FakeAlerts,
  FakeForge,
  FakeOpener,
  FakeStatuses,
} from './__testUtils__/fakes';
import {
  draftRollout,
  TARGET,
  testLogger,
  testRolloutConfig,
} from './__testUtils__/rollouts';
import type { Rollout } from '@pcscol/plugin-pegase-common';

jest.setTimeout(60_000);
const databases = rolloutTestDatabases();

/** A second connection to the same database: another process. */
const otherProcess = (knex: Knex) =>
  knexFactory({ client: 'pg', connection: knex.client.config.connection });

describe('RolloutAdvancer on PostgreSQL', () => {
  let knex: Knex;
  let store: RolloutStore;
  let forge: FakeForge;
  let opener: FakeOpener;
  let statuses: FakeStatuses;
  let alerts: FakeAlerts;
  let clock: number;
  const config = testRolloutConfig();
  const ops: Caller = {
    credentials: mockCredentials.user('user:default/ops-lead'),
    ctx: { via: 'test' },
  };

  const advancer = (s = store, owner = 'test-1') =>
    new RolloutAdvancer({
      store: s,
      forge,
      opener,
      statuses,
      alerts,
      config,
      logger: testLogger(),
      owner,
      now: () => new Date(clock),
    });
  const service = () =>
    new RolloutService({
      store,
      forge,
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      snapshot: () => Promise.reject(new Error('not used')),
      config,
    });
  const start = async (sizes: [number, number, number] = [2, 2, 1]) => {
    const draft = draftRollout(sizes);
    return store.insert(draft, {
      actor: draft.createdBy,
      kind: 'started',
      message: 'started',
    });
  };
  const get = async (id: string) => (await store.get(id))!;
  const states = (r: Rollout) => r.waves.map(w => w.state);

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_15');
    store = await RolloutStore.create(databaseServiceOf(knex));
  });
  beforeEach(async () => {
    await knex('rollouts').delete();
    forge = new FakeForge();
    opener = new FakeOpener(forge);
    statuses = new FakeStatuses();
    alerts = new FakeAlerts();
    clock = Date.parse('2026-12-07T10:00:00Z');
  });

  it('opens each wave only after the previous one merged, synced, soaked; asks approval for production', async () => {
    const r = await start();
    const a = advancer();
    await a.tick();
    let now = await get(r.id);
    expect(states(now)).toEqual(['open', 'pending', 'pending']);
    expect(forge.requests).toHaveLength(1);
    expect(forge.requests[0].moves).toEqual([
      { name: 'san-0-0', to: TARGET },
      { name: 'san-0-1', to: TARGET },
    ]);

    await a.tick(); // not merged: nothing moves
    expect(forge.requests).toHaveLength(1);

    forge.merge(waveBranch(r.id, now.waves[0]));
    await a.tick();
    now = await get(r.id);
    expect(states(now)).toEqual(['merged', 'pending', 'pending']);
    expect(now.waves[0].gate?.result).toBe('waiting');
    expect(now.waves[0].gate?.counts).toMatchObject({ total: 2, unknown: 2 });

    statuses.set(now.waves[0].instances, TARGET);
    await a.tick();
    now = await get(r.id);
    expect(now.waves[0].gate).toMatchObject({
      result: 'soaking',
      soakSecondsLeft: 300,
    });
    expect(forge.requests).toHaveLength(1);

    // after the soak, the same tick passes the gate and opens wave 2
    clock += 300_000;
    await a.tick();
    now = await get(r.id);
    expect(states(now)).toEqual(['passed', 'open', 'pending']);
    expect(forge.requests).toHaveLength(2);

    forge.merge(waveBranch(r.id, now.waves[1]));
    statuses.set(now.waves[1].instances, TARGET);
    await a.tick(); // merged
    await a.tick(); // soak starts
    clock += 300_000;
    await a.tick(); // passes; production waits
    now = await get(r.id);
    expect(states(now)).toEqual(['passed', 'passed', 'awaiting-approval']);
    expect(forge.requests).toHaveLength(2);

    await service().approve(ops, r.id, 2);
    await a.tick();
    now = await get(r.id);
    expect(states(now)).toEqual(['passed', 'passed', 'open']);
    expect(now.waves[2].approvedBy).toBe('user:default/ops-lead');

    forge.merge(waveBranch(r.id, now.waves[2]));
    statuses.set(now.waves[2].instances, TARGET);
    await a.tick();
    await a.tick();
    clock += 300_000;
    await a.tick();
    now = await get(r.id);
    expect(now.state).toBe('completed');
    const kinds = (await store.events(r.id)).map(e => e.kind);
    expect(kinds.filter(k => k === 'change-request-opened')).toHaveLength(3);
    expect(kinds.filter(k => k === 'gate-passed')).toHaveLength(3);
    expect(kinds).toContain('approval-requested');
    expect(kinds).toContain('approved');
    expect(kinds[kinds.length - 1]).toBe('completed');
  });

  it('pauses on a failed gate and says why; a roll back opens the revert change request', async () => {
    const r = await start([4, 1, 0]);
    const a = advancer();
    await a.tick();
    forge.mergeAllOpen();
    await a.tick();
    let now = await get(r.id);
    statuses.set(now.waves[0].instances, TARGET);
    statuses.set(now.waves[0].instances.slice(0, 1), TARGET, 'Degraded');
    await a.tick();
    now = await get(r.id);
    expect(now.state).toBe('paused');
    expect(now.stateReason).toBe(
      'wave sandbox failed: 1 of 4 instance(s) degraded or alerting (25.0% > the threshold of 10%)',
    );
    expect(states(now)).toEqual(['failed', 'pending']);

    await service().rollback(ops, r.id, 0);
    expect(states(await get(r.id))).toEqual(['rolling-back', 'pending']);
    await a.tick();
    now = await get(r.id);
    expect(states(now)).toEqual(['rolled-back', 'pending']);
    expect(now.waves[0].rollbackChangeRequest).toMatchObject({
      state: 'open',
      url: forge.requests[1].url,
    });
    expect(forge.requests[1].moves).toEqual(
      now.waves[0].instances.map(i => ({ name: i.name, to: i.from })),
    );
    await expect(service().resume(ops, r.id)).rejects.toThrow(
      /was rolled back: abort this rollout/,
    );
  });

  it('resumes after a restart in the middle of opening a change request without opening a second one', async () => {
    const r = await start([1, 1, 0]);
    opener.failAfterCreate = true; // the forge has it, the database does not
    const report = await advancer().tick();
    expect(report.errors).toBe(1);
    expect(states(await get(r.id))).toEqual(['opening', 'pending']);
    expect(forge.requests).toHaveLength(1);

    // a new process on the same database
    const restarted = new RolloutStore(otherProcess(knex));
    try {
      await advancer(restarted, 'after-restart').tick();
      const now = await get(r.id);
      expect(states(now)).toEqual(['open', 'pending']);
      expect(forge.requests).toHaveLength(1);
      expect(now.waves[0].changeRequest).toMatchObject({
        number: 1,
        url: forge.requests[0].url,
        state: 'open',
      });
      const events = await store.events(r.id);
      expect(events.map(e => e.kind)).toEqual([
        'started',
        'change-request-opening',
        'error',
        'change-request-opened',
      ]);
      expect(events[3].message).toMatch(/^found change request/);
    } finally {
      await restarted.knex.destroy();
    }
  });

  it('two advancers on one database advance each rollout once', async () => {
    const rollouts = await Promise.all(
      Array.from({ length: 5 }, () => start([2, 2, 0])),
    );
    const second = new RolloutStore(otherProcess(knex));
    try {
      const one = advancer(store, 'replica-1');
      const two = advancer(second, 'replica-2');
      const both = () => Promise.all([one.tick(), two.tick()]);
      const [r1, r2] = await both();
      expect(r1.advanced + r2.advanced).toBeGreaterThanOrEqual(5);
      forge.mergeAllOpen();
      await both();
      for (const r of rollouts) {
        statuses.set((await get(r.id)).waves[0].instances, TARGET);
      }
      await both();
      clock += 300_000;
      await both();
      await both();

      const branches = forge.requests.map(c => c.branch);
      expect(new Set(branches).size).toBe(branches.length);
      expect(branches).toHaveLength(10);
      for (const r of rollouts) {
        const now = await get(r.id);
        expect(states(now)).toEqual(['passed', 'open']);
        const opened = (await store.events(r.id)).filter(
          e => e.kind === 'change-request-opened',
        );
        expect(opened).toHaveLength(2);
      }
    } finally {
      await second.knex.destroy();
    }
  });

  it('aborting closes the change requests not merged and drops the waves not started', async () => {
    const r = await start([1, 1, 1]);
    await advancer().tick();
    const now = await service().abort(ops, r.id, 'wrong version');
    expect(now.state).toBe('aborted');
    expect(now.stateReason).toBe('wrong version');
    expect(states(now)).toEqual(['aborted', 'aborted', 'aborted']);
    expect(forge.requests[0].state).toBe('closed');
    expect(now.waves[0].changeRequest?.state).toBe('closed');
    await advancer().tick();
    expect(forge.requests).toHaveLength(1);
  });

  it('an abort while a change request is being opened closes it once opened', async () => {
    const r = await start([1, 1, 0]);
    let release!: () => void;
    opener.gate = new Promise<void>(resolve => {
      release = resolve;
    });
    const ticking = advancer().tick();
    // the intent is recorded, the forge has not answered yet
    while ((await get(r.id)).waves[0].state !== 'opening') {
      await new Promise(resolve => setImmediate(resolve));
    }
    await service().abort(ops, r.id);
    release();
    await ticking;
    expect(forge.requests).toHaveLength(1);
    expect(forge.requests[0].state).toBe('closed');
    expect(states(await get(r.id))).toEqual(['aborted', 'aborted']);
    expect((await store.events(r.id)).map(e => e.kind)).toContain(
      'change-request-closed',
    );
  });

  it('logs a lasting forge failure once, not at every tick', async () => {
    const r = await start([1, 0, 0]);
    opener.gate = Promise.reject(new Error('GitLab answered 502'));
    opener.gate.catch(() => undefined);
    await advancer().tick();
    await advancer().tick();
    await advancer().tick();
    const errors = (await store.events(r.id)).filter(e => e.kind === 'error');
    expect(errors.map(e => e.message)).toEqual([
      'the advancer failed and will retry: GitLab answered 502',
    ]);
    expect(states(await get(r.id))).toEqual(['opening']);
  });

  it('a change request closed without merge pauses the rollout', async () => {
    const r = await start([1, 1, 0]);
    await advancer().tick();
    await forge.close(1);
    await advancer().tick();
    const now = await get(r.id);
    expect(now.state).toBe('paused');
    expect(now.stateReason).toMatch(/closed without being merged/);
    // resumed: a new change request is opened for the wave
    await service().resume(ops, r.id);
    await advancer().tick();
    expect(states(await get(r.id))).toEqual(['open', 'pending']);
    expect(forge.requests).toHaveLength(2);
  });

  it('reads ArgoCD and the alerts once per tick, whatever the number of rollouts', async () => {
    await Promise.all(Array.from({ length: 4 }, () => start([1, 0, 0])));
    const a = advancer();
    await a.tick();
    forge.mergeAllOpen();
    await a.tick();
    statuses.calls = 0;
    alerts.calls = 0;
    await a.tick();
    expect(statuses.calls).toBe(1);
    expect(alerts.calls).toBe(1);
  });
});
