/*
 * Benchmark of the Pégase catalog providers (prints JSON on stdout).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/catalog/bench.ts [100,1000,5000] [read-only] [--runs=3]
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
 *  - providerServedMs: from the start of the backend until every entity is served
 *    by the catalog API with its relations stitched (instances count = N, and a
 *    component lists every instance running it as dependencyOf). Counted from the
 *    start, not from the moment it listens, because the paths feed the engine at
 *    different moments: the Location's entities go in while the catalog starts, the
 *    providers' read runs once it has started. `providerProcessedMs`: until the
 *    engine had processed every entity (the rest is stitching); `backendStartupMs`:
 *    until the backend listened;
 *  - locationServedMs / locationProcessedMs: the same entities and relations
 *    registered as generated YAML behind one file Location (the stock path);
 *  - ratio = median providerServedMs / median locationServedMs over `--runs`
 *    rounds, each round running both paths, alternating which goes first;
 *  - providerWrites / locationWrites: rows the engine wrote per table (PostgreSQL
 *    statistics), the work behind the times, which the machine's load does not change;
 *  - eventServedMs: from a one-instance change event until the API serves it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { Entity } from '@backstage/catalog-model';
import {
  directoryFileSource,
  GitopsReadCache,
} from '@pcscol/plugin-pegase-node';
import { generateFleet } from '@pcscol/demo-fleet';
import {
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';
import { readPegaseEntities } from '@pcscol/plugin-catalog-backend-module-pegase';
import {
  dropTestDatabases,
  pgQuery,
  startCatalogTestBackend,
} from '@pcscol/plugin-catalog-backend-module-pegase/testUtils';

const runId = `pegase_bench_${process.pid}_${Date.now().toString(36)}`;

const dropDatabases = () => dropTestDatabases(runId);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const startCatalog = (prefix: string, catalog: Record<string, unknown>) =>
  startCatalogTestBackend({ prefix, catalog });

/** Where the engine is, read from its tables: entities waiting for processing, stitches queued. */
async function engineState(database: string, expected: number) {
  const [r] = await pgQuery(
    `SELECT (SELECT count(*) FROM refresh_state) AS total,
            (SELECT count(*) FROM refresh_state WHERE processed_entity IS NULL) AS pending,
            (SELECT count(*) FROM stitch_queue) AS stitches`,
    [],
    database,
  );
  return {
    processed: Number(r.total) >= expected && Number(r.pending) === 0,
    stitches: Number(r.stitches),
  };
}

/**
 * Rows written by the engine until then (PostgreSQL's statistics): the work behind
 * the times, which the machine's load does not change.
 */
async function tableWrites(database: string): Promise<Record<string, number>> {
  await sleep(1500); // statistics are flushed at most once a second
  const rows = await pgQuery(
    `SELECT relname, n_tup_ins + n_tup_upd + n_tup_del AS writes FROM pg_stat_user_tables
      WHERE relname IN ('refresh_state', 'relations', 'final_entities', 'search', 'stitch_queue')`,
    [],
    database,
  );
  return Object.fromEntries(rows.map(r => [r.relname, Number(r.writes)]));
}

/**
 * Waits until every instance is served with its relations stitched. Also notes
 * when the engine had processed every entity (`processedMs`), so that the
 * stitching that follows is visible (`servedMs - processedMs`).
 */
async function servedWithRelations(
  get: (p: string) => Promise<any>,
  database: string,
  expected: {
    instances: number;
    entities: number;
    component: string;
    runners: number;
  },
  started: number,
  timeoutMs: number,
): Promise<{
  servedMs: number;
  processedMs: number;
  writes?: Record<string, number>;
}> {
  let processedMs = NaN;
  for (;;) {
    if (Number.isNaN(processedMs)) {
      const state = await engineState(database, expected.entities).catch(
        () => undefined,
      );
      if (state?.processed) processedMs = Date.now() - started;
    }
    const q = await get(
      `/entities/by-query?filter=${encodeURIComponent(
        `kind=resource,spec.type=${PEGASE_ENTITY_TYPES.instance}`,
      )}&limit=1`,
    );
    if (q?.totalItems === expected.instances) {
      const e = await get(
        `/entities/by-name/component/default/${expected.component}`,
      );
      const deps =
        e?.relations?.filter(
          (r: any) =>
            r.type === 'dependencyOf' && r.targetRef.startsWith('resource:'),
        ).length ?? 0;
      if (deps >= expected.runners) {
        const servedMs = Date.now() - started;
        return {
          servedMs,
          processedMs: Number.isNaN(processedMs) ? servedMs : processedMs,
          writes: await tableWrites(database),
        };
      }
    }
    if (Date.now() - started > timeoutMs) return { servedMs: NaN, processedMs };
    await sleep(250);
  }
}

