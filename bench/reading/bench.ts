/*
 * Bench: the worst case of each reading bound (issue 23), each case in its
 * own process so that its peak RSS is its own:
 * - `yaml`: a values.yaml of the smallest keys (`k123: 1`), read through
 *   readGitopsRepository: seconds, peak RSS, longest event-loop block; sizes
 *   up to the 5 MiB file limit, and the old path (the parser's `uniqueKeys`)
 *   on small files, to show its quadratic growth;
 * - `bomb`: a sub-chart .tgz holding one 4 GiB entry (~4.2 MB of gzip);
 * - `fleet`: 64 sub-chart archives at the limits (100 MiB unpacked each,
 *   about 30 to 1), read at once.
 * Run: node --require @backstage/cli/config/nodeTransform.cjs bench/reading/bench.ts
 *   [--cases yaml,bomb,fleet] [--yaml-sizes 262144,1048576,5242880] [--old-sizes 51200,102400,204800]
 * Prints JSON on stdout.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import {
  DEFAULT_READ_LIMITS,
  memoryFileSource,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import {
  baseRepo,
  makeStreamedTgz,
  subChartYaml,
} from '@pcscol/plugin-pegase-node/testUtils';
import { arg } from '../lib/benchCli';

const MiB = 1024 * 1024;

/** At most `bytes` of YAML, one small key a line: the worst per byte for the parser. */
function smallKeys(bytes: number): { text: string; keys: number } {
  const parts: string[] = [];
  let n = 0;
  for (;;) {
    const line = `k${parts.length}: 1\n`;
    if (n + line.length > bytes) break;
    parts.push(line);
    n += line.length;
  }
  return { text: parts.join(''), keys: parts.length };
}

/** Runs `fn` with the event loop watched: seconds, longest block, peak RSS. */
async function measured<T>(fn: () => Promise<T>) {
  let peak = process.memoryUsage().rss;
  // a tick every 10 ms: the longest gap between two is the longest block
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 10);
    last = now;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const t0 = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t0) / 1000;
  await new Promise(r => setTimeout(r, 30));
  clearInterval(ticker);
  return {
    value,
    seconds: +seconds.toFixed(2),
    eventLoopMaxBlockMs: Math.round(Math.max(0, longest)),
    // the process's own peak: the sampler misses what happens inside one block
    peakRssMiB: Math.round(
      Math.max(peak, process.resourceUsage().maxRSS * 1024) / MiB,
    ),
  };
}

const rssMiB = () => Math.round(process.memoryUsage().rss / MiB);

async function yamlCase(bytes: number) {
  const repo = await baseRepo();
  const { text, keys } = smallKeys(bytes);
  repo['instances/eu-sxb-1/production/univ-b/values.yaml'] = text;
  const baselineRssMiB = rssMiB();
  const m = await measured(() => readGitopsRepository(memoryFileSource(repo)));
  return {
    case: 'yaml',
    bytes,
    keys,
    seconds: m.seconds,
    eventLoopMaxBlockMs: m.eventLoopMaxBlockMs,
    baselineRssMiB,
    peakRssMiB: m.peakRssMiB,
    problems: m.value.problems.map(p => p.message),
  };
}

/** The parser's own check, as before: one mapping, every key compared with the earlier ones. */
async function oldYamlCase(bytes: number) {
  const { text, keys } = smallKeys(bytes);
  const m = await measured(async () =>
    parseDocument(text, { uniqueKeys: true }),
  );
  const n = await measured(async () =>
    parseDocument(text, { uniqueKeys: false }),
  );
  return {
    case: 'yaml-old-uniqueKeys',
    bytes,
    keys,
    seconds: m.seconds,
    withoutUniqueKeysSeconds: n.seconds,
  };
}

