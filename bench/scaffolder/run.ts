/*
 * Bench of issue 4: time from submitting "New Pégase instance" to the change
 * request opened (clone, read the inventory, render, validate, commit, push,
 * MR API), against a real git remote over HTTP (git http-backend on loopback)
 * and the GitLab stand-in, for inventories of growing size. Prints JSON.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/scaffolder/run.ts [sizes...] [--runs N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { generateFleet } from '@pcscol/demo-fleet';
import { startGitHttpServer } from '@pcscol/stand-ins';
import { startGitlabApi } from '@pcscol/stand-ins/gitlab';
import {
  createPegaseInstanceCreateAction,
  GitopsChangePublisher,
  readSelfServiceSettings,
} from '@pcscol/plugin-scaffolder-backend-module-pegase';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

const args = process.argv.slice(2);
const runsIndex = args.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 3;
const sizes = args
  .filter((a, i) => /^\d+$/.test(a) && i !== runsIndex + 1)
  .map(Number);
if (sizes.length === 0) sizes.push(100, 250, 500, 1000, 2000);

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bench(instances: number) {
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), `pegase-bench-${instances}-`),
  );
  const fleet = generateFleet({ outDir: dir, instances });
  const git = await startGitHttpServer({
    port: 0,
    gitopsDir: dir,
    token: 'git-token',
  });
  const gitlab = await startGitlabApi({ port: 0, token: 'gitlab-token' });
  const host = new URL(gitlab.url).host;
  const config = new ConfigReader({
    integrations: {
      gitlab: [
        { host, apiBaseUrl: `${gitlab.url}/api/v4`, token: 'gitlab-token' },
      ],
    },
    pegase: {
      gitops: {
        repoUrl: git.repoUrl,
        project: 'pegase/gitops',
        forgeHost: host,
        token: 'git-token',
      },
    },
  });
  const action = createPegaseInstanceCreateAction({
    publisher: GitopsChangePublisher.fromConfig(config),
    permissions: {
      authorize: async (r: any[]) =>
        r.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as any,
    selfService: readSelfServiceSettings(config),
  });
  const totals: number[] = [];
  const phases: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    const marks: Array<[string, number]> = [];
    const t0 = performance.now();
    const outputs: Record<string, unknown> = {};
    const logger: any = {
      info: () => {},
      warn: () => {},
      error: () => {},
      debug: () => {},
      child: () => logger,
    };
    await action.handler({
      input: {
        university: `bench${i}`,
        usage: 'construction',
        region: 'eu-sxb-1',
        cluster: 'sxb-cons-1',
      },
      logger,
      workspacePath: os.tmpdir(),
      output: (k: string, v: unknown) => {
        outputs[k] = v;
        marks.push([k, performance.now() - t0]);
      },
      checkpoint: async ({ fn }: any) => fn(),
      createTemporaryDirectory: async () => os.tmpdir(),
      getInitiatorCredentials: async () => ({} as any),
      task: { id: `bench-${i}` },
      user: { ref: 'user:default/guest' },
    } as any);
    const total = performance.now() - t0;
    totals.push(total);
    const staged = marks.find(([k]) => k === 'filesChanged')?.[1] ?? 0;
    (phases.cloneReadRenderStage ??= []).push(staged);
    (phases.commitPushChangeRequest ??= []).push(total - staged);
    if (!String(outputs.changeRequestUrl).includes('/merge_requests/'))
      throw new Error('no merge request');
  }
  const files = fleet.files;
  await git.stop();
  await gitlab.stop();
  fs.rmSync(dir, { recursive: true, force: true });
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
