import { ConfigReader } from '@backstage/config';
import { readArgocdConfig } from '../config';
import {
  baseName,
  digestOf,
  groupResources,
  liteNodes,
  summarize,
  tagOf,
} from './shapes';

const ns = 'univ-x';
const node = (
  kind: string,
  name: string,
  extra: Record<string, unknown> = {},
) => ({
  kind,
  name,
  namespace: ns,
  uid: `${kind}/${name}`,
  ...extra,
});
const parent = (kind: string, name: string) => ({
  parentRefs: [{ kind, name, namespace: ns, uid: `${kind}/${name}` }],
});

const tree = liteNodes([
  node('Deployment', 'univ-x-pai', {
    images: ['reg:5000/pegase/pai:3.4.0'],
    health: { status: 'Healthy' },
  }),
  node('ReplicaSet', 'univ-x-pai-abc', {
    ...parent('Deployment', 'univ-x-pai'),
    health: { status: 'Healthy' },
  }),
  node('Pod', 'univ-x-pai-abc-1', {
    ...parent('ReplicaSet', 'univ-x-pai-abc'),
    health: { status: 'Degraded', message: 'CrashLoopBackOff' },
  }),
  node('Deployment', 'univ-x-pai-gw', {
    images: ['pegase/pai-gw:1.0.1'],
    health: { status: 'Healthy' },
  }),
  node('Service', 'univ-x-pai-gw', { health: { status: 'Healthy' } }),
  node('StatefulSet', 'kafka', {
    images: ['strimzi/kafka:0.45.0'],
    health: { status: 'Healthy' },
  }),
  node('ConfigMap', 'stray', {}),
]);

describe('shapes', () => {
  it('reads image tags and strips the release prefix', () => {
    expect(tagOf('reg:5000/pegase/pai:3.4.0')).toBe('3.4.0');
    expect(tagOf('pegase/pai')).toBeUndefined();
    expect(tagOf('pegase/pai@sha256:0123456789abcdef0123')).toBe(
      'sha256:0123456789ab',
    );
    expect(baseName('univ-x-pai', 'univ-x')).toBe('pai');
    expect(baseName('kafka', 'univ-x')).toBe('kafka');
  });

  it('groups resources by component, longest workload first, children under parents', () => {
    const groups = groupResources(tree, 'univ-x', [
      {
        name: 'pai',
        workload: 'pai',
        subChart: 'pai',
        expectedVersion: '3.4.0',
      },
      { name: 'pai-gw', workload: 'pai-gw', subChart: 'pai' },
      { name: 'kafka', workload: 'kafka', subChart: 'kafka' },
    ]);
    expect(groups.map(g => g.component)).toEqual([
      'pai',
      'kafka',
      'pai-gw',
      null,
    ]);
    const pai = groups[0];
    expect(pai).toMatchObject({
      health: 'Degraded',
      versions: ['3.4.0'],
      expectedVersion: '3.4.0',
      subChart: 'pai',
    });
    expect(pai.resources).toHaveLength(1);
    expect(pai.resources[0].children[0].children[0]).toMatchObject({
      kind: 'Pod',
      healthMessage: 'CrashLoopBackOff',
    });
    expect(groups[2].resources.map(r => r.kind)).toEqual([
      'Deployment',
      'Service',
    ]);
    expect(groups[3].resources.map(r => r.name)).toEqual(['stray']);
  });

  it('without catalog information, names groups after the workloads', () => {
    const groups = groupResources(tree, 'univ-x', []);
    expect(new Set(groups.map(g => g.component))).toEqual(
      new Set(['kafka', 'pai', 'pai-gw', null]),
    );
    expect(groups[groups.length - 1].component).toBeNull();
  });

  it('digests per workload: worst health of the subtree and image tags', () => {
    const d = digestOf(tree, 'univ-x', 'fp');
    expect(d.workloads.pai).toEqual({ h: 'Degraded', v: ['3.4.0'] });
    expect(d.workloads['pai-gw']).toEqual({ h: 'Healthy', v: ['1.0.1'] });
    expect(d.workloads.kafka).toEqual({ h: 'Healthy', v: ['0.45.0'] });
    expect(d.workloads.stray).toBeUndefined();
  });

  it('summarises a light list item, with persisted resource health when present', () => {
    const s = summarize({
      metadata: { name: 'univ-x' },
      spec: {
        project: 'pegase',
        sources: [
          {
            repoURL: 'https://charts',
            chart: 'pegase',
            targetRevision: '25.0.0',
            helm: { releaseName: 'univ-x' },
          },
          { repoURL: 'https://git', ref: 'values', targetRevision: 'main' },
        ],
        destination: { server: 'https://k:6443', namespace: ns },
      },
      status: {
        sync: { status: 'OutOfSync', revisions: ['25.0.0', 'abc'] },
        health: { status: 'Weird' },
        resources: [
          {
            kind: 'Deployment',
            name: 'univ-x-pai',
            health: { status: 'Degraded' },
          },
        ],
      },
    });
    // OutOfSync: what runs is not what the source asks, the list cannot tell it
    expect(s).toMatchObject({
      name: 'univ-x',
      sync: 'OutOfSync',
      health: 'Unknown',
      targetRevision: '25.0.0',
      needsLive: true,
      release: 'univ-x',
      autoSync: false,
    });
    expect(s.chartVersion).toBeUndefined();
    expect(s.resourceHealth).toEqual({ 'univ-x-pai': 'Degraded' });
    expect(
      summarize({
        metadata: { name: 'a' },
        status: { resources: [{ kind: 'Deployment', name: 'a' }] },
      }).resourceHealth,
    ).toBeUndefined();
  });
});

