/*
 * Bench of the Thanos views (issue 7), against a real Prometheus holding the
 * queried series of 5 components for 1,000 instances (24 h, one sample every
 * 10 minutes). Prints JSON on stdout.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/thanos/bench.ts [--instances 1000]
 *
 * Measures: the component metrics tab (6 graphs, 24 h) cold and warm through
 * the backend service; the backend's overhead over the same PromQL sent to
 * Prometheus directly in the same run; query time vs number of instances.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import {
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
} from '@pcscol/plugin-pegase-common';
import {
  DEMO_COMPONENTS,
  syntheticFleet,
} from '../../packages/stand-ins/src/exporter/series';
import { startPrometheus } from '@pcscol/stand-ins/prometheus';
import { ThanosService } from '../../plugins/thanos-backend/src/services/ThanosService';
import { readThanosConfig } from '../../plugins/thanos-backend/src/config';
import { queryWindow } from '../../plugins/thanos-backend/src/services/promql';
import { topQuery } from '../../plugins/thanos-backend/src/services/templates';
import { ConfigReader } from '@backstage/config';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

const TAB = [
  'http-request-rate',
  'http-5xx-ratio',
  'http-p95-latency',
  'jvm-heap',
  'cpu',
  'memory',
];
const COMPONENTS = DEMO_COMPONENTS.filter(c =>
  ['ins', 'ref', 'pai', 'connecteur-parcoursup', 'ins-web'].includes(c.name),
);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};
const round = (n: number) => Math.round(n * 10) / 10;

class MemoryCache {
  private readonly m = new Map<string, { v: unknown; until: number }>();
  async get(key: string) {
    const e = this.m.get(key);
    return e && e.until > Date.now() ? (e.v as any) : undefined;
  }
  async set(key: string, v: unknown, o?: { ttl?: number | object }) {
    this.m.set(key, {
      v,
      until: Date.now() + (typeof o?.ttl === 'number' ? o.ttl : 30000),
    });
  }
  async delete(key: string) {
    this.m.delete(key);
  }
  withOptions() {
    return this;
  }
}
const noCache = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  withOptions() {
    return this;
  },
};
const logger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => logger,
};

function catalogOf(instances: Array<{ name: string; namespace: string }>) {
  const component: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'ins',
      namespace: 'default',
      annotations: { [PEGASE_ANNOTATIONS.workload]: 'ins' },
    },
    spec: { type: 'service' },
  };
  const items: Entity[] = instances.map(i => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: i.name,
      namespace: 'default',
      annotations: { [PEGASE_ANNOTATIONS.namespace]: i.namespace },
    },
    spec: { type: PEGASE_INSTANCE_TYPE },
  }));
  return {
    getEntityByRef: async () => component,
    getEntities: async () => ({ items }),
  };
}

async function main() {
  const count = arg('instances', 1000);
  const runs = arg('runs', 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thanos-bench-'));
  const fleet = syntheticFleet(count, COMPONENTS);
  const t0 = Date.now();
  const prom = await startPrometheus({
    port: 0,
    dataDir: path.join(dir, 'data'),
    fleet,
    backfill: { days: 1.1, denseHours: 27, denseStep: 600, longComponent: '' },
    readyTimeoutMs: 600000,
  });
  const setupSeconds = (Date.now() - t0) / 1000;
  const creds: any = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: 'user:default/bench' },
  };
  const config = readThanosConfig(
    new ConfigReader({
      pegase: {
        thanos: {
          queriers: [
            {
              name: 'bench',
              url: prom.url,
              scrapeInterval: '10m',
              timeoutMs: 60000,
            },
          ],
        },
      },
    }),
  );
  const make = (n: number, cache: any = new MemoryCache()) =>
    new ThanosService({
      config,
      catalog: catalogOf(fleet.instances.slice(0, n)),
      cache,
      logger,
    });
  const tab = async (s: ThanosService) => {
    const t = performance.now();
    const results = await Promise.all(
      TAB.map(g =>
        s.graph('component:default/ins', creds, {
          graphId: g,
          rangeSeconds: 86400,
        }),
      ),
    );
    const errors = results.filter(r => r.error).map(r => r.error);
    if (errors.length) throw new Error(`graph errors: ${errors.join('; ')}`);
    return {
      ms: performance.now() - t,
      series: results.reduce((a, r) => a + r.series.length, 0),
    };
  };

  try {
    // the component metrics tab, 24 h: cold (fresh backend cache) and warm
    const cold: number[] = [];
    const warm: number[] = [];
    let series = 0;
    for (let i = 0; i < runs; i++) {
      const s = make(count);
      const c = await tab(s);
      cold.push(c.ms);
      series = c.series;
      warm.push((await tab(s)).ms);
    }

    // overhead: the same PromQL straight to Prometheus vs through the service (no cache)
    const direct: number[] = [];
    const viaService: number[] = [];
    const s = make(count, noCache);
    const r = await s.resolve('component:default/ins', creds);
    for (let i = 0; i < runs * 4; i++) {
      for (const g of ['cpu', 'http-request-rate']) {
        const tpl = r.graphs.find(x => x.id === g)!;
        const w = queryWindow(
          86400,
          Date.now() / 1000,
          config.queriers[0].scrapeIntervalSeconds,
        );
        // the same two calls the service makes: rank the instances, then draw the top ones
        const all = s.buildQuery(r, tpl, 'fleet', w).query;
        const post = async (p: string, form: Record<string, string>) =>
          (
            await fetch(`${prom.url}${p}`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams(form),
            })
          ).json() as Promise<any>;
        let t = performance.now();
        const ranked = await post('/api/v1/query', {
          query: topQuery(all, config.topInstances, tpl.rank, w),
          time: String(w.end),
        });
        const top = ranked.data.result.map((x: any) => x.metric.namespace);
        const { query } = s.buildQuery(r, tpl, 'fleet', w, undefined, top);
        await post('/api/v1/query_range', {
          query,
          start: String(w.start),
          end: String(w.end),
          step: String(w.step),
        });
        direct.push(performance.now() - t);
        t = performance.now();
        await s.graph('component:default/ins', creds, {
          graphId: g,
          rangeSeconds: 86400,
        });
        viaService.push(performance.now() - t);
      }
    }
    const overhead = viaService.map((v, i) => v - direct[i]);

    // growth with the number of instances (cold tab, and one graph)
    const growth = [];
    for (const n of [10, 100, 250, 500, 1000].filter(x => x <= count)) {
      const tabMs: number[] = [];
      const cpuMs: number[] = [];
      for (let i = 0; i < 3; i++) {
        tabMs.push((await tab(make(n))).ms);
        const sv = make(n);
        const t = performance.now();
        await sv.graph('component:default/ins', creds, {
          graphId: 'cpu',
          rangeSeconds: 86400,
        });
        cpuMs.push(performance.now() - t);
      }
      growth.push({
        instances: n,
        tabColdMsP50: round(median(tabMs)),
        cpuGraphMsP50: round(median(cpuMs)),
      });
    }

    const out = {
      bench: 'thanos',
      prometheus: 'Debian prometheus 2.42 (real), 127.0.0.1',
      data: {
        instances: count,
        components: COMPONENTS.map(c => c.name),
        series: prom.backfill?.series,
        samples: prom.backfill?.samples,
        setupSeconds: round(setupSeconds),
      },
      tab: {
        graphs: TAB.length,
        range: '24h',
        seriesDrawn: series,
        coldMsP50: round(median(cold)),
        coldMsMax: round(Math.max(...cold)),
        warmMsP50: round(median(warm)),
        warmMsMax: round(Math.max(...warm)),
        targets: { coldMs: 2000, warmMs: 300 },
      },
      overhead: {
        samples: overhead.length,
        directMsP50: round(median(direct)),
        serviceMsP50: round(median(viaService)),
        overheadMsP50: round(median(overhead)),
        overheadMsP90: round(pct(overhead, 0.9)),
        target: { overheadMsP50: 10 },
      },
      growth,
      machine: { cpus: os.cpus().length, node: process.version },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await prom.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