async function benchSize(n: number, readOnly: boolean, runs: number) {
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
  const component = result.chart.find(
    e => e.kind === 'Component' && e.spec?.type === 'service',
  )!.metadata.name;
  const runners = result.inventory.filter(e =>
    (e.spec?.dependsOn as string[] | undefined)?.includes(
      `component:${component}`,
    ),
  ).length;
  const relations = all.reduce(
    (s, e) =>
      s +
      (
        ['dependsOn', 'dependencyOf', 'providesApis', 'consumesApis'] as const
      ).reduce(
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

  const expected = { instances: n, entities: all.length, component, runners };
  const yamlFile = path.join(os.tmpdir(), `pegase-bench-${n}.yaml`);
  writeLocationYaml(yamlFile, all);
  // Rounds alternate which path goes first, so that a drift of the machine's
  // load does not favour one of them.
  const rounds: Array<{
    provider: PathRun;
    location: PathRun;
    eventServedMs: number;
  }> = [];
  for (let r = 0; r < runs; r++) {
    const db = (path: 'p' | 'l') => `${runId}_${path}${n}_${r}_`;
    const runProvider = () =>
      providerPath(db('p'), fleetDir, expected, result.inventory, timeoutMs);
    const runLocation = () =>
      locationPath(db('l'), yamlFile, expected, timeoutMs);
    let provider: PathRun & { eventServedMs: number };
    let location: PathRun;
    if (r % 2 === 0) {
      provider = await runProvider();
      location = await runLocation();
    } else {
      location = await runLocation();
      provider = await runProvider();
    }
    rounds.push({ provider, location, eventServedMs: provider.eventServedMs });
    process.stderr.write(
      `${n} round ${r + 1}/${runs}: provider ${
        provider.servedMs
      } ms, location ${location.servedMs} ms\n`,
    );
  }
  fs.rmSync(yamlFile, { force: true });

  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  const providerServed = rounds.map(x => x.provider.servedMs);
  const locationServed = rounds.map(x => x.location.servedMs);
  return {
    instances: n,
    entities: all.length,
    relations,
    readTransformMs: Math.round(times[1]),
    rereadTransformMs: Math.round(warm[1]),
    backendStartupMs: median(rounds.map(x => x.provider.startupMs)),
    locationBackendStartupMs: median(rounds.map(x => x.location.startupMs)),
    providerServedMs: median(providerServed),
    providerProcessedMs: median(rounds.map(x => x.provider.processedMs)),
    locationServedMs: median(locationServed),
    locationProcessedMs: median(rounds.map(x => x.location.processedMs)),
    ratio:
      Math.round((median(providerServed) / median(locationServed)) * 100) / 100,
    roundRatios: rounds.map(
      x => Math.round((x.provider.servedMs / x.location.servedMs) * 100) / 100,
    ),
    providerServedRunsMs: providerServed,
    locationServedRunsMs: locationServed,
    eventServedMs: median(rounds.map(x => x.eventServedMs)),
    providerWrites: rounds[0].provider.writes,
    locationWrites: rounds[0].location.writes,
  };
}

interface PathRun {
  startupMs: number;
  servedMs: number;
  processedMs: number;
  writes?: Record<string, number>;
}

type Expected = {
  instances: number;
  entities: number;
  component: string;
  runners: number;
};

/** The providers on the generated fleet, then a one-instance change event. */
async function providerPath(
  prefix: string,
  fleetDir: string,
  expected: Expected,
  inventory: Entity[],
  timeoutMs: number,
): Promise<PathRun & { eventServedMs: number }> {
  const t0 = Date.now();
  const prov = await startCatalog(prefix, {
    providers: {
      pegase: {
        source: { type: 'dir', path: fleetDir },
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 10 } },
        events: { debounceMs: 50 },
      },
    },
  });
  const started = Date.now();
  const served = await servedWithRelations(
    prov.get,
    `${prefix}catalog`,
    expected,
    t0,
    timeoutMs,
  );

  const inst = inventory.find(
    e => e.spec?.type === PEGASE_ENTITY_TYPES.instance,
  )!;
  const sourceFile = inst.metadata.annotations![PEGASE_ANNOTATIONS.sourceFile];
  const file = path.join(fleetDir, sourceFile);
  const original = fs.readFileSync(file, 'utf8');
  const json = JSON.parse(original);
  const target = Array.isArray(json)
    ? json.find((x: any) => x.name === inst.metadata.name)
    : json;
  const marker = `Bench ${Date.now()}`;
  target.university = marker;
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  let eventServedMs = NaN;
  try {
    const tEvent = Date.now();
    await prov.events().publish({
      topic: 'gitops',
      eventPayload: {
        object_kind: 'push',
        ref: 'refs/heads/main',
        after: `bench${tEvent}`,
        commits: [{ added: [], modified: [sourceFile], removed: [] }],
        total_commits_count: 1,
      },
    });
    while (Date.now() - tEvent < 120_000) {
      const e = await prov.get(
        `/entities/by-name/resource/default/${inst.metadata.name}`,
      );
      if (
        e?.metadata?.annotations?.[PEGASE_ANNOTATIONS.university] === marker
      ) {
        eventServedMs = Date.now() - tEvent;
        break;
      }
      await sleep(100);
    }
  } finally {
    fs.writeFileSync(file, original);
    await prov.backend.stop();
  }
  return { startupMs: started - t0, ...served, eventServedMs };
}

