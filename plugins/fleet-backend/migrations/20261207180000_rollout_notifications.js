// @ts-check
/*
 * Rollout notifications (plugins/fleet-backend/src/rollouts/RolloutNotifier.ts):
 * an event that calls for a notification (a gate passed or failed, a wave
 * awaiting an approval, a rollout completed) is written `pending` in the
 * transaction of its transition; a notifier claims it (`sending`, with the
 * time of the claim), sends it and marks it `sent`. Events stored before this
 * migration were never meant to notify: they stay without a state.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollout_events', table => {
    // pending, sending, sent, failed (given up after a few attempts)
    table.string('notify_state', 16);
    table.integer('notify_attempts').notNullable().defaultTo(0);
    // when a notifier claimed it (ms): a claim older than a few minutes is
    // taken again (the process died between the claim and the send)
    table.bigInteger('notify_claimed_at');
    table.index(['notify_state'], 'rollout_events_notify_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollout_events', table => {
    table.dropIndex(['notify_state'], 'rollout_events_notify_idx');
    table.dropColumn('notify_claimed_at');
    table.dropColumn('notify_attempts');
    table.dropColumn('notify_state');
  });
};
