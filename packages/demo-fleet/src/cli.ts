/*
 * yarn workspace @pcscol/demo-fleet generate --instances 50 --out catalog/demo-gitops
 *   [--seed 2026] [--clusters 6] [--now 2026-11-25T00:00:00Z]
 * A relative --out resolves against the repository root (yarn's PROJECT_CWD; under
 * `yarn workspace` the current directory is the package's), else the current directory.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateFleet } from './generateFleet';

function main() {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '50' },
      out: { type: 'string' },
      seed: { type: 'string' },
      clusters: { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.out) {
    process.stderr.write(
      'usage: generate --out <dir> [--instances 50] [--seed 2026] [--clusters N] [--now ISO-date]\n',
    );
    process.exit(values.help ? 0 : 2);
  }
  const cwd = process.env.PROJECT_CWD ?? process.cwd();
  let seed: number | string | undefined = values.seed;
  if (seed !== undefined && /^\d+$/.test(seed)) seed = Number(seed);
  const start = process.hrtime.bigint();
  const summary = generateFleet({
    outDir: path.resolve(cwd, values.out),
    instances: Number(values.instances),
    seed,
    clusters:
      values.clusters === undefined ? undefined : Number(values.clusters),
    now: values.now,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(
    `${JSON.stringify(
      {
        ...summary,
        clusters: summary.clusters.length,
        durationMs: Math.round(ms),
      },
      null,
      2,
    )}\n`,
  );
}

try {
  main();
} catch (e) {
  process.stderr.write(`generate: ${(e as Error).message}\n`);
  process.exit(1);
}
