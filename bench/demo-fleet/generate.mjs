#!/usr/bin/env node
// Times the demo-fleet generator for 1,000 and 5,000 instances (or the sizes given as
// arguments) and prints JSON. Run from the repository root with the toolchain's Node 22:
//   node --require @backstage/cli/config/nodeTransform.cjs bench/demo-fleet/generate.mjs [sizes...]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const {
  generateFleet,
} = require('../../packages/demo-fleet/src/generateFleet.ts');

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter(n => n > 0);
const runs = [];
for (const instances of sizes.length ? sizes : [1000, 5000]) {
  const outDir = fs.mkdtempSync(
    path.join(os.tmpdir(), `demo-fleet-bench-${instances}-`),
  );
  try {
    const start = process.hrtime.bigint();
    const summary = generateFleet({ outDir, instances });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    runs.push({
      instances: summary.instances,
      clusters: summary.clusters.length,
      files: summary.files,
      durationMs: Math.round(ms),
      filesPerSecond: Math.round(summary.files / (ms / 1000)),
    });
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
console.log(
  JSON.stringify(
    {
      bench: 'demo-fleet/generate',
      node: process.version,
      cpus: os.cpus().length,
      runs,
    },
    null,
    2,
  ),
);
