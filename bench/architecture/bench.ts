/*
 * Bench of the architecture graph route (issue 14): cold (first request of a
 * user: two catalog queries and the assembly) and warm (the user's cached
 * graph), on generated fleets of several sizes. Prints JSON on stdout.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/architecture/bench.ts [--sizes 100,1000,5000] [--samples 30]
 *
 * The catalog is Backstage's in-memory catalog service mock, with the stored
 * relations the catalog's processors would derive; the page's own figures
 * (layout, focus, long tasks) come from e2e/architecture.spec.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import type { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { generateFleet } from '@pcscol/demo-fleet';
import { readPegaseEntities } from '@pcscol/plugin-catalog-backend-module-pegase';
import { directoryFileSource } from '@pcscol/plugin-pegase-node';
import { architecturePlugin } from '../../plugins/architecture-backend/src/plugin';
import { arg, runBench, stats } from '../lib/benchCli';

/** The relations the catalog derives from the specs the providers emit. */
function withRelations(list: Entity[]): Entity[] {
  const ref = (kind: string, r: string) =>
    (r.includes(':') ? r : `${kind}:default/${r}`).toLocaleLowerCase('en-US');
  return list.map(e => {
    const spec = (e.spec ?? {}) as Record<string, string[] | undefined>;
    const rel = (type: string, kind: string, key: string) =>
      (spec[key] ?? []).map(t => ({ type, targetRef: ref(kind, t) }));
    return {
      ...e,
      relations: [
        ...rel('providesApi', 'api', 'providesApis'),
        ...rel('consumesApi', 'api', 'consumesApis'),
        ...rel('dependsOn', 'component', 'dependsOn'),
      ],
    };
  });
}

async function benchSize(instances: number, samples: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-bench-'));
  try {
    generateFleet({ outDir: dir, instances });
    const read = await readPegaseEntities(directoryFileSource(dir));
    const entities = withRelations([
      ...read.chart,
      ...read.inventory,
      ...read.clusters,
    ]);
    const { server } = await startTestBackend({
      features: [
        architecturePlugin,
        mockServices.rootConfig.factory({
          data: { architecture: { cacheTtlSeconds: 3600 } },
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const get = async (user: string) => {
      const t = performance.now();
      const res = await request(server)
        .get('/api/architecture/graph')
        .set('authorization', mockCredentials.user.header(user));
      if (res.status !== 200) throw new Error(`graph: ${res.status}`);
      return [res.body, performance.now() - t] as const;
    };
    const cold: number[] = [];
    let body: any;
    // a cold graph per user: each user's first request
    for (let i = 0; i < Math.min(samples, 10); i++) {
      const [b, ms] = await get(`user:default/cold-${i}`);
      body = b;
      cold.push(ms);
    }
    const warm: number[] = [];
    for (let i = 0; i < samples; i++)
      warm.push((await get('user:default/cold-0'))[1]);
    return {
      instances,
      nodes: body.nodes.length,
      edges: body.edges.length,
      responseBytes: JSON.stringify(body).length,
      graphRouteColdMs: stats(cold),
      graphRouteWarmMs: stats(warm),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const samples = Number(arg('samples', '30'));
runBench('architecture', n => benchSize(n, samples));