async function bombCase() {
  const t0 = performance.now();
  const bomb = await makeStreamedTgz(
    [{ path: 'kafka/Chart.yaml', size: 4 * 1024 * MiB }],
    9,
  );
  const buildSeconds = +((performance.now() - t0) / 1000).toFixed(1);
  const repo = await baseRepo();
  repo['charts/pegase/charts/kafka-1.4.0.tgz'] = bomb;
  const baselineRssMiB = rssMiB();
  const m = await measured(() => readGitopsRepository(memoryFileSource(repo)));
  return {
    case: 'bomb',
    archiveBytes: bomb.length,
    entryBytes: 4 * 1024 * MiB,
    buildSeconds,
    seconds: m.seconds,
    eventLoopMaxBlockMs: m.eventLoopMaxBlockMs,
    baselineRssMiB,
    peakRssMiB: m.peakRssMiB,
    problems: m.value.problems.map(p => p.message),
  };
}

async function fleetCase(count: number) {
  // one archive at the limits, under `count` names: a Chart.yaml and 20
  // entries of 4.95 MiB of text (100 MiB less a little), about 30 to 1
  const t0 = performance.now();
  const entries = [
    { path: 'big/Chart.yaml', size: 0, content: subChartYaml('big', '1.0.0') },
    ...Array.from({ length: 20 }, (_, i) => ({
      path: `big/files/f${i}.txt`,
      size: Math.floor(4.95 * MiB),
      fill: 'text' as const,
    })),
  ];
  const archive = await makeStreamedTgz(entries);
  const buildSeconds = +((performance.now() - t0) / 1000).toFixed(1);
  const repo = await baseRepo();
  for (let i = 0; i < count; i++)
    repo[`charts/pegase/charts/big${i}-1.0.0.tgz`] = archive;
  const baselineRssMiB = rssMiB();
  const m = await measured(() => readGitopsRepository(memoryFileSource(repo)));
  const over = m.value.problems.filter(p => p.message.includes('read budget'));
  return {
    case: 'fleet',
    archives: count,
    archiveBytes: archive.length,
    unpackedBytesEach: entries.reduce((s, e) => s + e.size, 0),
    buildSeconds,
    seconds: m.seconds,
    eventLoopMaxBlockMs: m.eventLoopMaxBlockMs,
    baselineRssMiB,
    peakRssMiB: m.peakRssMiB,
    refusedByReadBudget: over.length,
    firstRefusal: over[0]?.message,
    otherProblems: m.value.problems
      .filter(p => !p.message.includes('read budget'))
      .map(p => p.message),
  };
}

async function child(which: string, size: number) {
  let out: unknown;
  if (which === 'yaml') out = await yamlCase(size);
  else if (which === 'yaml-old') out = await oldYamlCase(size);
  else if (which === 'bomb') out = await bombCase();
  else out = await fleetCase(size);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function run(which: string, size: number): unknown {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, __filename, '--child', which, '--size', String(size)],
    { encoding: 'utf8', maxBuffer: 64 * MiB, timeout: 30 * 60_000 },
  );
  if (r.status !== 0)
    return {
      case: which,
      size,
      failed: r.status,
      stderr: r.stderr.slice(-2000),
    };
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main() {
  const childCase = arg('child', '');
  if (childCase) {
    await child(childCase, Number(arg('size', '0')));
    return;
  }
  const cases = arg('cases', 'yaml,bomb,fleet').split(',');
  const results: unknown[] = [];
  if (cases.includes('yaml')) {
    for (const s of arg('old-sizes', '51200,102400,204800').split(','))
      results.push(run('yaml-old', Number(s)));
    for (const s of arg('yaml-sizes', '262144,1048576,5242880').split(','))
      results.push(run('yaml', Number(s)));
  }
  if (cases.includes('bomb')) results.push(run('bomb', 0));
  if (cases.includes('fleet')) results.push(run('fleet', 64));
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'reading bounds (issue 23)',
        date: new Date().toISOString(),
        cpus: os.cpus().length,
        loadavg: os.loadavg().map(l => +l.toFixed(2)),
        node: process.version,
        limits: DEFAULT_READ_LIMITS,
        results,
      },
      null,
      2,
    )}\n`,
  );
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
