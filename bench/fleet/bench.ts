/*
 * Bench of the fleet (issue 13): the fleet route cold and warm, a component
 * across the fleet, and the upgrade plan with its file edits, on generated
 * fleets of several sizes, the `find-instances` action through the actions
 * registry's HTTP endpoint (issue 15). Prints JSON on stdout.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/fleet/bench.ts [--sizes 100,1000,5000] [--samples 30] [--plan 400]
 *
 * The catalog is Backstage's in-memory catalog service mock (the route makes
 * two catalog queries; the catalog bench measures the real catalog on
 * PostgreSQL); ArgoCD statuses come from no plugin (the route then waits for
 * nothing: `argocd.available` is false).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { generateFleet } from '@pcscol/demo-fleet';
import { readPegaseEntities } from '@pcscol/plugin-catalog-backend-module-pegase';
import {
  directoryFileSource,
  planUpgrade,
  readGitopsRepository,
  upgradeFileChanges,
} from '@pcscol/plugin-pegase-node';
import { fleetPlugin } from '../../plugins/fleet-backend/src/plugin';
import { arg, runBench, stats, timed } from '../lib/benchCli';

async function benchSize(instances: number, samples: number, planSize: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-bench-'));
  try {
    generateFleet({ outDir: dir, instances });
    const read = await readPegaseEntities(directoryFileSource(dir));
    const entities = [...read.chart, ...read.inventory, ...read.clusters];
    const { server } = await startTestBackend({
      features: [
        fleetPlugin,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: { pegase: { source: { type: 'dir', path: dir } } },
            },
            pegase: {
              fleet: { cacheTtlSeconds: 3600, argocdTimeoutSeconds: 1 },
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const get = (url: string) =>
      timed(async () => {
        const res = await request(server).get(url);
        if (res.status !== 200)
          throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
      });
    const [body, coldMs] = await get('/api/fleet/instances');
    const warm: number[] = [];
    for (let i = 0; i < samples; i++)
      warm.push((await get('/api/fleet/instances'))[1]);
    // the find-instances action (actions registry), as an MCP client calls it
    const findInstances = () =>
      timed(async () => {
        const res = await request(server)
          .post(
            '/api/fleet/.backstage/actions/v1/actions/fleet:find-instances/invoke',
          )
          .send({ version: '<25.0.0', usage: 'production' });
        if (res.status !== 200)
          throw new Error(`find-instances: ${res.status} ${res.text}`);
        return res.body;
      });
    const [found] = await findInstances();
    const findWarm: number[] = [];
    for (let i = 0; i < samples; i++) findWarm.push((await findInstances())[1]);
    const component = read.chart.find(e => e.kind === 'Component')!.metadata
      .name;
    const subChart: number[] = [];
    for (let i = 0; i < Math.min(samples, 10); i++) {
      subChart.push((await get(`/api/fleet/sub-charts/${component}`))[1]);
    }
    await server.close?.();

    const snapshot = await readGitopsRepository(directoryFileSource(dir), {
      loadOpenApi: false,
    });
    const latest = snapshot.releases[0].version;
    const [plan, planMs] = await timed(async () =>
      planUpgrade(snapshot, {
        to: latest,
        selection: { max: planSize },
        waves: ['sandbox', 'construction', 'production'],
      }),
    );
    const [changes, editMs] = await timed(() =>
      upgradeFileChanges(plan.instances, f =>
        fs.promises.readFile(path.join(dir, f), 'utf8'),
      ),
    );
    return {
      instances,
      responseBytes: JSON.stringify(body).length,
      fleetRouteColdMs: +coldMs.toFixed(1),
      fleetRouteWarmMs: stats(warm),
      subChartRouteMs: stats(subChart),
      findInstancesAction: {
        found: found.output.total,
        warmMs: stats(findWarm),
      },
      plan: {
        planned: plan.instances.length,
        skipped: plan.skipped.length,
        waves: plan.waves.map(w => [w.name, w.instances.length]),
        planMs: +planMs.toFixed(1),
        editFiles: Object.keys(changes).length,
        editMs: +editMs.toFixed(1),
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const samples = Number(arg('samples', '30'));
const planSize = Number(arg('plan', '400'));
runBench('fleet', n => benchSize(n, samples, planSize));
