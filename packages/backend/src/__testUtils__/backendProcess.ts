/*
 * Boots the REAL backend (packages/backend/src/index.ts) as child processes, the
 * way production runs it: `--config app-config.yaml --config
 * app-config.production.yaml`, PostgreSQL (127.0.0.1:5432, trust auth) and Redis
 * (127.0.0.1:6379) from the env vars app-config.production.yaml reads, plus one
 * generated override (free port, a unique database prefix and Redis namespace).
 *
 * A `TestDeployment` is one "cluster" of replicas: every replica it starts shares
 * its databases and cache, as the replicas of a Kubernetes Deployment do.
 * `cleanup()` stops the processes and drops the databases and Redis keys; it is
 * also run (synchronously for the processes) when the test process exits.
 */
/* eslint-disable @backstage/no-undeclared-imports */
// Test-only helper (never bundled): its imports are devDependencies.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createClient } from '@redis/client';
import YAML from 'yaml';

/** Repository root (cwd of the backend, as `/app` in the container). */
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../../../..');

const postgresUrl = new URL(
  process.env.PEGASE_TEST_POSTGRES_URL ??
    'postgresql://postgres@127.0.0.1:5432',
);
const redisUrl = process.env.PEGASE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Databases of test deployments start with this; `<pid>` lets a later run drop leftovers. */
const DB_PREFIX_ROOT = 'pegase_it_';

/**
 * Upstream env vars of app-config.yaml / app-config.production.yaml, for the ones
 * a test does not set: a closed port on loopback (never the demo's fixed ports).
 */
export const UPSTREAM_ENV_PLACEHOLDERS: Record<string, string> = {
  GITOPS_REPO_URL: 'http://127.0.0.1:9/gitops.git',
  GITOPS_TOKEN: 'placeholder',
  ARGOCD_URL: 'http://127.0.0.1:9',
  ARGOCD_TOKEN: 'placeholder',
  VAULT_ADDR: 'http://127.0.0.1:9',
  VAULT_TOKEN: 'placeholder',
  VAULT_ADDR_SXB: 'http://127.0.0.1:9',
  VAULT_ADDR_UCA: 'http://127.0.0.1:9',
  KUBE_API_URL: 'http://127.0.0.1:9',
  KUBE_TOKEN: 'placeholder',
  GITLAB_HOST: '127.0.0.1:9',
  GITLAB_URL: 'http://127.0.0.1:9',
  GITLAB_TOKEN: 'placeholder',
  GITHUB_HOST: '127.0.0.1:9',
  GITHUB_API_URL: 'http://127.0.0.1:9',
  GITHUB_TOKEN: 'placeholder',
  THANOS_URL: 'http://127.0.0.1:9',
  THANOS_TOKEN: 'placeholder',
};

/**
 * The env vars app-config.production.yaml reads, for a test deployment: the
 * machine's PostgreSQL and Redis, guest sign-in, and every upstream on a closed
 * port unless the caller sets it.
 */
export function productionEnv(
  baseUrl: string,
  redisNamespace: string,
): Record<string, string> {
  return {
    // never the demo's upstreams on their fixed ports
    ...UPSTREAM_ENV_PLACEHOLDERS,
    PORTAL_BASE_URL: baseUrl,
    PORTAL_ALLOW_GUEST: 'true',
    POSTGRES_HOST: postgresUrl.hostname,
    POSTGRES_PORT: postgresUrl.port || '5432',
    POSTGRES_USER: decodeURIComponent(postgresUrl.username || 'postgres'),
    POSTGRES_PASSWORD: decodeURIComponent(postgresUrl.password || ''),
    REDIS_URL: redisUrl,
    REDIS_NAMESPACE: redisNamespace,
  };
}

/** A free TCP port on loopback (closed again before the backend binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function pgClient(database = 'postgres') {
  return new Client({
    host: postgresUrl.hostname,
    port: Number(postgresUrl.port || 5432),
    user: decodeURIComponent(postgresUrl.username || 'postgres'),
    password: decodeURIComponent(postgresUrl.password || ''),
    database,
  });
}

/** Runs `fn` with a connection to the maintenance database. */
export async function withPostgres<T>(
  fn: (client: Client) => Promise<T>,
  database?: string,
): Promise<T> {
  const client = pgClient(database);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function newRedisClient() {
  return createClient({ url: redisUrl });
}
type RedisClient = ReturnType<typeof newRedisClient>;

/** Runs `fn` with a connected Redis client. */
export async function withRedis<T>(
  fn: (client: RedisClient) => Promise<T>,
): Promise<T> {
  const client = newRedisClient();
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.quit().catch(() => client.disconnect());
  }
}

/** Keys of one Redis namespace (SCAN, never KEYS). */
export async function redisKeys(namespace: string): Promise<string[]> {
  return withRedis(async client => {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({
      MATCH: `${namespace}:*`,
      COUNT: 500,
    })) {
      keys.push(...(Array.isArray(batch) ? batch : [batch]));
    }
    return keys;
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function databasesWithPrefix(prefix: string): Promise<string[]> {
  return withPostgres(async client => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [prefix],
    );
    return rows.map(r => r.datname);
  });
}

