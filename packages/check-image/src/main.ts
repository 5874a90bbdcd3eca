/*
 * The production image without Docker: no Docker engine runs on this project's
 * machines, so this checks what the image is made of and how it starts.
 *
 *   source scripts/toolchain.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/check-image.ts (or: yarn workspace @pcscol/check-image check-image) [--no-build] [--keep]
 *
 * 1. build: `yarn build:backend`, what the Dockerfile's header asks for
 *    (packages/app/dist, packages/backend/dist/{skeleton,bundle}.tar.gz).
 *    `--no-build` reuses the artifacts already there.
 * 2. replay: parses packages/backend/Dockerfile and runs every instruction after
 *    `WORKDIR /app` in a fresh temp folder standing for /app: COPY from the
 *    repository root (honouring .dockerignore), RUN with /bin/sh as Docker does,
 *    ENV. The layers before it (FROM, the apt-get RUN, USER) are the base image:
 *    skipped. RUN steps see a clean environment, as in a container: only the
 *    Dockerfile's ENV, a temp HOME and the host's Node 22 (the image's Node major).
 *    `yarn` is a shim running the release named by the copied .yarnrc.yml, as the
 *    image's global yarn does. The Yarn global cache is a temp HOME's one,
 *    pre-filled with hard links of the host's: the install is offline-fast, and
 *    the Dockerfile's `yarn cache clean` empties only that copy.
 * 3. start: runs the Dockerfile's CMD unchanged in that folder, the way the
 *    Deployment does (env vars of app-config.production.yaml): PostgreSQL
 *    127.0.0.1:5432, Redis 127.0.0.1:6379, the GitOps repository and the Kubernetes
 *    API from stand-ins on free ports, every other upstream on a closed port. A free
 *    port, a unique database prefix and Redis namespace come through APP_CONFIG_*
 *    env vars. Then: readiness, liveness, the built frontend on `/`, the catalog API,
 *    the org and templates copied by the Dockerfile, and the Pégase providers'
 *    entities (code from the bundle, on the focused production node_modules).
 * 4. stop: SIGTERM, as a rolling update does; the process must exit 0 within the
 *    Deployment's terminationGracePeriodSeconds (deploy/kubernetes/base).
 * 5. cleanup: drops its databases and Redis keys, stops the stand-ins, removes the
 *    temp folder (kept with --keep).
 *
 * Prints a JSON summary on stdout (progress and logs go to stderr); exits 1 on the
 * first failure, naming the step.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHttpServer } from '@pcscol/stand-ins/git';
import { startKubernetesApi } from '@pcscol/stand-ins/kubernetes';
// The backend's own process helpers (the production tests use them too); the
// backend package exports nothing, so this dev-only CLI reads its source
// (its test utilities, which only dev code may import).
// eslint-disable-next-line @backstage/no-relative-monorepo-imports, no-restricted-imports
import {
  eventually,
  freePort,
  guestToken,
  productionEnv,
  redisKeys,
  withPostgres,
  withRedis,
} from '../../backend/src/__testUtils__/backendProcess';
import { parseDockerfile } from './dockerfile';
import { readDockerIgnore } from './dockerignore';
import { replay, ReplayContext } from './replay';

// A dev-only CLI run from the repository's sources, never bundled.
// eslint-disable-next-line no-restricted-syntax
const repoRoot = path.resolve(__dirname, '../../..');
const DOCKERFILE = 'packages/backend/Dockerfile';
const args = new Set(process.argv.slice(2));
const noBuild = args.has('--no-build');
const keep = args.has('--keep');
const READY_TIMEOUT_MS = Number(
  process.env.PEGASE_CHECK_IMAGE_READY_TIMEOUT_MS ?? 300_000,
);

const log = (text: string) => process.stderr.write(`check-image: ${text}\n`);
const seconds = (ms: number) => Math.round(ms / 100) / 10;

const summary: Record<string, any> = {
  ok: false,
  dockerfile: DOCKERFILE,
  timings: {} as Record<string, number>,
  checks: {} as Record<string, unknown>,
};
let currentStep = 'setup';

async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  currentStep = name;
  log(`==> ${name}`);
  const started = Date.now();
  const result = await fn();
  summary.timings[`${name}Seconds`] = seconds(Date.now() - started);
  return result;
}

interface Started {
  child: ChildProcess;
  lines: string[];
  exited: () => boolean;
  exitInfo: () => string;
}

const FATAL =
  /Unhandled rejection|Backend failed to start|threw an error during startup|Plugin '.*' startup failed|failed to start/i;

function startBackend(
  ctx: ReplayContext,
  cmd: string[],
  env: Record<string, string>,
): Started {
  const logFile = fs.createWriteStream(path.join(ctx.tmp, 'backend.log'));
  const child = spawn(cmd[0], cmd.slice(1), {
    cwd: ctx.appDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let exited = false;
  let exitInfo = '';
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      logFile.write(chunk);
      buffer += chunk.toString('utf8');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        lines.push(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
  }
  child.on('exit', (code, signal) => {
    exited = true;
    exitInfo = `exited with ${signal ?? code}`;
  });
  return { child, lines, exited: () => exited, exitInfo: () => exitInfo };
}

/** SIGTERM, then SIGKILL after `graceMs`. */
async function stopBackend(b: Started, graceMs: number) {
  const started = Date.now();
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    b.child.kill('SIGKILL');
  }, graceMs);
  const exit = new Promise<void>(r =>
    b.exited() ? r() : b.child.once('exit', () => r()),
  );
  b.child.kill('SIGTERM');
  await exit;
  clearTimeout(killer);
  return {
    seconds: seconds(Date.now() - started),
    exit: b.child.exitCode ?? b.child.signalCode,
    killed,
  };
}

