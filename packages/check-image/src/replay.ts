/*
 * Replays the application layers of the Dockerfile in a temp folder standing for
 * /app: COPY from the build context (honouring .dockerignore), RUN with /bin/sh
 * as Docker does, ENV and ARG (with `$VAR` substitution), EXPOSE and LABEL
 * skipped; anything else is refused, naming the line.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  Instruction,
  parseArg,
  parseCopy,
  parseEnv,
  runCommand,
  substitute,
} from './dockerfile';

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Where and how the application layers are replayed. @public */
export interface ReplayContext {
  /** The build context (the repository root). */
  repoRoot: string;
  /** The Dockerfile's path in the context, for messages. */
  dockerfile: string;
  tmp: string;
  appDir: string;
  home: string;
  binDir: string;
  /** The RUN steps' environment (the Dockerfile's ENV lands here). */
  env: Record<string, string>;
  isIgnored: (rel: string) => boolean;
  log: (message: string) => void;
  /** What the replay reports (skipped base layers, replayed lines, timings). */
  summary: Record<string, any>;
}

function copyInto(ctx: ReplayContext, rel: string, dest: string): number {
  if (ctx.isIgnored(rel)) return 0;
  const src = path.join(ctx.repoRoot, rel);
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
  const { flags, from, sources, dest: destArg } = parseCopy(text);
  if (from !== undefined) {
    throw new Error(
      `COPY --from=${from} is not replayed (one stage only): extend packages/check-image`,
    );
  }
  for (const f of flags) {
    // --chown: no user switch here (every file belongs to whoever runs the check)
    if (!/^--(chown|chmod|link)(=|$)/.test(f)) {
      throw new Error(`COPY ${f} is not replayed: extend packages/check-image`);
    }
  }
  const dest = path.resolve(ctx.appDir, destArg);
  const destIsDir =
    destArg.endsWith('/') ||
    sources.length > 1 ||
    (fs.existsSync(dest) && fs.statSync(dest).isDirectory());
  for (const s of sources) {
    if (/[*?[]/.test(s))
      throw new Error(`COPY wildcard "${s}" is not replayed`);
    const rel = path.posix.normalize(s).replace(/^\.\/|\/$/g, '');
    const src = path.join(ctx.repoRoot, rel);
    if (!fs.existsSync(src) || ctx.isIgnored(rel)) {
      throw new Error(
        `COPY ${s}: not in the build context (missing or .dockerignore'd)`,
      );
    }
    const isDir = fs.statSync(src).isDirectory();
    const target =
      !isDir && destIsDir ? path.join(dest, path.basename(rel)) : dest;
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

/**
 * Replays every instruction after `WORKDIR /app` (the lines above it are the
 * base image) and returns the exec-form CMD.
 *
 * @public
 */
export async function replay(
  ctx: ReplayContext,
  instructions: Instruction[],
): Promise<string[]> {
  const { dockerfile: DOCKERFILE, summary, log } = ctx;
  /** ARG and ENV values seen so far, for `$VAR` substitution. */
  const vars: Record<string, string | undefined> = {};
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
      if (/\$/.test(ins.args) && ins.keyword === 'CMD') {
        throw new Error('CMD: the exec form has no variable substitution');
      }
      switch (ins.keyword) {
        case 'COPY':
          replayCopy(ctx, substitute(ins.args, vars));
          break;
        case 'ENV': {
          const env = parseEnv(substitute(ins.args, vars));
          Object.assign(ctx.env, env);
          Object.assign(vars, env);
          break;
        }
        case 'ARG':
          for (const [k, v] of Object.entries(parseArg(ins.args))) {
            if (!(k in vars) || v !== undefined) vars[k] = v;
          }
          break;
        case 'RUN': {
          // --mount=type=cache (BuildKit cache mounts), --network...: build-time only
          const command = runCommand(ins.args);
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
            `${ins.keyword} is not replayed: extend packages/check-image`,
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
