import knexFactory, { type Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { RolloutStore } from './RolloutStore';
import {
  databaseServiceOf,
  rolloutTestDatabases,
} from './__testUtils__/database';
import { draftRollout } from './__testUtils__/rollouts';

jest.setTimeout(60_000);
const databases = rolloutTestDatabases();

describe('RolloutStore on PostgreSQL', () => {
  let knex: Knex;
  let store: RolloutStore;
  beforeAll(async () => {
    knex = await databases.init('POSTGRES_15');
    store = await RolloutStore.create(databaseServiceOf(knex));
  });

  it('migrates up, down and up again', async () => {
    expect(await knex.schema.hasTable('rollouts')).toBe(true);
    expect(await knex.schema.hasTable('rollout_waves')).toBe(true);
    expect(await knex.schema.hasTable('rollout_events')).toBe(true);
    const other = await databases.init('POSTGRES_15');
    const dir = require('node:path').resolve(__dirname, '../../migrations');
    const opts = { directory: dir, tableName: 'fleet_knex_migrations' };
    await other.migrate.latest(opts);
    await other.migrate.rollback(opts, true);
    expect(await other.schema.hasTable('rollouts')).toBe(false);
    await other.migrate.latest(opts);
    expect(await other.schema.hasTable('rollout_events')).toBe(true);
  });

  it('stores a rollout with its waves, instances and started event', async () => {
    const draft = draftRollout([2, 1, 1]);
    const stored = await store.insert(draft, {
      actor: draft.createdBy,
      kind: 'started',
      message: 'started',
    });
    expect(stored.state).toBe('running');
    expect(
      stored.waves.map(w => [w.name, w.state, w.instances.length]),
    ).toEqual([
      ['sandbox', 'pending', 2],
      ['construction', 'pending', 1],
      ['production', 'pending', 1],
    ]);
    expect(stored.waves[0].instances[0]).toEqual(draft.waves[0].instances[0]);
    expect(stored.waves[2].requiresApproval).toBe(true);
    const list = await store.list();
    expect(list.find(r => r.id === draft.id)).toMatchObject({
      instances: 4,
      waves: [
        { name: 'sandbox', state: 'pending', instances: 2 },
        { name: 'construction', state: 'pending', instances: 1 },
        { name: 'production', state: 'pending', instances: 1 },
      ],
    });
    expect(await store.events(draft.id)).toEqual([
      expect.objectContaining({ kind: 'started', actor: draft.createdBy }),
    ]);
  });

  it('applies a transition only from the expected state, once', async () => {
    const draft = draftRollout([1, 0, 0]);
    await store.insert(draft, { actor: 'a', kind: 'started', message: 's' });
    const move = () =>
      store.transitionWave(
        draft.id,
        0,
        ['pending'],
        {
          state: 'opening',
          changeRequest: { forge: 'gitlab', branch: 'b', state: 'opening' },
        },
        { actor: 'system', kind: 'change-request-opening', message: 'm' },
      );
    const results = await Promise.all([move(), move(), move()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const events = await store.events(draft.id);
    expect(
      events.filter(e => e.kind === 'change-request-opening'),
    ).toHaveLength(1);
    const r = await store.get(draft.id);
    expect(r!.waves[0].changeRequest).toEqual({
      forge: 'gitlab',
      branch: 'b',
      state: 'opening',
    });
    expect(
      await store.transitionRollout(
        draft.id,
        ['paused'],
        'running',
        undefined,
        {
          actor: 'a',
          kind: 'resumed',
          message: 'r',
        },
      ),
    ).toBe(false);
  });

  it('leases a rollout to one owner at a time, until it expires', async () => {
    const draft = draftRollout([1, 0, 0]);
    await store.insert(draft, { actor: 'a', kind: 'started', message: 's' });
    const second = new RolloutStore(
      knexFactory({ client: 'pg', connection: knex.client.config.connection }),
    );
    try {
      const until = Date.now() + 60_000;
      expect(await store.claim(draft.id, 'one', until)).toBe(true);
      expect(await second.claim(draft.id, 'two', until)).toBe(false);
      await store.release(draft.id, 'one');
      expect(await second.claim(draft.id, 'two', Date.now() - 1)).toBe(true);
      // an expired lease (a dead process) is taken over
      expect(await store.claim(draft.id, 'one', until)).toBe(true);
    } finally {
      await second.knex.destroy();
    }
  });
});

describe('RolloutStore on SQLite (the in-memory demo)', () => {
  const sqlite = TestDatabases.create({ ids: ['SQLITE_3'] });
  it('migrates and keeps a rollout', async () => {
    const db = await sqlite.init('SQLITE_3');
    const s = await RolloutStore.create(databaseServiceOf(db));
    const draft = draftRollout([1, 1, 0]);
    await s.insert(draft, { actor: 'a', kind: 'started', message: 's' });
    expect(await s.claim(draft.id, 'one', Date.now() + 1000)).toBe(true);
    expect(await s.idsToAdvance()).toEqual([draft.id]);
    expect(
      await s.transitionWave(draft.id, 0, ['pending'], { state: 'opening' }),
    ).toBe(true);
    expect((await s.get(draft.id))!.waves.map(w => w.state)).toEqual([
      'opening',
      'pending',
    ]);
  });
});
