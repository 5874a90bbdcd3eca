// @ts-check
/*
 * The rollouts of issue 25 (plugins/fleet-backend/src/rollouts/RolloutStore.ts).
 * JSON columns are text, times ISO-8601 strings: the same on PostgreSQL and on
 * the demo's SQLite.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollouts', table => {
    table.comment('Gated upgrades of a selection of Pégase instances');
    table.string('id', 64).primary();
    table.string('target_version', 128).notNullable();
    table.text('selection').notNullable();
    table.text('strategy').notNullable();
    table.string('state', 32).notNullable();
    table.text('state_reason');
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    // which advancer works on it until when (a second replica skips it)
    table.string('lease_owner', 128);
    table.bigInteger('lease_until');
    table.index(['state'], 'rollouts_state_idx');
  });
  await knex.schema.createTable('rollout_waves', table => {
    table.comment('Ordered waves of a rollout, one change request each');
    table
      .string('rollout_id', 64)
      .notNullable()
      .references('id')
      .inTable('rollouts')
      .onDelete('CASCADE');
    table.integer('wave_index').notNullable();
    table.string('name', 128).notNullable();
    table.string('state', 32).notNullable();
    table.text('instances').notNullable();
    table.boolean('requires_approval').notNullable().defaultTo(false);
    table.text('change_request');
    table.text('rollback_change_request');
    table.text('gate');
    table.string('approved_by', 255);
    table.string('approved_at', 32);
    table.string('opened_at', 32);
    table.string('merged_at', 32);
    table.string('healthy_since', 32);
    table.primary(['rollout_id', 'wave_index']);
  });
  await knex.schema.createTable('rollout_events', table => {
    table.comment('Who did what to a rollout, when');
    table.increments('id');
    table
      .string('rollout_id', 64)
      .notNullable()
      .references('id')
      .inTable('rollouts')
      .onDelete('CASCADE');
    table.integer('wave_index');
    table.string('at', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.string('kind', 64).notNullable();
    table.text('message').notNullable();
    table.index(['rollout_id', 'id'], 'rollout_events_rollout_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_events');
  await knex.schema.dropTable('rollout_waves');
  await knex.schema.dropTable('rollouts');
};
