/*
 * Benchmark of the Pégase catalog providers (prints JSON on stdout).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/catalog/bench.ts [100,1000,5000] [read-only]
 *
 * `read-only`: only the read + transform figures (no catalog backend).
 *
 * For each fleet size N (generated with @pcscol/demo-fleet, seed 7), on the
 * machine's PostgreSQL (127.0.0.1:5432, user postgres; own database prefix,
 * dropped at the end):
 *  - readTransformMs: read + transform by the providers, cold (no parse cache: the
 *    first read of a provider; median of 3);
 *  - rereadTransformMs: the same with the parse cache the providers keep between reads
 *    (a scheduled or push re-read: unchanged files are not parsed again; median of 3);
 *  - providerServedMs: from the first mutation until every entity is served by
 *    the catalog API with its relations stitched (instances count = N, and a
 *    component lists every instance running it as dependencyOf);
 *  - locationServedMs: the same entities and relations registered as
 *    generated YAML behind one file Location (the stock path), measured the same way;
 *  - ratio = providerServedMs / locationServedMs;
 *  - eventServedMs: from a one-instance change event until the API serves it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { Entity } from '@backstage/catalog-model';
import { EventsService, eventsServiceRef } from '@backstage/plugin-events-node';
import { directoryFileSource, GitopsReadCache } from '@pcscol/plugin-pegase-node';
import { generateFleet } from '@pcscol/demo-fleet';
import {
  catalogModulePegase,
  readPegaseEntities,
} from '@pcscol/plugin-catalog-backend-module-pegase';

// pg ships no types and @types/pg is not installed: a narrow local type
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as {
  Client: new (c: object) => {
    connect(): Promise<void>;
    query(q: string, v?: unknown[]): Promise<{ rows: any[] }>;
    end(): Promise<void>;
  };
};

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const runId = `pegase_bench_${process.pid}_${Date.now().toString(36)}`;

async function dropDatabases() {
  const client = new Client({ ...PG, database: 'postgres' });
  await client.connect();
  const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${runId}%`]);
  for (const r of rows) await client.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await client.end();
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function startCatalog(prefix: string, catalogConfig: Record<string, unknown>) {
  let events: EventsService | undefined;
  const capture = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-capture',
    register(env) {
      env.registerInit({ deps: { e: eventsServiceRef }, async init({ e }) { events = e; } });
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
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:0', database: { client: 'pg', connection: PG, prefix } },
          catalog: { processingInterval: { seconds: 100 }, ...catalogConfig },
        },
      }),
    ],
  });
  const base = `http://localhost:${backend.server.port()}/api/catalog`;
  const get = async (p: string) => {
    const res = await fetch(`${base}${p}`, { headers: { authorization: mockCredentials.user.header() } });
    return res.ok ? res.json() : undefined;
  };
  return { backend, get, events: () => events! };
}

async function servedWithRelations(
  get: (p: string) => Promise<any>,
  n: number,
  component: string,
  runners: number,
  started: number,
  timeoutMs: number,
): Promise<number> {
  for (;;) {
    const q = await get(`/entities/by-query?filter=${encodeURIComponent('kind=resource,spec.type=pegase-instance')}&limit=1`);
    if (q?.totalItems === n) {
      const e = await get(`/entities/by-name/component/default/${component}`);
      const deps = e?.relations?.filter((r: any) => r.type === 'dependencyOf' && r.targetRef.startsWith('resource:')).length ?? 0;
      if (deps >= runners) return Date.now() - started;
    }
    if (Date.now() - started > timeoutMs) return NaN;
    await sleep(250);
  }
}

async function benchSize(n: number, readOnly: boolean) {
  const fleetDir = path.join(os.tmpdir(), `pegase-bench-fleet-${n}`);
  if (!fs.existsSync(path.join(fleetDir, 'charts'))) {
    fs.rmSync(fleetDir, { recursive: true, force: true });
    generateFleet({ outDir: fleetDir, instances: n, seed: 7 });
  }
  const times: number[] = [];
  let result = await readPegaseEntities(directoryFileSource(fleetDir));
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    result = await readPegaseEntities(directoryFileSource(fleetDir));
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const cache = new GitopsReadCache();
  await readPegaseEntities(directoryFileSource(fleetDir), { cache });
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    await readPegaseEntities(directoryFileSource(fleetDir), { cache });
    warm.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  warm.sort((a, b) => a - b);
  const all = [...result.chart, ...result.inventory, ...result.clusters];
  const component = result.chart.find(e => e.kind === 'Component' && e.spec?.type === 'service')!.metadata.name;
  const runners = result.inventory.filter(e =>
    (e.spec?.dependsOn as string[] | undefined)?.includes(`component:${component}`),
  ).length;
  const relations = all.reduce(
    (s, e) =>
      s +
      (['dependsOn', 'dependencyOf', 'providesApis', 'consumesApis'] as const).reduce(
        (x, k) => x + ((e.spec?.[k] as string[] | undefined)?.length ?? 0),
        0,
      ),
    0,
  );
  const timeoutMs = Math.max(120_000, n * 200);
  if (readOnly) {
    return {
      instances: n,
      entities: all.length,
      relations,
      readTransformMs: Math.round(times[1]),
      readTransformRunsMs: times.map(Math.round),
      rereadTransformMs: Math.round(warm[1]),
      rereadTransformRunsMs: warm.map(Math.round),
      loadavg: os.loadavg(),
    };
  }

  // 1. the providers
  const t0 = Date.now();
  const prov = await startCatalog(`${runId}_p${n}_`, {
    providers: {
      pegase: {
        source: { type: 'dir', path: fleetDir },
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 10 } },
        events: { debounceMs: 50 },
      },
    },
  });
  const providerStarted = Date.now();
  const providerServedMs = await servedWithRelations(prov.get, n, component, runners, providerStarted, timeoutMs);
  const startupMs = providerStarted - t0;

  // one-instance change event
  const inst = result.inventory.find(e => e.spec?.type === 'pegase-instance')!;
  const file = path.join(fleetDir, inst.metadata.annotations!['pc-scol.fr/source-file']);
  const original = fs.readFileSync(file, 'utf8');
  const json = JSON.parse(original);
  const target = Array.isArray(json) ? json.find((x: any) => x.name === inst.metadata.name) : json;
  const marker = `Bench ${Date.now()}`;
  target.university = marker;
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  const tEvent = Date.now();
  await prov.events().publish({
    topic: 'gitops',
    eventPayload: {
      object_kind: 'push',
      ref: 'refs/heads/main',
      after: `bench${tEvent}`,
      commits: [{ added: [], modified: [inst.metadata.annotations!['pc-scol.fr/source-file']], removed: [] }],
      total_commits_count: 1,
    },
  });
  let eventServedMs = NaN;
  while (Date.now() - tEvent < 120_000) {
    const e = await prov.get(`/entities/by-name/resource/default/${inst.metadata.name}`);
    if (e?.metadata?.annotations?.['pc-scol.fr/university'] === marker) {
      eventServedMs = Date.now() - tEvent;
      break;
    }
    await sleep(100);
  }
  fs.writeFileSync(file, original);
  await prov.backend.stop();

  // 2. the stock path: the same entities as YAML behind one Location
  const yamlFile = path.join(os.tmpdir(), `pegase-bench-${n}.yaml`);
  fs.writeFileSync(
    yamlFile,
    all
      .map((e: Entity) => {
        const { ['backstage.io/managed-by-location']: _a, ['backstage.io/managed-by-origin-location']: _b, ...annotations } =
          e.metadata.annotations ?? {};
        return `---\n${stringify({ ...e, metadata: { ...e.metadata, annotations } }, { lineWidth: 0 })}`;
      })
      .join(''),
  );
  const loc = await startCatalog(`${runId}_l${n}_`, {
    rules: [{ allow: ['Component', 'System', 'API', 'Resource', 'Location'] }],
    locations: [{ type: 'file', target: yamlFile }],
  });
  const locationStarted = Date.now();
  const locationServedMs = await servedWithRelations(loc.get, n, component, runners, locationStarted, timeoutMs);
  await loc.backend.stop();
  fs.rmSync(yamlFile, { force: true });

  return {
    instances: n,
    entities: all.length,
    relations,
    readTransformMs: Math.round(times[1]),
    rereadTransformMs: Math.round(warm[1]),
    backendStartupMs: startupMs,
    providerServedMs,
    locationServedMs,
    ratio: Math.round((providerServedMs / locationServedMs) * 100) / 100,
    eventServedMs,
  };
}

async function main() {
  const sizes = (process.argv[2] ?? '100,1000').split(',').map(Number);
  const readOnly = process.argv[3] === 'read-only';
  const out: unknown[] = [];
  try {
    for (const n of sizes) {
      out.push(await benchSize(n, readOnly));
      process.stderr.write(`${JSON.stringify(out[out.length - 1])}\n`);
    }
  } finally {
    await dropDatabases();
  }
  process.stdout.write(
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadavg: os.loadavg(), results: out }, null, 2)}\n`,
  );
  process.exit(0);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  dropDatabases().finally(() => process.exit(1));
});
