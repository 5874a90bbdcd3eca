/*
 * Starts a real Prometheus (Debian's `prometheus` package) for the demo and the
 * tests: renders prom.yml.tmpl, backfills the fleet's history with
 * `promtool tsdb create-blocks-from openmetrics`, starts the server on
 * 127.0.0.1:<port> (0: a free port) with a retention long enough for the 30-day
 * picker, and waits for /-/ready.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { FleetSpec } from '../src/exporter/series';
import { BackfillOptions, BackfillSummary, writeBackfill } from './backfill';

const run = promisify(execFile);

/** Options of {@link startPrometheus}. */
export interface StartPrometheusOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** TSDB folder (created). Existing blocks are kept when `backfill` is false. */
  dataDir: string;
  /** The fleet to backfill; omit (or `backfill: false`) to keep the data as it is. */
  fleet?: FleetSpec;
  backfill?: boolean | BackfillOptions;
  /** host:port of the live exporter to scrape (optional). */
  exporterTarget?: string;
  /** Default `15s`. */
  scrapeInterval?: string;
  /** Default `15s`. */
  evaluationInterval?: string;
  /** Default `35d` (the 30-day picker needs at least 31). */
  retention?: string;
  /** Where the log goes (default `<dataDir>/../prometheus.log`). */
  logFile?: string;
  /** Milliseconds to wait for /-/ready (default 60000). */
  readyTimeoutMs?: number;
  /**
   * Tests: the rules of rules.yml with every `for:` set to 0s, so that an
   * incident of the exporter fires at the first evaluation.
   */
  rulesForZero?: boolean;
}

/** A started Prometheus. */
export interface RunningPrometheus {
  url: string;
  port: number;
  process: ChildProcess;
  backfill?: BackfillSummary;
  stop(): Promise<void>;
}

/** Folder of this file's siblings (rules.yml, prom.yml.tmpl). */
export const PROMETHEUS_ASSETS_DIR = __dirname;

/** Whether the `prometheus` and `promtool` binaries are on the PATH. */
export async function prometheusInstalled(): Promise<boolean> {
  try {
    await run('prometheus', ['--version']);
    await run('promtool', ['--version']);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Renders prom.yml.tmpl. */
export function renderPrometheusConfig(values: {
  scrapeInterval: string;
  evaluationInterval: string;
  rulesFile: string;
  exporterTarget?: string;
}): string {
  let text = fs.readFileSync(
    path.join(PROMETHEUS_ASSETS_DIR, 'prom.yml.tmpl'),
    'utf8',
  );
  if (!values.exporterTarget) {
    text = text.replace(/scrape_configs:[\s\S]*$/, 'scrape_configs: []\n');
  }
  return text
    .replace(/\$\{SCRAPE_INTERVAL\}/g, values.scrapeInterval)
    .replace(/\$\{EVALUATION_INTERVAL\}/g, values.evaluationInterval)
    .replace(/\$\{RULES_FILE\}/g, JSON.stringify(values.rulesFile))
    .replace(/\$\{EXPORTER_TARGET\}/g, values.exporterTarget ?? '');
}

/** Backfills `fleet` into `dataDir` with promtool (one block per 31 days). */
export async function backfillPrometheus(
  fleet: FleetSpec,
  dataDir: string,
  options: BackfillOptions = {},
): Promise<BackfillSummary> {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(
    path.dirname(dataDir),
    `${path.basename(dataDir)}-backfill.om`,
  );
  try {
    const summary = await writeBackfill(fleet, file, options);
    if (summary.samples > 0) {
      await run(
        'promtool',
        [
          'tsdb',
          'create-blocks-from',
          'openmetrics',
          '--max-block-duration=744h',
          file,
          dataDir,
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
    }
    return summary;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Starts Prometheus (see the file header). */
export async function startPrometheus(
  options: StartPrometheusOptions,
): Promise<RunningPrometheus> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  let backfill: BackfillSummary | undefined;
  if (options.fleet && options.backfill !== false) {
    backfill = await backfillPrometheus(
      options.fleet,
      dataDir,
      typeof options.backfill === 'object' ? options.backfill : {},
    );
  }
  let rulesFile = path.join(PROMETHEUS_ASSETS_DIR, 'rules.yml');
  if (options.rulesForZero) {
    const text = fs
      .readFileSync(rulesFile, 'utf8')
      .replace(/^(\s+)for: \S+$/gm, '$1for: 0s');
    rulesFile = path.join(
      path.dirname(dataDir),
      `${path.basename(dataDir)}-rules.yml`,
    );
    fs.writeFileSync(rulesFile, text);
  }
  const configFile = path.join(
    path.dirname(dataDir),
    `${path.basename(dataDir)}-prom.yml`,
  );
  fs.writeFileSync(
    configFile,
    renderPrometheusConfig({
      scrapeInterval: options.scrapeInterval ?? '15s',
      evaluationInterval: options.evaluationInterval ?? '15s',
      rulesFile,
      exporterTarget: options.exporterTarget,
    }),
  );
  const port = options.port || (await freePort());
  const logFile =
    options.logFile ??
    path.join(
      path.dirname(dataDir),
      `${path.basename(dataDir)}-prometheus.log`,
    );
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--storage.tsdb.retention.time=${options.retention ?? '35d'}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
    ],
    { stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', code => {
    exited = code;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>(resolve => {
      if (exited !== undefined) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60000);
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`prometheus exited with code ${exited}; see ${logFile}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `prometheus not ready after ${
          options.readyTimeoutMs ?? 60000
        } ms; see ${logFile}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
  return { url, port, process: child, backfill, stop };
}