/** The stock path: the same entities and relations as generated YAML behind one Location. */
function writeLocationYaml(file: string, entities: Entity[]) {
  fs.writeFileSync(
    file,
    entities
      .map((e: Entity) => {
        const {
          ['backstage.io/managed-by-location']: _a,
          ['backstage.io/managed-by-origin-location']: _b,
          ...annotations
        } = e.metadata.annotations ?? {};
        return `---\n${stringify(
          { ...e, metadata: { ...e.metadata, annotations } },
          { lineWidth: 0 },
        )}`;
      })
      .join(''),
  );
}

async function locationPath(
  prefix: string,
  yamlFile: string,
  expected: Expected,
  timeoutMs: number,
): Promise<PathRun> {
  const t0 = Date.now();
  const loc = await startCatalog(prefix, {
    rules: [{ allow: ['Component', 'System', 'API', 'Resource', 'Location'] }],
    locations: [{ type: 'file', target: yamlFile }],
  });
  const started = Date.now();
  try {
    const served = await servedWithRelations(
      loc.get,
      `${prefix}catalog`,
      expected,
      t0,
      timeoutMs,
    );
    return { startupMs: started - t0, ...served };
  } finally {
    await loc.backend.stop();
  }
}

async function main() {
  const sizes = (process.argv[2] ?? '100,1000').split(',').map(Number);
  const readOnly = process.argv[3] === 'read-only';
  const runs = Number(
    process.argv.find(a => a.startsWith('--runs='))?.slice('--runs='.length) ??
      3,
  );
  const out: unknown[] = [];
  try {
    for (const n of sizes) {
      out.push(await benchSize(n, readOnly, runs));
      process.stderr.write(`${JSON.stringify(out[out.length - 1])}\n`);
    }
  } finally {
    await dropDatabases();
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: os.cpus().length,
        loadavg: os.loadavg(),
        results: out,
      },
      null,
      2,
    )}\n`,
  );
  process.exit(0);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  dropDatabases().finally(() => process.exit(1));
});
