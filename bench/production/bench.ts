/*
 * Production benchmark (prints JSON on stdout): catalog API throughput and
 * latency with ONE and with TWO backend processes of the real backend
 * (packages/backend/src/index.ts, app-config.yaml + app-config.production.yaml),
 * sharing PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379), on a fleet of
 * N instances generated with @pcscol/demo-fleet's generateFleet and read by the
 * Pégase providers over real git HTTP.
 *
 *   source scripts/toolchain.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/production/bench.ts [instances=1000] [seconds=20] [connections=16]
 *
 * Load: autocannon on loopback, the same total number of connections in both
 * runs (with two processes, half on each: what a Service spreads). Every
 * request is `GET /api/catalog/entities/by-query` (a page of 50 instances, with
 * a guest token). Reported: requests/s, p50/p99 latency, the ratio two/one,
 * and the peak RSS (VmHWM) of each backend process.
 * Everything it creates (databases, Redis keys, temp folders) is removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { generateFleet } from '@pcscol/demo-fleet';
import { startGitHttpServer } from '@pcscol/stand-ins/git';
import { startKubernetesApi } from '@pcscol/stand-ins/kubernetes';
import {
  BackendReplica,
  createTestDeployment,
  eventually,
  guestToken,
  triggerTask,
  withPostgres,
} from '../../packages/backend/src/__testUtils__/backendProcess';

const [instances = 1000, seconds = 20, connections = 16] = process.argv
  .slice(2)
  .map(Number);
const TASK_ID = 'pegase-catalog-providers:refresh';
const QUERY =
  '/api/catalog/entities/by-query?filter=kind=resource,spec.type=pegase-instance&limit=50&orderField=metadata.name,asc';

function peakRssMb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = status.match(/VmHWM:\s+(\d+) kB/);
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function load(targets: Array<{ url: string; token: string }>) {
  const per = Math.max(1, Math.floor(connections / targets.length));
  const results = await Promise.all(
    targets.map(
      t =>
        autocannon({
          url: `${t.url}${QUERY}`,
          connections: per,
          duration: seconds,
          headers: { authorization: `Bearer ${t.token}` },
        }) as unknown as Promise<autocannon.Result>,
    ),
  );
  const requests = results.reduce((s, r) => s + r.requests.total, 0);
  const non2xx = results.reduce((s, r) => s + r.non2xx + r.errors, 0);
  return {
    connections: per * targets.length,
    requestsPerSecond: Math.round(
      results.reduce((s, r) => s + r.requests.average, 0),
    ),
    requests,
    errorsOrNon2xx: non2xx,
    // per process; with two, the worse of the two
    latencyP50Ms: Math.max(...results.map(r => r.latency.p50)),
    latencyP99Ms: Math.max(...results.map(r => r.latency.p99)),
  };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-bench-prod-'));
  const fleetDir = path.join(tmp, 'fleet');
  const fleet = generateFleet({ outDir: fleetDir, instances, seed: 7 });
  const git = await startGitHttpServer({
    port: 0,
    gitopsDir: fleetDir,
    token: 'bench',
  });
  const kube = await startKubernetesApi({
    port: 0,
    gitopsDir: fleetDir,
    token: 'bench-kube',
  });
  fs.writeFileSync(path.join(tmp, 'token'), 'bench-kube');
  fs.writeFileSync(
    path.join(tmp, 'ca.crt'),
    '-----BEGIN CERTIFICATE-----\nTUlJQnN0YW5kLWlu\n-----END CERTIFICATE-----\n',
  );
  const deployment = await createTestDeployment({
    name: 'bench',
    env: {
      GITOPS_REPO_URL: git.repoUrl,
      GITOPS_TOKEN: 'bench',
      KUBE_API_URL: kube.url,
      KUBE_TOKEN_FILE: path.join(tmp, 'token'),
      KUBE_CA_FILE: path.join(tmp, 'ca.crt'),
      // request logs of every call would measure the logger
      LOG_LEVEL: 'warn',
    },
    config: {
      catalog: {
        providers: {
          pegase: {
            schedule: { frequency: { minutes: 30 }, timeout: { minutes: 15 } },
            kubernetes: { skipTLSVerify: true },
          },
        },
      },
    },
  });
  const out: Record<string, unknown> = {
    machine: {
      cpus: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
    },
    fleet: { instances: fleet.instances, clusters: fleet.clusters.length },
    load: { tool: 'autocannon', seconds, connections, request: `GET ${QUERY}` },
  };
  try {
    const started = Date.now();
    const a: BackendReplica = await deployment.startReplica({ name: 'a' });
    out.startToReadyMs = Date.now() - started;
    await triggerTask(deployment, 'catalog', TASK_ID);
    const tokenA = await guestToken(a.baseUrl);
    const count = async () => {
      const r = await fetch(
        `${a.baseUrl}/api/catalog/entities/by-query?filter=kind=resource,spec.type=pegase-instance&limit=1`,
        { headers: { authorization: `Bearer ${tokenA}` } },
      );
      return ((await r.json()) as { totalItems: number }).totalItems;
    };
    await eventually(
      async () => ((await count()) >= instances ? true : undefined),
      {
        what: `${instances} instances in the catalog`,
        timeoutMs: 30 * 60_000,
        intervalMs: 5000,
      },
    );
    out.ingestMs = Date.now() - started;
    // let the stitching settle before loading
    await new Promise(r => setTimeout(r, 15_000));
    // This machine's PostgreSQL runs with autovacuum off: without the statistics
    // autovacuum would gather after the bulk ingestion, the planner picks a nested
    // loop for the catalog's ordered query (355 ms instead of 6 ms measured here).
    // Gather them once, as autovacuum does on any production server.
    if (
      !(await withPostgres(
        async c =>
          (await c.query('SHOW autovacuum')).rows[0].autovacuum === 'on',
      ))
    ) {
      await withPostgres(
        c => c.query('ANALYZE'),
        `${deployment.databasePrefix}catalog`,
      );
      out.analyzedByBench = true;
    }
    await load([{ url: a.baseUrl, token: tokenA }]); // warm-up, not reported
    const one = await load([{ url: a.baseUrl, token: tokenA }]);
    out.oneProcess = { ...one, peakRssMb: { a: peakRssMb(a.pid) } };

    const b = await deployment.startReplica({ name: 'b' });
    const tokenB = await guestToken(b.baseUrl);
    await load([{ url: b.baseUrl, token: tokenB }]); // warm-up of B
    const two = await load([
      { url: a.baseUrl, token: tokenA },
      { url: b.baseUrl, token: tokenB },
    ]);
    out.twoProcesses = {
      ...two,
      peakRssMb: { a: peakRssMb(a.pid), b: peakRssMb(b.pid) },
    };
    out.throughputRatioTwoOverOne =
      Math.round((two.requestsPerSecond / one.requestsPerSecond) * 100) / 100;
  } finally {
    await deployment.cleanup().catch(() => {});
    await git.stop();
    await kube.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