async function dropDatabases(names: string[]) {
  if (names.length === 0) return;
  await withPostgres(async client => {
    for (const name of names) {
      await client.query(
        `DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`,
      );
    }
  });
}

/** Drops databases left by test runs whose process is gone (a killed jest worker). */
async function dropLeftovers() {
  const names = await databasesWithPrefix(DB_PREFIX_ROOT);
  const stale = names.filter(n => {
    const pid = Number(n.slice(DB_PREFIX_ROOT.length).split('_')[0]);
    return (
      Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)
    );
  });
  await dropDatabases(stale);
}

/** One running backend process. */
export interface BackendReplica {
  name: string;
  port: number;
  baseUrl: string;
  pid: number;
  /** Parsed log lines (JSON logger of production), in order. */
  logs(): Array<Record<string, any>>;
  /** Waits until a log line matches. */
  waitForLog(
    match: (line: Record<string, any>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, any>>;
  /** GET/POST on the backend with a guest token. */
  request(pathname: string, init?: RequestInit): Promise<Response>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  readonly exited: boolean;
}

export interface StartReplicaOptions {
  name?: string;
  /** Extra config, layered over app-config.yaml and app-config.production.yaml. */
  config?: Record<string, unknown>;
  /** Extra env vars. */
  env?: Record<string, string>;
  /** How long to wait for the readiness endpoint. Default 240 s. */
  readyTimeoutMs?: number;
}

export interface TestDeployment {
  /** `backend.database.prefix` shared by its replicas. */
  databasePrefix: string;
  /** `backend.cache.redis.client.namespace` shared by its replicas. */
  redisNamespace: string;
  replicas: BackendReplica[];
  startReplica(options?: StartReplicaOptions): Promise<BackendReplica>;
  /** Databases of this deployment that exist now. */
  databases(): Promise<string[]>;
  /** Stops every replica, drops the databases and the Redis keys. */
  cleanup(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

function deepMerge(a: any, b: any): any {
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = deepMerge(a[k], v);
    return out;
  }
  return b === undefined ? a : b;
}

/** Signs in as the guest (`POST /api/auth/guest/refresh`) and returns a Backstage token. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  }
  const body = (await res.json()) as { backstageIdentity?: { token?: string } };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in returned no token');
  return token;
}

/** Polls `fn` until it returns a value other than undefined. */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  { timeoutMs = 120_000, intervalMs = 1000, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${lastError ? `: ${lastError}` : ''}`,
      );
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

/**
 * A new deployment: unique database prefix and Redis namespace. Nothing runs
 * until `startReplica()`.
 */
export async function createTestDeployment(
  options: {
    name?: string;
    config?: Record<string, unknown>;
    env?: Record<string, string>;
  } = {},
): Promise<TestDeployment> {
  installExitHook();
  await dropLeftovers().catch(() => {});
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const databasePrefix = `${DB_PREFIX_ROOT}${id}_`;
  const redisNamespace = `pegase-it-${id}`;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-backend-it-'));
  const replicas: BackendReplica[] = [];

  async function startReplica(
    opts: StartReplicaOptions = {},
  ): Promise<BackendReplica> {
    const name =
      opts.name ?? `${options.name ?? 'backend'}-${replicas.length + 1}`;
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const override = deepMerge(
      deepMerge(
        {
          app: { baseUrl },
          backend: {
            baseUrl,
            listen: { port, host: '127.0.0.1' },
            cors: { origin: baseUrl },
            database: { prefix: databasePrefix },
            cache: { redis: { client: { namespace: redisNamespace } } },
          },
        },
        options.config ?? {},
      ),
      opts.config ?? {},
    );
    const overridePath = path.join(tmpDir, `${name}.yaml`);
    fs.writeFileSync(overridePath, YAML.stringify(override));

    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...productionEnv(baseUrl, redisNamespace),
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.PEGASE_TEST_LOG_LEVEL ?? 'info',
      ...options.env,
      ...opts.env,
    };
    delete env.JEST_WORKER_ID;

    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        // The real backend; PEGASE_TEST_BACKEND_ENTRY only to try a variant by hand.
        process.env.PEGASE_TEST_BACKEND_ENTRY ??
          'packages/backend/src/index.ts',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
        '--config',
        overridePath,
      ],
      { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    const lines: Array<Record<string, any>> = [];
    const raw: string[] = [];
    const waiters = new Set<() => void>();
    let exited = false;
    let exitInfo = '';
    const onText = (stream: 'stdout' | 'stderr') => {
      let buffer = '';
      return (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        for (
          let nl = buffer.indexOf('\n');
          nl >= 0;
          nl = buffer.indexOf('\n')
        ) {
          const text = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          raw.push(text);
          if (raw.length > 5000) raw.shift();
          try {
            const parsed = JSON.parse(text);
            lines.push(
              typeof parsed === 'object' && parsed ? parsed : { message: text },
            );
          } catch {
            lines.push({ message: text, stream });
          }
          for (const w of waiters) w();
        }
      };
    };
    child.stdout!.on('data', onText('stdout'));
    child.stderr!.on('data', onText('stderr'));
    const exitPromise = new Promise<void>(resolve => {
      child.on('exit', (code, signal) => {
        exited = true;
        exitInfo = `exited with ${signal ?? code}`;
        running.delete(child);
        for (const w of waiters) w();
        resolve();
      });
    });

    let token: string | undefined;
    const replica: BackendReplica = {
      name,
      port,
      baseUrl,
      pid: child.pid!,
      logs: () => lines,
      get exited() {
        return exited;
      },
      waitForLog(match, timeoutMs = 120_000) {
        return new Promise((resolve, reject) => {
          let seen = 0;
          const timer = setTimeout(() => {
            cleanupWait();
            reject(new Error(`${name}: timed out waiting for a log line`));
          }, timeoutMs);
          function cleanupWait() {
            clearTimeout(timer);
            waiters.delete(check);
          }
          function check() {
            for (; seen < lines.length; seen++) {
              if (match(lines[seen])) {
                cleanupWait();
                resolve(lines[seen]);
                return;
              }
            }
            if (exited) {
              cleanupWait();
              reject(new Error(`${name} ${exitInfo} before the log line came`));
            }
          }
          waiters.add(check);
          check();
        });
      },
      async request(pathname, init = {}) {
        token ??= await guestToken(baseUrl);
        return fetch(`${baseUrl}${pathname}`, {
          ...init,
          headers: {
            authorization: `Bearer ${token}`,
            ...(init.body ? { 'content-type': 'application/json' } : {}),
            ...(init.headers as Record<string, string> | undefined),
          },
        });
      },
      async stop(graceMs = 15_000) {
        if (exited) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exitPromise;
        clearTimeout(timer);
      },
    };
    replicas.push(replica);

    const deadline = Date.now() + (opts.readyTimeoutMs ?? 240_000);
    for (;;) {
      const fatal = lines.find(
        l =>
          typeof l.message === 'string' &&
          /^Unhandled rejection|Backend failed to start|threw an error during startup/.test(
            l.message,
          ),
      );
      if (fatal) {
        await replica.stop(2000);
        throw new Error(
          `${name} failed during startup: ${fatal.message}\n${raw
            .slice(-40)
            .join('\n')}`,
        );
      }
      if (exited) {
        throw new Error(
          `${name} ${exitInfo} during startup:\n${raw.slice(-40).join('\n')}`,
        );
      }
      try {
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${name} not ready in time:\n${raw.slice(-40).join('\n')}`,
        );
      }
      await new Promise(r => setTimeout(r, 500));
    }
    return replica;
  }

  return {
    databasePrefix,
    redisNamespace,
    replicas,
    startReplica,
    databases: () => databasesWithPrefix(databasePrefix),
    async cleanup() {
      await Promise.all(replicas.map(r => r.stop().catch(() => {})));
      const errors: unknown[] = [];
      await dropDatabases(await databasesWithPrefix(databasePrefix)).catch(e =>
        errors.push(e),
      );
      await withRedis(async client => {
        const keys = await redisKeys(redisNamespace);
        for (let i = 0; i < keys.length; i += 500) {
          await client.del(keys.slice(i, i + 500));
        }
      }).catch(e => errors.push(e));
      fs.rmSync(tmpDir, { recursive: true, force: true });
      if (errors.length) throw errors[0];
    },
  };
}

/**
 * Makes a scheduled task due now, as `SchedulerService.triggerTask` does (and,
 * like it, only when no run is in progress, waiting for one to end): the
 * replicas' workers (which check every 30 s) compete for it and one runs it.
 */
export async function triggerTask(
  deployment: TestDeployment,
  pluginId: string,
  taskId: string,
): Promise<void> {
  await eventually(
    () =>
      withPostgres(async client => {
        const r = await client.query(
          `UPDATE backstage_backend_tasks__tasks SET next_run_start_at = now()
           WHERE id = $1 AND current_run_ticket IS NULL`,
          [taskId],
        );
        return r.rowCount === 1 ? true : undefined;
      }, `${deployment.databasePrefix}${pluginId}`),
    { what: `task ${taskId} of ${pluginId} to be idle`, timeoutMs: 300_000 },
  );
}

/** Plugin startup errors in a replica's log (a skewed install, a bad module). */
export function startupErrors(replica: BackendReplica): string[] {
  return replica
    .logs()
    .filter(
      l =>
        typeof l.message === 'string' &&
        /threw an error during startup|Plugin '.*' startup failed|failed to start/i.test(
          l.message,
        ),
    )
    .map(l => l.message);
}
