/*
 * The catalog test backend shared by the integration test
 * (src/__integration__/catalogBackend.test.ts) and the catalog bench
 * (bench/catalog/bench.ts): the real catalog backend with the Pégase
 * providers, on the machine's PostgreSQL, with the real scheduler, and a way
 * to reach the events service the providers subscribe to.
 */
import {
  type BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { EventsService, eventsServiceRef } from '@backstage/plugin-events-node';
import { catalogModulePegase } from '../module';

// pg ships no types and @types/pg is not installed: a narrow local type
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as {
  Client: new (c: object) => {
    connect(): Promise<void>;
    query(q: string, v?: unknown[]): Promise<{ rows: any[] }>;
    end(): Promise<void>;
  };
};

/**
 * The machine's PostgreSQL (`PEGASE_PG_HOST`/`_PORT`/`_USER`, default
 * 127.0.0.1:5432, postgres).
 * @public
 */
export const TEST_PG = {
  host: process.env.PEGASE_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.PEGASE_PG_PORT ?? 5432),
  user: process.env.PEGASE_PG_USER ?? 'postgres',
};

/** Runs one query on the `postgres` database (or `database`). @public */
export async function pgQuery(
  sql: string,
  values?: unknown[],
  database = 'postgres',
): Promise<any[]> {
  const client = new Client({ ...TEST_PG, database });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Drops every database whose name starts with `prefix`. @public */
export async function dropTestDatabases(prefix: string): Promise<void> {
  const rows = await pgQuery(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${prefix}%`],
  );
  for (const r of rows) {
    await pgQuery(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  }
}

/** A started catalog test backend. @public */
export interface CatalogTestBackend {
  /** The started test backend (`startTestBackend`'s result). */
  backend: Awaited<ReturnType<typeof startTestBackend>>;
  /** Base URL of the catalog API (`http://localhost:<port>/api/catalog`). */
  baseUrl: string;
  /** GET on the catalog API as a user: the JSON body, or undefined when not ok. */
  get(path: string): Promise<any>;
  /** The events service of the catalog plugin. */
  events(): EventsService;
}

/**
 * Starts the real catalog backend with the Pégase providers on PostgreSQL
 * (database prefix `prefix`); `catalog` is merged into the `catalog` config
 * (default `processingInterval` 100 s). `features` and `config` (top-level
 * keys other than `backend` and `catalog`) add other plugins beside it.
 * @public
 */
export async function startCatalogTestBackend(options: {
  prefix: string;
  catalog: Record<string, unknown>;
  features?: BackendFeature[];
  config?: Record<string, unknown>;
}): Promise<CatalogTestBackend> {
  let events: EventsService | undefined;
  const capture = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'pegase-test-capture',
    register(env) {
      env.registerInit({
        deps: { e: eventsServiceRef },
        async init({ e }) {
          events = e;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModulePegase,
      capture,
      databaseServiceFactory,
      // the real scheduler: startTestBackend's mock one never runs scheduled tasks
      schedulerServiceFactory,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          backend: {
            ...(options.config?.backend as object | undefined),
            baseUrl: 'http://localhost:0',
            database: {
              client: 'pg',
              connection: TEST_PG,
              prefix: options.prefix,
            },
          },
          catalog: {
            processingInterval: { seconds: 100 },
            ...options.catalog,
          },
        },
      }),
    ],
  });
  const baseUrl = `http://localhost:${backend.server.port()}/api/catalog`;
  const get = async (p: string) => {
    const res = await fetch(`${baseUrl}${p}`, {
      headers: { authorization: mockCredentials.user.header() },
    });
    return res.ok ? res.json() : undefined;
  };
  return {
    backend,
    baseUrl,
    get,
    events: () => {
      if (!events) throw new Error('the catalog events service is not up');
      return events;
    },
  };
}
