/*
 * The rollouts in the plugin's database (coreServices.database, knex,
 * migrations in ../../migrations). Every state change is an UPDATE guarded by
 * the state it expects (`WHERE state IN (...)`) in a transaction with its
 * event: of two replicas or a restarted process, one wins and the other sees
 * 0 rows and moves on.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  RolloutChangeRequest,
  RolloutGateVerdict,
  Rollout,
  RolloutEvent,
  RolloutState,
  RolloutSummary,
  RolloutWave,
  RolloutWaveState,
} from '@pcscol/plugin-pegase-common';
import { notifies } from './notifications';

const migrationsDir = resolvePackagePath(
  '@pcscol/plugin-fleet-backend',
  'migrations',
);

/** A new rollout, before it is stored. */
export type RolloutDraft = Omit<Rollout, 'updatedAt' | 'state' | 'stateReason'>;

/** The wave fields a transition may set. */
export interface WavePatch {
  state?: RolloutWaveState;
  changeRequest?: RolloutChangeRequest;
  rollbackChangeRequest?: RolloutChangeRequest;
  gate?: RolloutGateVerdict;
  approvedBy?: string;
  approvedAt?: string;
  openedAt?: string;
  mergedAt?: string;
  /** `null` clears it (the soak starts over). */
  healthySince?: string | null;
}

/** An event to log with a transition. */
export interface EventDraft {
  actor: string;
  kind: string;
  message: string;
  waveIndex?: number;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = <T>(v: unknown): T | undefined =>
  typeof v === 'string' && v ? (JSON.parse(v) as T) : undefined;
const opt = <T>(v: T | null | undefined): T | undefined =>
  v === null ? undefined : v;

function waveOf(row: any): RolloutWave {
  return {
    index: Number(row.wave_index),
    name: row.name,
    state: row.state,
    instances: parse(row.instances) ?? [],
    changeRequest: parse(row.change_request),
    rollbackChangeRequest: parse(row.rollback_change_request),
    gate: parse(row.gate),
    requiresApproval: Boolean(row.requires_approval),
    approvedBy: opt(row.approved_by),
    approvedAt: opt(row.approved_at),
    openedAt: opt(row.opened_at),
    mergedAt: opt(row.merged_at),
    healthySince: opt(row.healthy_since),
  };
}

function rolloutOf(row: any, waves: RolloutWave[]): Rollout {
  return {
    id: row.id,
    targetVersion: row.target_version,
    selection: parse(row.selection) ?? {},
    strategy: parse(row.strategy) ?? { by: 'usage' },
    state: row.state,
    stateReason: opt(row.state_reason),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    waves,
  };
}

function wavePatchRow(p: WavePatch): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  if (p.state !== undefined) row.state = p.state;
  if (p.changeRequest !== undefined) row.change_request = json(p.changeRequest);
  if (p.rollbackChangeRequest !== undefined)
    row.rollback_change_request = json(p.rollbackChangeRequest);
  if (p.gate !== undefined) row.gate = json(p.gate);
  if (p.approvedBy !== undefined) row.approved_by = p.approvedBy;
  if (p.approvedAt !== undefined) row.approved_at = p.approvedAt;
  if (p.openedAt !== undefined) row.opened_at = p.openedAt;
  if (p.mergedAt !== undefined) row.merged_at = p.mergedAt;
  if (p.healthySince !== undefined) row.healthy_since = p.healthySince;
  return row;
}

