/*
 * The production image without Docker: no Docker engine runs on this project's
 * machines, so this checks what the image is made of and how it starts.
 *
 *   source scripts/toolchain.sh
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/check-image.ts [--no-build] [--keep]
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
import {
  eventually,
  freePort,
  guestToken,
  productionEnv,
  redisKeys,
  withPostgres,
  withRedis,
} from '../packages/backend/src/testing/backendProcess';

const repoRoot = path.resolve(__dirname, '..');
const DOCKERFILE = 'packages/backend/Dockerfile';
const args = new Set(process.argv.slice(2));
const noBuild = args.has('--no-build');
const keep = args.has('--keep');
const READY_TIMEOUT_MS = Number(
  process.env.PEGASE_CHECK_IMAGE_READY_TIMEOUT_MS ?? 300_000,
);

const log = (message: string) =>
  process.stderr.write(`check-image: ${message}\n`);
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

// ---------------------------------------------------------------- Dockerfile

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Instructions of a Dockerfile: comments dropped, `\` continuations joined. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let buffer = '';
  let start = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (!buffer && (trimmed === '' || trimmed.startsWith('#'))) return;
    // Docker drops comment lines inside a continued instruction too.
    if (buffer && trimmed.startsWith('#')) return;
    if (!buffer) start = i + 1;
    if (trimmed.endsWith('\\')) {
      buffer += `${trimmed.slice(0, -1)} `;
      return;
    }
    buffer += trimmed;
    const m = buffer.match(/^(\S+)\s*([\s\S]*)$/)!;
    out.push({ keyword: m[1].toUpperCase(), args: m[2].trim(), line: start });
    buffer = '';
  });
  if (buffer)
    throw new Error(`${DOCKERFILE}: the last instruction ends with a "\\"`);
  return out;
}

/** Splits on whitespace, honouring double and single quotes (ENV, COPY). */
function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"']+))+/g;
  for (const m of text.matchAll(re)) {
    words.push(
      m[0].replace(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (_, dq, sq) =>
        dq !== undefined ? dq.replace(/\\(.)/g, '$1') : sq,
      ),
    );
  }
  return words;
}

/** `ENV a=b c="d e"` (and the legacy `ENV a b`). */
function parseEnv(text: string): Record<string, string> {
  const words = splitWords(text);
  if (words.length >= 1 && !words[0].includes('=')) {
    return {
      [words[0]]: text.slice(text.indexOf(words[0]) + words[0].length).trim(),
    };
  }
  const env: Record<string, string> = {};
  for (const w of words) {
    const i = w.indexOf('=');
    if (i <= 0) throw new Error(`ENV: cannot parse "${w}"`);
    env[w.slice(0, i)] = w.slice(i + 1);
  }
  return env;
}

/** .dockerignore: patterns anchored at the context root, `*`/`?`/`**`, `!` re-includes. */
function dockerIgnore(root: string) {
  const file = path.join(root, '.dockerignore');
  const rules = fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map(l => l.trim())
        .filter(l => l && !l.startsWith('#'))
        .map(l => {
          const negate = l.startsWith('!');
          const pattern = path.posix
            .normalize((negate ? l.slice(1) : l).replace(/^\/+/, ''))
            .replace(/\/$/, '');
          const source = pattern
            .split('/')
            .map(seg =>
              seg === '**'
                ? '.*'
                : seg
                    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                    .replace(/\*/g, '[^/]*')
                    .replace(/\?/g, '[^/]'),
            )
            .join('/')
            .replace(/\.\*\//g, '(?:.*/)?');
          return { negate, re: new RegExp(`^${source}(?:/.*)?$`) };
        })
    : [];
  return (relPath: string) => {
    let ignored = false;
    for (const r of rules) if (r.re.test(relPath)) ignored = !r.negate;
    return ignored;
  };
}

// ---------------------------------------------------------------- replay

interface ReplayContext {
  tmp: string;
  appDir: string;
  home: string;
  binDir: string;
  env: Record<string, string>;
  isIgnored: (rel: string) => boolean;
}

function copyInto(ctx: ReplayContext, rel: string, dest: string): number {
  if (ctx.isIgnored(rel)) return 0;
  const src = path.join(repoRoot, rel);
  const stat = fs.lstatSync(src);
  if (stat.isDirectory()) {
    fs.mkdirSync(dest, { recursive: true });
    let n = 0;
    for (const entry of fs.readdirSync(src)) {
      n += copyInto(ctx, path.posix.join(rel, entry), path.join(dest, entry));
    }
    return n;
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(src, dest);
  fs.chmodSync(dest, stat.mode & 0o777);
  return 1;
}

/** COPY [--chown=..] [--chmod=..] src... dest, from the build context (repo root). */
function replayCopy(ctx: ReplayContext, text: string) {
  const words = splitWords(text);
  const flags = words.filter(w => w.startsWith('--'));
  const rest = words.filter(w => !w.startsWith('--'));
  for (const f of flags) {
    // --chown: no user switch here (every file belongs to whoever runs the check)
    if (!/^--(chown|chmod|link)(=|$)/.test(f)) {
      throw new Error(
        `COPY ${f} is not replayed: extend scripts/check-image.ts`,
      );
    }
  }
  if (text.trim().startsWith('['))
    throw new Error('COPY ["..."] form is not replayed');
  if (rest.length < 2)
    throw new Error(`COPY needs a source and a destination: ${text}`);
  const destArg = rest[rest.length - 1];
  const sources = rest.slice(0, -1);
  const dest = path.resolve(ctx.appDir, destArg);
  const destIsDir =
    destArg.endsWith('/') ||
    sources.length > 1 ||
    (fs.existsSync(dest) && fs.statSync(dest).isDirectory());
  for (const s of sources) {
    if (/[*?[]/.test(s))
      throw new Error(`COPY wildcard "${s}" is not replayed`);
    const rel = path.posix.normalize(s).replace(/^\.\/|\/$/g, '');
    const src = path.join(repoRoot, rel);
    if (!fs.existsSync(src) || ctx.isIgnored(rel)) {
      throw new Error(
        `COPY ${s}: not in the build context (missing or .dockerignore'd)`,
      );
    }
    const isDir = fs.statSync(src).isDirectory();
    const target = isDir
      ? dest
      : destIsDir
      ? path.join(dest, path.basename(rel))
      : dest;
    const n = copyInto(ctx, rel, target);
    if (n === 0)
      throw new Error(`COPY ${s}: every file is excluded by .dockerignore`);
  }
}

function runShell(ctx: ReplayContext, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Shell form of RUN: Docker runs `/bin/sh -c` (dash on the Debian image).
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: ctx.appDir,
      env: ctx.env,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`RUN ${command}\n  exited with ${signal ?? code}`)),
    );
  });
}

