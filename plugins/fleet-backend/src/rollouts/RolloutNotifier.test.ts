import knexFactory, { type Knex } from 'knex';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { RolloutAdvancer, waveBranch } from './RolloutAdvancer';
import {
  RolloutNotifier,
  CLAIM_EXPIRY_MS,
  MAX_ATTEMPTS,
} from './RolloutNotifier';
import { RolloutService } from './RolloutService';
import { RolloutStore } from './RolloutStore';
import type { RolloutNotificationConfig } from './notifications';
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

jest.setTimeout(60_000);
const databases = rolloutTestDatabases();

/** The notification service of a test: remembers what it was asked to send. */
class FakeNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  failures = 0;
  async send(options: NotificationSendOptions) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('the notifications backend is unavailable');
    }
    this.sent.push(options);
  }
  titles() {
    return this.sent.map(s => s.payload.title);
  }
}

const notificationConfig: RolloutNotificationConfig = {
  enabled: true,
  approvers: ['group:default/ops'],
};

describe('rollout notifications on PostgreSQL', () => {
  let knex: Knex;
  let store: RolloutStore;
  let forge: FakeForge;
  let statuses: FakeStatuses;
  let notifications: FakeNotifications;
  let clock: number;
  const config = testRolloutConfig({
    notifications: notificationConfig,
  });

  const notifier = (
    s = store,
    n: Pick<NotificationService, 'send'> = notifications,
  ) =>
    new RolloutNotifier({
      store: s,
      notifications: n,
      config: notificationConfig,
      logger: testLogger(),
      now: () => clock,
    });
  const advancer = (s = store, owner = 'test-1') =>
    new RolloutAdvancer({
      store: s,
      forge,
      opener: new FakeOpener(forge),
      statuses,
      alerts: new FakeAlerts(),
      config,
      logger: testLogger(),
      owner,
      notifier: notifier(s),
      now: () => new Date(clock),
    });
  /** An advancer that writes events and sends nothing. */
  const silentAdvancer = () =>
    new RolloutAdvancer({
      store,
      forge,
      opener: new FakeOpener(forge),
      statuses,
      alerts: new FakeAlerts(),
      config,
      logger: testLogger(),
      owner: 'test-1',
      now: () => new Date(clock),
    });
  const start = async (sizes: [number, number, number]) => {
    const draft = draftRollout(sizes);
    return store.insert(draft, {
      actor: draft.createdBy,
      kind: 'started',
      message: 'started',
    });
  };
  /** Merges the open change request of a wave; its instances synced and `health`. */
  const mergeWave = async (id: string, index: number, health = 'Healthy') => {
    const r = (await store.get(id))!;
    forge.merge(waveBranch(id, r.waves[index]));
    statuses.set(r.waves[index].instances, TARGET, health);
  };

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_15');
    store = await RolloutStore.create(databaseServiceOf(knex));
  });
  beforeEach(async () => {
    await knex('rollouts').delete();
    forge = new FakeForge();
    statuses = new FakeStatuses();
    notifications = new FakeNotifications();
    clock = Date.parse('2026-12-07T10:00:00Z');
  });

  it('tells the owner and the approvers once when a gate passes, however many ticks follow', async () => {
    const r = await start([2, 1, 0]);
    const a = advancer();
    await a.tick(); // wave 1 opened: no notification
    expect(notifications.sent).toHaveLength(0);
    await mergeWave(r.id, 0);
    await a.tick(); // merged, soaking
    clock += config.soakSeconds * 1000;
    await a.tick(); // passed; wave 2 opened
    await a.tick();
    await a.tick();
    expect(notifications.sent).toHaveLength(1);
    const [passed] = notifications.sent;
    expect(passed.recipients).toEqual({
      type: 'entity',
      entityRef: ['user:default/ops-lead', 'group:default/ops'],
    });
    expect(passed.payload).toMatchObject({
      title: `Rollout to ${TARGET}: wave 1 of 2 (sandbox, 2 instance(s)) passed its gate`,
      link: `/fleet?tab=rollouts&rollout=${r.id}`,
      severity: 'normal',
    });
    expect(passed.payload.description).toContain('Next: wave 2 (construction)');
    expect(passed.payload.scope).toMatch(
      new RegExp(`^pegase-rollout:${r.id}:event:\\d+$`),
    );
  });

  it('tells them once when a gate fails and the rollout pauses, with the reason', async () => {
    const r = await start([2, 0, 0]);
    const a = advancer();
    await a.tick();
    await mergeWave(r.id, 0, 'Degraded');
    await a.tick(); // more than 10 % degraded: failed, paused
    await a.tick();
    expect((await store.get(r.id))!.state).toBe('paused');
    expect(notifications.sent).toHaveLength(1);
    expect(notifications.sent[0].payload).toMatchObject({
      title: `Rollout to ${TARGET} paused: wave 1 of 1 (sandbox, 2 instance(s)) failed its gate`,
      severity: 'critical',
    });
    expect(notifications.sent[0].payload.description).toContain(
      '2 of 2 instance(s) degraded or alerting',
    );
  });

  it('tells them once when a gate times out', async () => {
    const r = await start([1, 0, 0]);
    const a = advancer();
    await a.tick();
    const wave = (await store.get(r.id))!.waves[0];
    forge.merge(waveBranch(r.id, wave));
    await a.tick(); // merged, nothing synced
    clock += config.waveTimeoutSeconds * 1000 + 1000;
    await a.tick();
    await a.tick();
    expect(notifications.titles()).toEqual([
      `Rollout to ${TARGET} paused: wave 1 of 1 (sandbox, 1 instance(s)) failed its gate`,
    ]);
    expect(notifications.sent[0].payload.description).toContain('timeout');
  });

  it('tells the approvers once when a production wave waits for an approval, and not of the approval itself', async () => {
    const r = await start([0, 0, 1]);
    const a = advancer();
    await a.tick();
    await a.tick();
    expect(notifications.sent).toHaveLength(1);
    expect(notifications.sent[0].payload).toMatchObject({
      title: `Rollout to ${TARGET}: wave 1 of 1 (production, 1 instance(s)) awaits an approval`,
      severity: 'high',
    });
    await new RolloutService({
      store,
      forge,
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      snapshot: () => Promise.reject(new Error('not used')),
      config,
    }).approve(
      {
        credentials: mockCredentials.user('user:default/ops-lead'),
        ctx: { via: 'test' },
      },
      r.id,
      0,
    );
    await a.tick(); // its change request opens
    expect(notifications.sent).toHaveLength(1);
  });

  it('tells them when every wave passed', async () => {
    const r = await start([1, 0, 0]);
    const a = advancer();
    await a.tick();
    await mergeWave(r.id, 0);
    await a.tick();
    clock += config.soakSeconds * 1000;
    await a.tick();
    await a.tick();
    expect((await store.get(r.id))!.state).toBe('completed');
    expect(notifications.titles()).toEqual([
      `Rollout to ${TARGET}: wave 1 of 1 (sandbox, 1 instance(s)) passed its gate`,
      `Rollout to ${TARGET} completed`,
    ]);
  });

  it('sends each notification once when two processes flush the same events', async () => {
    const r = await start([0, 0, 1]);
    const other = knexFactory({
      client: 'pg',
      connection: knex.client.config.connection,
    });
    try {
      const otherStore = new RolloutStore(other);
      // the event is written, nobody has flushed it yet
      await silentAdvancer().tick();
      const one = notifier(store);
      const two = notifier(otherStore);
      const reports = await Promise.all([
        one.flush(),
        two.flush(),
        one.flush(),
        two.flush(),
      ]);
      expect(notifications.sent).toHaveLength(1);
      expect(reports.reduce((n, x) => n + x.sent, 0)).toBe(1);
      expect(notifications.sent[0].payload.scope).toContain(r.id);
    } finally {
      await other.destroy();
    }
  });

  it('tries a failed send again at the next tick, then never again once sent; gives up after a few attempts', async () => {
    await start([0, 0, 1]);
    const a = advancer();
    notifications.failures = 1;
    await a.tick(); // awaiting approval: the send fails
    expect(notifications.sent).toHaveLength(0);
    await a.tick(); // tried again
    await a.tick();
    expect(notifications.sent).toHaveLength(1);

    await start([0, 0, 1]);
    notifications.failures = MAX_ATTEMPTS + 1;
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) await a.tick();
    expect(notifications.sent).toHaveLength(1);
    const states = await knex('rollout_events')
      .whereNotNull('notify_state')
      .select('notify_state', 'notify_attempts')
      .orderBy('id');
    expect(states).toEqual([
      { notify_state: 'sent', notify_attempts: 1 },
      { notify_state: 'failed', notify_attempts: MAX_ATTEMPTS },
    ]);
  });

  it('takes again a claim left by a process that died before sending', async () => {
    await start([0, 0, 1]);
    await silentAdvancer().tick();
    // a process claimed the event and died
    await knex('rollout_events')
      .where({ notify_state: 'pending' })
      .update({ notify_state: 'sending', notify_claimed_at: clock });
    expect((await notifier().flush()).sent).toBe(0);
    clock += CLAIM_EXPIRY_MS + 1;
    expect((await notifier().flush()).sent).toBe(1);
    expect(notifications.sent).toHaveLength(1);
  });

  it('notifies no event a person caused, and nobody when no one is to be told', async () => {
    const r = await start([1, 0, 0]);
    await store.transitionRollout(r.id, ['running'], 'paused', 'by hand', {
      actor: 'user:default/ops-lead',
      kind: 'paused',
      message: 'paused by hand',
    });
    expect((await notifier().flush()).sent).toBe(0);

    // a rollout a service started, no approver configured
    const draft = draftRollout([0, 0, 1], { createdBy: 'service:ci' });
    await store.insert(draft, {
      actor: 'service:ci',
      kind: 'started',
      message: 'started',
    });
    await new RolloutAdvancer({
      store,
      forge,
      opener: new FakeOpener(forge),
      statuses,
      alerts: new FakeAlerts(),
      config,
      logger: testLogger(),
      owner: 'test-1',
      notifier: new RolloutNotifier({
        store,
        notifications,
        config: { enabled: true, approvers: [] },
        logger: testLogger(),
      }),
    }).tick();
    expect(notifications.sent).toHaveLength(0);
    expect(
      await knex('rollout_events')
        .where({ rollout_id: draft.id, kind: 'approval-requested' })
        .first('notify_state'),
    ).toEqual({ notify_state: 'sent' });
  });
});