export class RolloutStore {
  /** Migrates the plugin's database (unless `skipMigrations`) and returns the store. */
  static async create(database: DatabaseService): Promise<RolloutStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({
        directory: migrationsDir,
        tableName: 'fleet_knex_migrations',
      });
    }
    return new RolloutStore(knex);
  }

  constructor(readonly knex: Knex) {}

  #now() {
    return new Date().toISOString();
  }

  async #event(tx: Knex, rolloutId: string, e: EventDraft, at: string) {
    await tx('rollout_events').insert({
      rollout_id: rolloutId,
      wave_index: e.waveIndex ?? null,
      at,
      actor: e.actor,
      kind: e.kind,
      message: e.message,
      // sent once by RolloutNotifier, whatever ticks or replicas follow
      notify_state: notifies(e.kind) ? 'pending' : null,
    });
  }

  /** Stores a new rollout (state `running`) and its `started` event. */
  async insert(draft: RolloutDraft, event: EventDraft): Promise<Rollout> {
    const at = draft.createdAt;
    await this.knex.transaction(async tx => {
      await tx('rollouts').insert({
        id: draft.id,
        target_version: draft.targetVersion,
        selection: json(draft.selection),
        strategy: json(draft.strategy),
        state: 'running',
        created_by: draft.createdBy,
        created_at: at,
        updated_at: at,
      });
      for (const w of draft.waves) {
        await tx('rollout_waves').insert({
          rollout_id: draft.id,
          wave_index: w.index,
          name: w.name,
          state: w.state,
          instances: json(w.instances),
          requires_approval: w.requiresApproval,
        });
      }
      await this.#event(tx, draft.id, event, at);
    });
    return (await this.get(draft.id))!;
  }

  async get(id: string): Promise<Rollout | undefined> {
    const row = await this.knex('rollouts').where({ id }).first();
    if (!row) return undefined;
    const waves = await this.knex('rollout_waves')
      .where({ rollout_id: id })
      .orderBy('wave_index');
    return rolloutOf(row, waves.map(waveOf));
  }

  /** Every rollout, newest first, with its waves' states. */
  async list(filter?: { state?: RolloutState[] }): Promise<RolloutSummary[]> {
    let q = this.knex('rollouts').orderBy('created_at', 'desc');
    if (filter?.state?.length) q = q.whereIn('state', filter.state);
    const rows = await q;
    if (rows.length === 0) return [];
    const waves = await this.knex('rollout_waves')
      .whereIn(
        'rollout_id',
        rows.map(r => r.id),
      )
      .select('rollout_id', 'wave_index', 'name', 'state', 'instances')
      .orderBy(['rollout_id', 'wave_index']);
    const byRollout = new Map<string, RolloutSummary['waves']>();
    for (const w of waves) {
      const list = byRollout.get(w.rollout_id) ?? [];
      list.push({
        name: w.name,
        state: w.state,
        instances: (parse<unknown[]>(w.instances) ?? []).length,
      });
      byRollout.set(w.rollout_id, list);
    }
    return rows.map(r => {
      const ws = byRollout.get(r.id) ?? [];
      return {
        id: r.id,
        targetVersion: r.target_version,
        state: r.state,
        stateReason: opt(r.state_reason),
        createdBy: r.created_by,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        instances: ws.reduce((n, w) => n + w.instances, 0),
        waves: ws,
      };
    });
  }

  async events(id: string, limit = 500): Promise<RolloutEvent[]> {
    const rows = await this.knex('rollout_events')
      .where({ rollout_id: id })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.reverse().map(r => ({
      id: Number(r.id),
      rolloutId: r.rollout_id,
      waveIndex: r.wave_index === null ? undefined : Number(r.wave_index),
      at: r.at,
      actor: r.actor,
      kind: r.kind,
      message: r.message,
    }));
  }

  /** The last event of a rollout. */
  async lastEvent(id: string): Promise<RolloutEvent | undefined> {
    return (await this.events(id, 1))[0];
  }

  /** Ids of the rollouts the advancer looks at: running, or with a roll back to finish. */
  async idsToAdvance(): Promise<string[]> {
    const rows = await this.knex('rollouts')
      .where({ state: 'running' })
      .orWhereIn(
        'id',
        this.knex('rollout_waves')
          .where({ state: 'rolling-back' })
          .select('rollout_id'),
      )
      .select('id')
      .orderBy('created_at');
    return rows.map(r => r.id);
  }

  /**
   * Takes the rollout for `owner` until `untilMs` unless another owner holds
   * an unexpired lease: of two advancers, one works on it.
   */
  async claim(id: string, owner: string, untilMs: number): Promise<boolean> {
    const nowMs = Date.now();
    const n = await this.knex('rollouts')
      .where({ id })
      .andWhere(q =>
        q
          .whereNull('lease_until')
          .orWhere('lease_until', '<', nowMs)
          .orWhere('lease_owner', owner),
      )
      .update({ lease_owner: owner, lease_until: untilMs });
    return n === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.knex('rollouts')
      .where({ id, lease_owner: owner })
      .update({ lease_owner: null, lease_until: null });
  }

  /**
   * Applies `patch` to a wave if its state is one of `expected`, with the
   * event, in one transaction; false when another process moved it first.
   */
  async transitionWave(
    id: string,
    index: number,
    expected: RolloutWaveState[],
    patch: WavePatch,
    event?: EventDraft,
  ): Promise<boolean> {
    const at = this.#now();
    return this.knex.transaction(async tx => {
      const n = await tx('rollout_waves')
        .where({ rollout_id: id, wave_index: index })
        .whereIn('state', expected)
        .update(wavePatchRow(patch));
      if (n !== 1) return false;
      await tx('rollouts').where({ id }).update({ updated_at: at });
      if (event) await this.#event(tx, id, { ...event, waveIndex: index }, at);
      return true;
    });
  }

  /** Sets a rollout's state if it is one of `expected`, with the event; false otherwise. */
  async transitionRollout(
    id: string,
    expected: RolloutState[],
    state: RolloutState,
    reason: string | undefined,
    event: EventDraft,
  ): Promise<boolean> {
    const at = this.#now();
    return this.knex.transaction(async tx => {
      const n = await tx('rollouts')
        .where({ id })
        .whereIn('state', expected)
        .update({ state, state_reason: reason ?? null, updated_at: at });
      if (n !== 1) return false;
      await this.#event(tx, id, event, at);
      return true;
    });
  }

  async addEvent(id: string, event: EventDraft): Promise<void> {
    await this.#event(this.knex, id, event, this.#now());
  }
}