describe('readArgocdConfig', () => {
  it('applies the defaults', () => {
    const c = readArgocdConfig(
      new ConfigReader({
        pegase: {
          argocd: {
            instances: [
              { name: 'admin', url: 'https://argocd.example/', token: 't' },
            ],
          },
        },
      }),
    );
    expect(c.instances[0]).toMatchObject({
      url: 'https://argocd.example',
      uiUrl: 'https://argocd.example',
      timeoutMs: 10000,
      cacheTtlSeconds: 30,
      persistResourceHealth: false,
    });
    expect(c.refresher).toMatchObject({
      enabled: true,
      rateLimit: 20,
      concurrency: 8,
    });
    expect(c.fleetCacheTtlSeconds).toBe(60);
    expect(readArgocdConfig(new ConfigReader({})).instances).toEqual([]);
  });

  it('rejects an instance without credentials, a bad URL, a duplicate name', () => {
    expect(() =>
      readArgocdConfig(
        new ConfigReader({
          pegase: { argocd: { instances: [{ name: 'a', url: 'https://x' }] } },
        }),
      ),
    ).toThrow(
      /pegase\.argocd\.instances\[0\] \(a\) needs a token, or a username and a password/,
    );
    expect(() =>
      readArgocdConfig(
        new ConfigReader({
          pegase: {
            argocd: { instances: [{ name: 'a', url: 'x', token: 't' }] },
          },
        }),
      ),
    ).toThrow(/must be an http/);
    expect(() =>
      readArgocdConfig(
        new ConfigReader({
          pegase: {
            argocd: {
              instances: [
                { name: 'a', url: 'https://x', token: 't' },
                { name: 'a', url: 'https://y', token: 't' },
              ],
            },
          },
        }),
      ),
    ).toThrow(/used twice/);
  });
});

describe('impliedSubChartVersions', () => {
  // Imported here to keep this file's other imports unchanged.
  const { impliedSubChartVersions } =
    require('./CatalogLookups') as typeof import('./CatalogLookups');

  it('reads the versions an older umbrella version implies from the instance', () => {
    expect(
      impliedSubChartVersions({
        'pc-scol.fr/sub-chart-versions': '{"ins":"7.8.2","ref":"3.1.0"}',
      }),
    ).toEqual({ ins: '7.8.2', ref: '3.1.0' });
  });

  it('is empty when the annotation is missing or malformed', () => {
    expect(impliedSubChartVersions(undefined)).toEqual({});
    expect(
      impliedSubChartVersions({ 'pc-scol.fr/sub-chart-versions': '{not json' }),
    ).toEqual({});
    expect(
      impliedSubChartVersions({ 'pc-scol.fr/sub-chart-versions': '["ins"]' }),
    ).toEqual({});
  });
});
