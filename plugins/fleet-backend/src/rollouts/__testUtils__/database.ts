import { TestDatabases } from '@backstage/backend-test-utils';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** Real PostgreSQL (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, as scripts/test.sh exports it). */
export function rolloutTestDatabases() {
  return TestDatabases.create({ ids: ['POSTGRES_15'] });
}

/** The database service of the plugin over a knex client of a test database. */
export function databaseServiceOf(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } };
}
