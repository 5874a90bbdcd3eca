/*
 * Sends the notifications of rollout events (notifications.ts) from the
 * events themselves, not from the tick: a transition that calls for one writes
 * its event `pending` in its own transaction (RolloutStore), and the notifier
 * claims each pending event with a guarded UPDATE before sending it. Of two
 * replicas or two ticks, one claims and sends; a tick that sees the same state
 * again writes no new event, so nothing is sent twice. A failed send is tried
 * again at the next tick (a few times); a claim left by a process that died
 * before its send is taken again after CLAIM_EXPIRY_MS.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { Rollout } from '@pcscol/plugin-pegase-common';
import {
  rolloutNotification,
  type RolloutNotificationConfig,
} from './notifications';
import type { RolloutStore } from './RolloutStore';

/** A claim older than this is taken again. */
export const CLAIM_EXPIRY_MS = 5 * 60_000;
/** Sends tried before an event's notification is given up. */
export const MAX_ATTEMPTS = 5;
/** Events looked at per flush (the rest at the next tick). */
const BATCH = 100;

/** What one flush did. */
export interface FlushReport {
  sent: number;
  failed: number;
  /** Claimed by another process first. */
  skipped: number;
}

export class RolloutNotifier {
  constructor(
    private readonly deps: {
      store: RolloutStore;
      notifications: Pick<NotificationService, 'send'>;
      config: RolloutNotificationConfig;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  #now() {
    return this.deps.now?.() ?? Date.now();
  }

  /** Takes one event for this process; false when another has it. */
  async #claim(id: number): Promise<boolean> {
    const now = this.#now();
    const n = await this.deps.store
      .knex('rollout_events')
      .where({ id })
      .andWhere(q =>
        q
          .where({ notify_state: 'pending' })
          .orWhere(s =>
            s
              .where({ notify_state: 'sending' })
              .andWhere('notify_claimed_at', '<', now - CLAIM_EXPIRY_MS),
          ),
      )
      .update({ notify_state: 'sending', notify_claimed_at: now });
    return n === 1;
  }

  async #mark(id: number, state: 'sent' | 'pending' | 'failed', tried = 0) {
    await this.deps.store
      .knex('rollout_events')
      .where({ id, notify_state: 'sending' })
      .update({
        notify_state: state,
        notify_claimed_at: null,
        ...(tried ? { notify_attempts: tried } : {}),
      });
  }

  /** Sends the notification of every pending event (those of a dead claim too). */
  async flush(): Promise<FlushReport> {
    const { store, notifications, config, logger } = this.deps;
    const report: FlushReport = { sent: 0, failed: 0, skipped: 0 };
    const rows = await store
      .knex('rollout_events')
      .whereIn('notify_state', ['pending', 'sending'])
      .orderBy('id')
      .limit(BATCH)
      .select(
        'id',
        'rollout_id',
        'wave_index',
        'at',
        'actor',
        'kind',
        'message',
        'notify_state',
        'notify_attempts',
        'notify_claimed_at',
      );
    const now = this.#now();
    const rollouts = new Map<string, Rollout | undefined>();
    for (const row of rows) {
      if (
        row.notify_state === 'sending' &&
        Number(row.notify_claimed_at) >= now - CLAIM_EXPIRY_MS
      )
        continue; // another process is sending it
      const id = Number(row.id);
      if (!config.enabled) {
        // notifications off: marked so that turning them on sends no backlog
        if (await this.#claim(id)) await this.#mark(id, 'failed');
        continue;
      }
      if (!(await this.#claim(id))) {
        report.skipped++;
        continue;
      }
      if (!rollouts.has(row.rollout_id))
        rollouts.set(row.rollout_id, await store.get(row.rollout_id));
      const rollout = rollouts.get(row.rollout_id);
      const notification = rollout
        ? rolloutNotification(
            rollout,
            {
              id,
              rolloutId: row.rollout_id,
              waveIndex:
                row.wave_index === null ? undefined : Number(row.wave_index),
              at: row.at,
              actor: row.actor,
              kind: row.kind,
              message: row.message,
            },
            config,
          )
        : undefined;
      if (!notification) {
        await this.#mark(id, 'sent'); // nobody to tell
        continue;
      }
      try {
        await notifications.send(notification);
        await this.#mark(id, 'sent');
        report.sent++;
      } catch (e) {
        const tried = Number(row.notify_attempts ?? 0) + 1;
        const giveUp = tried >= MAX_ATTEMPTS;
        await this.#mark(id, giveUp ? 'failed' : 'pending', tried);
        report.failed++;
        logger.warn(
          `rollout ${row.rollout_id}: the notification of event ${id} (${
            row.kind
          }) could not be sent${
            giveUp ? `; given up after ${tried} attempts` : ', retried'
          }: ${(e as Error)?.message ?? e}`,
        );
      }
    }
    return report;
  }
}