function message(line: string): string {
  try {
    const parsed = JSON.parse(line);
    return typeof parsed?.message === 'string' ? parsed.message : line;
  } catch {
    return line;
  }
}

function procStatusMb(
  pid: number,
  field: 'VmRSS' | 'VmHWM',
): number | undefined {
  try {
    const m = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .match(new RegExp(`${field}:\\s+(\\d+) kB`));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function expectStatus(url: string, status: number, init?: RequestInit) {
  const res = await fetch(url, init);
  if (res.status !== status) {
    throw new Error(
      `GET ${url}: ${res.status}, expected ${status}: ${(
        await res.text()
      ).slice(0, 300)}`,
    );
  }
  return res;
}

// ---------------------------------------------------------------- main

async function main() {
  const startedAll = Date.now();
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  // pegase_it_<pid>_: a later test run drops it if this process dies before cleanup
  const databasePrefix = `pegase_it_${id}_`;
  const redisNamespace = `pegase-it-${id}`;
  const tmp = fs.realpathSync(
    fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-check-image-')),
  );
  const ctx: ReplayContext = {
    repoRoot,
    dockerfile: DOCKERFILE,
    log,
    summary,
    tmp,
    appDir: path.join(tmp, 'app'),
    home: path.join(tmp, 'home'),
    binDir: path.join(tmp, 'bin'),
    env: {},
    isIgnored: readDockerIgnore(repoRoot),
  };
  const stoppables: Array<{ stop(): Promise<void> }> = [];
  let backend: Started | undefined;

  const cleanup = async () => {
    currentStep = 'cleanup';
    // only after a failure: the stop step has stopped it otherwise
    if (backend && !backend.exited()) await stopBackend(backend, 5_000);
    await Promise.all(stoppables.map(s => s.stop().catch(() => {})));
    const dropped = await withPostgres(async client => {
      const { rows } = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
        [databasePrefix],
      );
      for (const { datname } of rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
      return rows.length;
    });
    summary.checks.databasesDropped = dropped;
    const keys = await redisKeys(redisNamespace);
    if (keys.length) await withRedis(c => c.del(keys));
    summary.checks.redisKeysDeleted = keys.length;
    if (keep) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  };
  let interrupted = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    // eslint-disable-next-line no-loop-func
    process.once(sig, () => {
      interrupted = true;
      log(`${sig}: cleaning up`);
      cleanup().finally(() => process.exit(130));
    });
  }

  try {
    // 1. What the Dockerfile's header asks for before `docker build`.
    const artifacts = [
      'packages/app/dist/index.html',
      'packages/backend/dist/skeleton.tar.gz',
      'packages/backend/dist/bundle.tar.gz',
    ];
    if (!noBuild) {
      await step(
        'build',
        () =>
          new Promise<void>((resolve, reject) => {
            const child = spawn('yarn', ['build:backend'], {
              cwd: repoRoot,
              stdio: ['ignore', process.stderr, process.stderr],
            });
            child.on('error', reject);
            child.on('exit', code =>
              code === 0
                ? resolve()
                : reject(new Error(`yarn build:backend exited with ${code}`)),
            );
          }),
      );
    }
    currentStep = 'build';
    for (const a of artifacts) {
      if (!fs.existsSync(path.join(repoRoot, a))) {
        throw new Error(
          `${a} is missing${noBuild ? ' (run without --no-build)' : ''}`,
        );
      }
    }
    summary.bundleMb =
      Math.round(fs.statSync(path.join(repoRoot, artifacts[2])).size / 1e5) /
      10;

    // 2. The image's layers after the base image.
    const hostCache = execFileSync('yarn', ['config', 'get', 'cacheFolder'], {
      cwd: repoRoot,
    })
      .toString()
      .trim();
    const hostCacheExisted = fs.existsSync(hostCache);
    const cmd = await step('replay', async () => {
      fs.mkdirSync(ctx.appDir);
      fs.mkdirSync(ctx.binDir);
      // The node image's global `yarn` runs the release of .yarnrc.yml's yarnPath.
      fs.writeFileSync(
        path.join(ctx.binDir, 'yarn'),
        [
          '#!/bin/sh',
          'p=$(sed -n "s/^yarnPath:[[:space:]]*//p" .yarnrc.yml 2>/dev/null | tr -d "\\"\'")',
          '[ -n "$p" ] || { echo "yarn: no yarnPath in $PWD/.yarnrc.yml" >&2; exit 1; }',
          'exec node "$p" "$@"',
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      // Hard links of the host's Yarn cache (read-only zips): no download, and
      // `yarn cache clean` in the Dockerfile removes the links only.
      const cache = path.join(ctx.home, '.yarn/berry/cache');
      fs.mkdirSync(path.dirname(cache), { recursive: true });
      if (hostCacheExisted) {
        try {
          execFileSync('cp', ['-al', hostCache, cache], { stdio: 'pipe' });
        } catch {
          // another file system: symbolic links are as safe for a removal
          execFileSync('cp', ['-as', hostCache, cache], { stdio: 'pipe' });
        }
      }
      // A container's environment: nothing of the host's but Node, the network's
      // CA bundle and proxies, and the headers for native addons (toolchain.sh).
      const passThrough = Object.fromEntries(
        Object.entries(process.env).filter(
          ([k, v]) =>
            v !== undefined &&
            /^(https?_proxy|no_proxy|NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|npm_config_nodedir)$/i.test(
              k,
            ),
        ),
      ) as Record<string, string>;
      ctx.env = {
        ...passThrough,
        PATH: [
          ctx.binDir,
          path.dirname(process.execPath),
          '/usr/local/bin:/usr/bin:/bin',
        ].join(':'),
        HOME: ctx.home,
      };
      return replay(
        ctx,
        parseDockerfile(
          fs.readFileSync(path.join(repoRoot, DOCKERFILE), 'utf8'),
          DOCKERFILE,
        ),
      );
    });
    summary.cmd = cmd;
    summary.nodeModulesPackages = fs.readdirSync(
      path.join(ctx.appDir, 'node_modules'),
    ).length;
    if (hostCacheExisted && !fs.existsSync(hostCache)) {
      throw new Error(
        `the host's Yarn cache ${hostCache} is gone: the replay was not isolated`,
      );
    }

    // 3. The CMD, with what the Deployment gives it.
    currentStep = 'start';
    const git = await startGitHttpServer({
      port: 0,
      gitopsDir: path.join(repoRoot, 'catalog/demo-gitops'),
      token: 'check-image-gitops-token',
    });
    stoppables.push(git);
    const kube = await startKubernetesApi({
      port: 0,
      gitopsDir: path.join(repoRoot, 'catalog/demo-gitops'),
      token: 'check-image-kube-token',
    });
    stoppables.push(kube);
    // What the kubelet mounts: the ServiceAccount token and CA (plain HTTP stand-in).
    const secrets = path.join(tmp, 'secrets');
    fs.mkdirSync(secrets);
    fs.writeFileSync(path.join(secrets, 'token'), 'check-image-kube-token');
    fs.writeFileSync(
      path.join(secrets, 'ca.crt'),
      '-----BEGIN CERTIFICATE-----\nTUlJQnN0YW5kLWlu\n-----END CERTIFICATE-----\n',
    );
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      ...ctx.env,
      ...productionEnv(baseUrl, redisNamespace),
      GITOPS_REPO_URL: git.repoUrl,
      GITOPS_TOKEN: 'check-image-gitops-token',
      KUBE_API_URL: kube.url,
      KUBE_TOKEN_FILE: path.join(secrets, 'token'),
      KUBE_CA_FILE: path.join(secrets, 'ca.crt'),
      // The CMD stays as written; the rest comes as config env vars.
      APP_CONFIG_backend_listen_port: String(port),
      APP_CONFIG_backend_listen_host: '127.0.0.1',
      APP_CONFIG_backend_database_prefix: databasePrefix,
      APP_CONFIG_catalog_providers_pegase_kubernetes_skipTLSVerify: 'true',
    };
    backend = startBackend(ctx, cmd, env);
    const b = backend;
    const tail = () => b.lines.slice(-60).join('\n');
    try {
      await step('startToReady', async () => {
        const deadline = Date.now() + READY_TIMEOUT_MS;
        for (;;) {
          const fatal = b.lines.find(l => FATAL.test(message(l)));
          if (fatal) throw new Error(`startup error: ${message(fatal)}`);
          if (b.exited())
            throw new Error(`the backend ${b.exitInfo()} during startup`);
          try {
            const res = await fetch(
              `${baseUrl}/.backstage/health/v1/readiness`,
            );
            if (res.ok) break;
          } catch {
            // not listening yet
          }
          if (Date.now() > deadline) {
            throw new Error(`not ready within ${READY_TIMEOUT_MS / 1000} s`);
          }
          await new Promise(r => setTimeout(r, 500));
        }
      });
      summary.rssAtReadyMb = procStatusMb(b.child.pid!, 'VmRSS');

      await step('serve', async () => {
        await expectStatus(`${baseUrl}/.backstage/health/v1/liveness`, 200);
        summary.checks.liveness = 200;

        // The frontend built into the bundle (packages/app/dist, via app-backend).
        const built = fs.readFileSync(
          path.join(ctx.appDir, 'packages/app/dist/index.html'),
          'utf8',
        );
        const index = await (await expectStatus(`${baseUrl}/`, 200)).text();
        const scripts = [
          ...built.matchAll(/<script[^>]+src="(\/static\/[^"]+\.js)"/g),
        ].map(m => m[1]);
        const title = built.match(/<title>([^<]*)<\/title>/)?.[1];
        if (
          !title ||
          !index.includes(`<title>${title}</title>`) ||
          !scripts.length ||
          !scripts.every(s => index.includes(s))
        ) {
          throw new Error(
            `GET / is not the built index.html: ${index.slice(0, 300)}`,
          );
        }
        const mainScript = scripts.find(s => /\/main\./.test(s)) ?? scripts[0];
        const js = await expectStatus(`${baseUrl}${mainScript}`, 200);
        await js.arrayBuffer();
        summary.checks.frontend = {
          title,
          scripts: scripts.length,
          [mainScript]: 200,
        };

        // The catalog plugin is mounted: 401 without a token, entities with one.
        await expectStatus(`${baseUrl}/api/catalog/entities?limit=1`, 401);
        const token = await guestToken(baseUrl);
        const auth = { headers: { authorization: `Bearer ${token}` } };
        const page = await (
          await expectStatus(
            `${baseUrl}/api/catalog/entities?limit=1`,
            200,
            auth,
          )
        ).json();
        if (!Array.isArray(page))
          throw new Error('GET /api/catalog/entities is not a list');
        summary.checks.catalogApi = { anonymous: 401, guest: 200 };

        // What the Dockerfile copies (catalog/, templates/) and what the bundled
        // providers read from the GitOps repository, in the catalog.
        const expected = [
          'group/default/ops',
          'domain/default/pegase',
          'template/default/pegase-instance',
          'system/default/pegase',
        ];
        for (const ref of expected) {
          await eventually(
            async () => {
              const res = await fetch(
                `${baseUrl}/api/catalog/entities/by-name/${ref}`,
                auth,
              );
              if (b.exited()) throw new Error(`the backend ${b.exitInfo()}`);
              return res.ok ? true : undefined;
            },
            { what: `entity ${ref}`, timeoutMs: 240_000 },
          );
        }
        summary.checks.entities = expected;
        const run = b.lines
          .map(message)
          .find(m => m.startsWith('Pégase catalog (startup) read in'));
        if (!run)
          throw new Error(
            'no "Pégase catalog (startup) read in" log line from the providers',
          );
        summary.checks.providersRun = run;
        const errors = b.lines.map(message).filter(m => FATAL.test(m));
        if (errors.length)
          throw new Error(`startup errors in the log: ${errors.join(' | ')}`);
      });
      summary.peakRssMb = procStatusMb(b.child.pid!, 'VmHWM');

      // A rolling update sends SIGTERM and kills after the pod's grace period.
      const grace = Number(
        fs
          .readFileSync(
            path.join(repoRoot, 'deploy/kubernetes/base/deployment.yaml'),
            'utf8',
          )
          .match(/terminationGracePeriodSeconds:\s*(\d+)/)?.[1] ?? 30, // Kubernetes' default
      );
      await step('stop', async () => {
        const stopped = await stopBackend(b, grace * 1000);
        summary.checks.stop = {
          ...stopped,
          terminationGracePeriodSeconds: grace,
        };
        if (stopped.killed || stopped.exit !== 0) {
          throw new Error(
            `SIGTERM: ${
              stopped.killed
                ? `still running after ${grace} s (terminationGracePeriodSeconds), killed`
                : `exited with ${stopped.exit}`
            }`,
          );
        }
      });
    } catch (e) {
      log(`last lines of the backend's log:\n${tail()}`);
      throw e;
    }
    await cleanup();
    summary.timings.totalSeconds = seconds(Date.now() - startedAll);
    summary.ok = true;
  } catch (e) {
    if (interrupted) return;
    summary.failedStep = currentStep;
    summary.error = (e as Error).message;
    log(`FAILED at step "${currentStep}": ${(e as Error).message}`);
    if (currentStep !== 'cleanup') {
      await cleanup().catch(err => log(`cleanup failed too: ${err}`));
    }
    summary.timings.totalSeconds = seconds(Date.now() - startedAll);
  }
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  process.exitCode = summary.ok ? 0 : 1;
}

export function runCheckImage() {
  main().catch(e => {
    log(`FAILED: ${e?.stack ?? e}`);
    process.exitCode = 1;
  });
}

if (require.main === module) runCheckImage();