/** The Yarn global cache the RUN steps would use: must be the temp HOME's. */
function checkYarnCacheIsolated(ctx: ReplayContext) {
  const folder = execFileSync('yarn', ['config', 'get', 'cacheFolder'], {
    cwd: ctx.appDir,
    env: ctx.env,
  })
    .toString()
    .trim();
  if (!path.resolve(folder).startsWith(`${ctx.tmp}${path.sep}`)) {
    throw new Error(
      `the replay's Yarn cache would be ${folder}, outside ${ctx.tmp}: refusing to run "yarn cache clean" on it`,
    );
  }
  return folder;
}

async function replay(ctx: ReplayContext, instructions: Instruction[]) {
  const workdir = instructions.findIndex(
    i => i.keyword === 'WORKDIR' && i.args === '/app',
  );
  if (workdir < 0) throw new Error(`${DOCKERFILE}: no "WORKDIR /app"`);
  summary.dockerfileBaseLayersSkipped = instructions
    .slice(0, workdir)
    .map(i => `${i.keyword} ${i.args.slice(0, 60)}`);
  const replayed: string[] = [];
  let cmd: string[] | undefined;
  let cacheChecked = false;
  for (const ins of instructions.slice(workdir + 1)) {
    const label = `${DOCKERFILE}:${ins.line} ${ins.keyword} ${ins.args.slice(
      0,
      70,
    )}`;
    log(label);
    const started = Date.now();
    try {
      if (/\$/.test(ins.args) && ['COPY', 'ENV', 'CMD'].includes(ins.keyword)) {
        throw new Error(
          'variable substitution is not replayed: extend scripts/check-image.ts',
        );
      }
      switch (ins.keyword) {
        case 'COPY':
          replayCopy(ctx, ins.args);
          break;
        case 'ENV':
          Object.assign(ctx.env, parseEnv(ins.args));
          break;
        case 'RUN': {
          if (ins.args.startsWith('['))
            throw new Error('RUN ["..."] form is not replayed');
          // --mount=type=cache (BuildKit cache mounts), --network...: build-time only
          const command = ins.args.replace(/^(--[a-z]+=\S+\s+)+/, '');
          if (/\byarn\b/.test(command) && !cacheChecked) {
            summary.yarnCacheFolder = checkYarnCacheIsolated(ctx);
            cacheChecked = true;
          }
          await runShell(ctx, command);
          if (/yarn workspaces focus/.test(command)) {
            summary.timings.focusInstallSeconds = seconds(Date.now() - started);
          }
          break;
        }
        case 'CMD':
          cmd = JSON.parse(ins.args);
          if (!Array.isArray(cmd) || cmd.some(a => typeof a !== 'string')) {
            throw new Error('CMD must be the exec form ["node", ...]');
          }
          break;
        case 'EXPOSE':
        case 'LABEL':
          break;
        default:
          throw new Error(
            `${ins.keyword} is not replayed: extend scripts/check-image.ts`,
          );
      }
    } catch (e) {
      throw new Error(
        `${DOCKERFILE}:${ins.line} ${ins.keyword}: ${(e as Error).message}`,
      );
    }
    replayed.push(label.slice(DOCKERFILE.length + 1));
  }
  summary.dockerfileReplayed = replayed;
  if (!cmd) throw new Error(`${DOCKERFILE}: no CMD after WORKDIR /app`);
  return cmd;
}

// ---------------------------------------------------------------- start

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
    tmp,
    appDir: path.join(tmp, 'app'),
    home: path.join(tmp, 'home'),
    binDir: path.join(tmp, 'bin'),
    env: {},
    isIgnored: dockerIgnore(repoRoot),
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
        const main = scripts.find(s => /\/main\./.test(s)) ?? scripts[0];
        const js = await expectStatus(`${baseUrl}${main}`, 200);
        await js.arrayBuffer();
        summary.checks.frontend = {
          title,
          scripts: scripts.length,
          [main]: 200,
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

main().catch(e => {
  log(`FAILED: ${e?.stack ?? e}`);
  process.exitCode = 1;
});
