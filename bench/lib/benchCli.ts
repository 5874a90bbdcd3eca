/*
 * What the fleet-sized benches share: their `--name value` options, the
 * statistics of a sample, and the JSON they print.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';

/** The value of `--name` on the command line, or `def`. */
export function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

/** Count, p50, p95 and max of a sample of milliseconds. */
export function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return {
    n: s.length,
    p50: +q(0.5).toFixed(1),
    p95: +q(0.95).toFixed(1),
    max: +s[s.length - 1].toFixed(1),
  };
}

/** The value of `fn` and its duration in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
}

/**
 * Runs `measure` for each fleet size of `--sizes` (default 100,1000,5000),
 * prints `{ bench, date, cpus, node, results }` and exits (1 on an error).
 */
export function runBench<T>(
  bench: string,
  measure: (instances: number) => Promise<T>,
): void {
  const sizes = arg('sizes', '100,1000,5000').split(',').map(Number);
  (async () => {
    const results: T[] = [];
    for (const n of sizes) results.push(await measure(n));
    const out = {
      bench,
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      node: process.version,
      results,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  })().then(
    () => process.exit(0),
    e => {
      console.error(e);
      process.exit(1);
    },
  );
}
