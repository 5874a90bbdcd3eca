/*
 * Bench of issue 4: time from submitting "New Pégase instance" to the change
 * request opened (clone, read the inventory, render, validate, commit, push,
 * MR API), against a real git remote over HTTP (git http-backend on loopback)
 * and the GitLab stand-in, for inventories of growing size. Prints JSON.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/scaffolder/run.ts [sizes...] [--runs N]
 */
import os from 'node:os';
import { createPegaseInstanceCreateAction } from '@pcscol/plugin-scaffolder-backend-module-pegase';
import {
  benchContext,
  median,
  startSelfServicePeers,
} from '../lib/selfServicePeers';

const args = process.argv.slice(2);
const runsIndex = args.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 3;
const sizes = args
  .filter((a, i) => /^\d+$/.test(a) && i !== runsIndex + 1)
  .map(Number);
if (sizes.length === 0) sizes.push(100, 250, 500, 1000, 2000);

async function bench(instances: number) {
  const peers = await startSelfServicePeers(instances);
  const action = createPegaseInstanceCreateAction(peers.options);
  const totals: number[] = [];
  const phases: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    const { ctx, outputs, marks, elapsed } = benchContext(
      {
        university: `bench${i}`,
        usage: 'construction',
        region: 'eu-sxb-1',
        cluster: 'sxb-cons-1',
      },
      `bench-${i}`,
    );
    await action.handler(ctx);
    const total = elapsed();
    totals.push(total);
    const staged = marks.find(([k]) => k === 'filesChanged')?.[1] ?? 0;
    (phases.cloneReadRenderStage ??= []).push(staged);
    (phases.commitPushChangeRequest ??= []).push(total - staged);
    if (!String(outputs.changeRequestUrl).includes('/merge_requests/'))
      throw new Error('no merge request');
  }
  const files = peers.files;
  await peers.stop();
  return {
    instances,
    repositoryFiles: files,
    runs,
    medianMs: Math.round(median(totals)),
    // the first run also builds the publisher's local mirror and parse cache
    firstRunMs: Math.round(totals[0]),
    runsMs: totals.map(Math.round),
    minMs: Math.round(Math.min(...totals)),
    maxMs: Math.round(Math.max(...totals)),
    phasesMedianMs: Object.fromEntries(
      Object.entries(phases).map(([k, v]) => [k, Math.round(median(v))]),
    ),
  };
}

async function main() {
  const results = [];
  for (const n of sizes) results.push(await bench(n));
  const at1000 = results.find(r => r.instances === 1000);
  console.log(
    JSON.stringify(
      {
        bench:
          'scaffolder: submit "New Pégase instance" -> merge request opened',
        node: process.version,
        cpus: os.cpus().length,
        targetMs: 3000,
        at1000Ms: at1000?.medianMs,
        withinTarget: at1000 ? at1000.medianMs < 3000 : undefined,
        results,
      },
      null,
      2,
    ),
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
