/*
 * Integration: the plugin in a test backend, against a REAL Prometheus holding
 * backfilled data of a small fleet and scraping the live exporter.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { thanosPlugin } from './plugin';
import { promRegexOf, promString } from './services/promql';
import {
  Peers,
  TEST_FLEET,
  fleetEntities,
  startFakeQuerier,
  startPeers,
} from './__testUtils__/peers';

jest.setTimeout(120_000);

const HOSTILE = [
  'x"} or vector(1) #',
  'a\\"}) or up{job=~".+',
  "b'`\n\r\ttab",
  '.*|.+',
  '"}[5m]) or on() vector(666) or label_replace(up,"a","b","c","d") #',
];

let peers: Peers;
let slow: Awaited<ReturnType<typeof startFakeQuerier>>;
let warner: Awaited<ReturnType<typeof startFakeQuerier>>;

beforeAll(async () => {
  [peers, slow, warner] = await Promise.all([
    startPeers(),
    startFakeQuerier({ delayMs: 30_000 }),
    startFakeQuerier({
      warnings: ['store 10.0.0.7:10901 unavailable: partial response'],
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([peers?.stop(), slow?.stop(), warner?.stop()]);
});

const hostileEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'evil-instance',
      namespace: 'default',
      annotations: { 'pc-scol.fr/namespace': HOSTILE[0] },
    },
    spec: { type: 'pegase-instance', dependsOn: ['component:default/ins'] },
    relations: [{ type: 'dependsOn', targetRef: 'component:default/ins' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'evil-component',
      namespace: 'default',
      annotations: { 'pc-scol.fr/workload': HOSTILE[1] },
    },
    spec: { type: 'service', owner: 'ops', lifecycle: 'production' },
  },
];

async function backend(options?: {
  deny?: boolean;
  queriers?: any[];
  cacheTtlSeconds?: number;
}) {
  const { server } = await startTestBackend({
    features: [
      thanosPlugin,
      catalogServiceMock.factory({
        entities: [...fleetEntities(TEST_FLEET), ...hostileEntities],
      }),
      mockServices.rootConfig.factory({
        data: {
          pegase: {
            thanos: {
              queriers: options?.queriers ?? [
                {
                  name: 'demo',
                  url: peers.prometheusUrl,
                  scrapeInterval: '5m',
                  uiUrl: 'https://thanos.example',
                },
                { name: 'slow', url: slow.url, timeoutMs: 300 },
                { name: 'down', url: 'http://127.0.0.1:9', timeoutMs: 2000 },
                { name: 'partial', url: warner.url },
              ],
              topInstances: 2,
              cacheTtlSeconds: options?.cacheTtlSeconds ?? 30,
            },
          },
        },
      }),
      ...(options?.deny
        ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
        : []),
    ],
  });
  return server;
}

const api = '/api/pegase-thanos/entity';

describe('thanos backend against a real Prometheus', () => {
  it('describes a component: graphs of its type, instances from the catalog, links', async () => {
    const server = await backend();
    const res = await request(server)
      .get(`${api}/default/component/ins/info`)
      .expect(200);
    expect(res.body.configured).toBe(true);
    expect(res.body.kind).toBe('component');
    expect(res.body.workload).toBe('ins');
    expect(res.body.graphs.map((g: { id: string }) => g.id)).toEqual(
      expect.arrayContaining([
        'http-request-rate',
        'http-5xx-ratio',
        'http-p95-latency',
        'jvm-heap',
        'cpu',
        'memory',
      ]),
    );
    expect(res.body.instances.map((i: { name: string }) => i.name)).toEqual(
      expect.arrayContaining(['univ-a', 'univ-b', 'univ-c']),
    );
    expect(res.body.links).toEqual([
      { kind: 'thanos', url: 'https://thanos.example', title: 'demo' },
    ]);
  });

  it('draws a component across instances: top instances, named after the catalog, at most 500 points', async () => {
    const server = await backend();
    const res = await request(server)
      .get(`${api}/default/component/ins/graphs/http-request-rate?range=24h`)
      .expect(200);
    expect(res.body.error).toBeUndefined();
    // topInstances: 2 of the 3 instances
    expect(res.body.series).toHaveLength(2);
    for (const s of res.body.series) {
      expect(['univ-a', 'univ-b', 'univ-c']).toContain(s.label);
      expect(s.points.length).toBeGreaterThan(200);
      expect(s.points.length).toBeLessThanOrEqual(500);
      expect(
        s.points.every(
          (p: [number, number | null]) => p[1] === null || p[1] > 0,
        ),
      ).toBe(true);
    }
    expect(res.body.exploreUrl).toMatch(
      /^https:\/\/thanos\.example\/graph\?g0\.expr=/,
    );
  });

  it('draws one instance of a component, over 30 days for the component with a long history', async () => {
    const server = await backend();
    const res = await request(server)
      .get(`${api}/default/component/ins/graphs/cpu?range=30d&instance=univ-b`)
      .expect(200);
    expect(res.body.error).toBeUndefined();
    expect(res.body.series).toHaveLength(1);
    const points = res.body.series[0].points.filter(
      (p: [number, number | null]) => p[1] !== null,
    );
    expect(points.length).toBeLessThanOrEqual(500);
    // data reaches back more than 25 days
    expect(res.body.end - points[0][0]).toBeGreaterThan(25 * 86400);
  });

  it("draws an instance's health graphs", async () => {
    const server = await backend();
    const info = await request(server)
      .get(`${api}/default/resource/univ-a/info`)
      .expect(200);
    expect(info.body.kind).toBe('instance');
    expect(info.body.namespace).toBe('univ-a-prod');
    const res = await request(server)
      .get(`${api}/default/resource/univ-a/graphs/instance-memory?range=6h`)
      .expect(200);
    expect(
      res.body.series.map((s: { label: string }) => s.label).sort(),
    ).toEqual(['ins', 'kafka', 'pai', 'postgresql-primary']);
  });

  it('lists the firing alerts of an instance and of a component, filtered on the backend', async () => {
    const server = await backend({
      queriers: [{ name: 'demo', url: peers.prometheusUrl }],
      cacheTtlSeconds: 1,
    });
    // the exporter's incidents: pai unavailable in univ-a, ins 5xx in univ-c
    let alerts: any;
    for (let i = 0; i < 120; i++) {
      alerts = (
        await request(server)
          .get(`${api}/default/component/pai/alerts`)
          .expect(200)
      ).body;
      if (alerts.alerts.length) break;
      await new Promise(r => setTimeout(r, 500));
    }
    expect(alerts.errors).toEqual([]);
    // At some hour of the run, a deployment's daily replica dip may add a
    // pending alert (the dip is shorter than the rule's `for`, so it never
    // fires: REPLICA_DIP_SECONDS): contained, not equal.
    expect(alerts.alerts).toContainEqual(
      expect.objectContaining({
        name: 'PegaseDeploymentUnavailable',
        state: 'firing',
        instance: 'univ-a',
        severity: 'critical',
      }),
    );
    // only pai's workloads
    expect(
      alerts.alerts.every((a: any) =>
        Object.values(a.labels).some(v => String(v).includes('pai')),
      ),
    ).toBe(true);
    const ofInstance = (
      await request(server)
        .get(`${api}/default/resource/univ-a/alerts`)
        .expect(200)
    ).body;
    expect(ofInstance.alerts.map((a: any) => a.name)).toContain(
      'PegaseDeploymentUnavailable',
    );
    expect(
      ofInstance.alerts.every((a: any) => a.namespace === 'univ-a-prod'),
    ).toBe(true);
    // filtered on the backend: another instance never gets univ-a's alerts
    const ofOther = (
      await request(server)
        .get(`${api}/default/resource/univ-b/alerts`)
        .expect(200)
    ).body;
    expect(
      ofOther.alerts.every((a: any) => a.namespace === 'univ-b-prod'),
    ).toBe(true);
    expect(ofOther.alerts).not.toContainEqual(
      expect.objectContaining({ instance: 'univ-a' }),
    );
  });

  it('never lets a name from the catalog change the query (hostile names)', async () => {
    const server = await backend();
    // an instance whose namespace annotation is PromQL: refused clearly
    const evil = await request(server).get(
      `${api}/default/resource/evil-instance/graphs/instance-cpu`,
    );
    expect(evil.status).toBe(400);
    expect(evil.body.error.message).toMatch(/not a valid namespace/);
    // a component whose workload annotation is PromQL: refused clearly
    const evilComponent = await request(server).get(
      `${api}/default/component/evil-component/graphs/cpu`,
    );
    expect(evilComponent.status).toBe(400);
    expect(evilComponent.body.error.message).toMatch(/not a valid workload/);
    // the component that evil-instance claims to run: the instance is skipped and said so
    const ins = await request(server)
      .get(`${api}/default/component/ins/graphs/cpu?range=1h`)
      .expect(200);
    expect(ins.body.warnings.join()).toMatch(/evil-instance/);
    expect(
      ins.body.series.map((s: { label: string }) => s.label),
    ).not.toContain('evil-instance');
    // users cannot send PromQL: unknown graph ids and instances are refused
    await request(server)
      .get(`${api}/default/component/ins/graphs/sum(up)`)
      .expect(400);
    await request(server)
      .get(`${api}/default/component/ins/graphs/no-such-graph`)
      .expect(404);
    await request(server)
      .get(
        `${api}/default/component/ins/graphs/cpu?instance=${encodeURIComponent(
          HOSTILE[0],
        )}`,
      )
      .expect(400);
  });

  it('escapes values so that the real PromQL parser reads them back unchanged', async () => {
    for (const value of HOSTILE) {
      const query = `label_replace(label_replace(vector(1), "x", ${promString(
        value,
      )}, "", ""), "y", "matched", "x", ${promRegexOf([value, 'other'])})`;
      const res = await fetch(
        `${peers.prometheusUrl}/api/v1/query?${new URLSearchParams({ query })}`,
      );
      const body = await res.json();
      expect(body.status).toBe('success');
      expect(body.data.result).toHaveLength(1);
      expect(body.data.result[0].metric).toEqual({ x: value, y: 'matched' });
      expect(body.data.result[0].value[1]).toBe('1');
    }
  });

  it('reports a slow querier and a down querier as an error of that graph only', async () => {
    const server = await backend();
    const slowRes = await request(server)
      .get(`${api}/default/component/ins/graphs/cpu?range=1h&querier=slow`)
      .expect(200);
    expect(slowRes.body.error).toBe(
      'querier "slow" did not answer within 300 ms',
    );
    expect(slowRes.body.series).toEqual([]);
    const downRes = await request(server)
      .get(`${api}/default/component/ins/graphs/cpu?range=1h&querier=down`)
      .expect(200);
    expect(downRes.body.error).toMatch(/querier "down" is unreachable/);
    // the other querier still answers
    const ok = await request(server)
      .get(`${api}/default/component/ins/graphs/cpu?range=1h`)
      .expect(200);
    expect(ok.body.error).toBeUndefined();
    expect(ok.body.series.length).toBeGreaterThan(0);
    // alerts: every querier asked, failures listed, not fatal
    const alerts = await request(server)
      .get(`${api}/default/component/ins/alerts`)
      .expect(200);
    expect(alerts.body.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"slow"/),
        expect.stringMatching(/"down"/),
      ]),
    );
  });

  it('shows partial responses (Thanos warnings) as warnings, not errors', async () => {
    const server = await backend();
    const res = await request(server)
      .get(`${api}/default/component/ins/graphs/cpu?range=1h&querier=partial`)
      .expect(200);
    expect(res.body.error).toBeUndefined();
    expect(res.body.warnings).toContain(
      'store 10.0.0.7:10901 unavailable: partial response',
    );
    expect(res.body.series).toHaveLength(1);
  });

  it('checks thanos.metrics.read on every route', async () => {
    const server = await backend({ deny: true });
    for (const path of ['info', 'graphs/cpu', 'alerts']) {
      const res = await request(server)
        .get(`${api}/default/component/ins/${path}`)
        .expect(403);
      expect(res.body.error.message).toMatch(/thanos\.metrics\.read/);
    }
    await request(server).get('/api/pegase-thanos/health').expect(200);
  });

  it('says when no querier is configured', async () => {
    const server = await backend({ queriers: [] });
    const info = await request(server)
      .get(`${api}/default/component/ins/info`)
      .expect(200);
    expect(info.body.configured).toBe(false);
    const graph = await request(server)
      .get(`${api}/default/component/ins/graphs/cpu`)
      .expect(200);
    expect(graph.body.error).toBe('no querier configured');
  });
});
