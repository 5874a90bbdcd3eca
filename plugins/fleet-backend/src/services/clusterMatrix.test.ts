import type { Entity } from '@backstage/catalog-model';
import {
  addonStatus,
  makeAddonEntity,
  makeClusterEntity,
} from './__testUtils__/clusterEntities';
import type { ArgocdAddonStatus } from './argocdStatus';
import { assembleClusterMatrix } from './clusterMatrix';

const now = new Date('2026-12-07T10:00:00Z');

/** Two apps clusters that agree, one data cluster; cert-manager on the apps ones. */
function world(
  overrides: {
    clusters?: Entity[];
    addons?: Entity[];
    statuses?: (addons: Entity[]) => ArgocdAddonStatus[];
    available?: boolean;
  } = {},
) {
  const clusters = overrides.clusters ?? [
    makeClusterEntity('sxb-apps-1', {
      clusterType: 'apps',
      kubernetesVersion: 'v1.34.2',
      talosVersion: 'v1.12.0',
    }),
    makeClusterEntity('sxb-apps-2', {
      clusterType: 'apps',
      usage: 'construction',
      kubernetesVersion: 'v1.34.2',
      talosVersion: 'v1.12.0',
    }),
    makeClusterEntity('uca-data-1', {
      region: 'fr-cfe-uca',
      clusterType: 'data',
      kubernetesVersion: 'v1.33.5',
      talosVersion: 'v1.11.5',
    }),
  ];
  const addons = overrides.addons ?? [
    makeAddonEntity('cert-manager', {
      version: 'v1.19.1',
      clusters: ['sxb-apps-1', 'sxb-apps-2'],
    }),
    makeAddonEntity('cert-manager', {
      version: 'v1.19.1',
      clusterType: 'data',
      clusters: ['uca-data-1'],
    }),
  ];
  const statuses =
    overrides.statuses?.(addons) ??
    addons.flatMap(a =>
      Object.keys(
        JSON.parse(a.metadata.annotations!['pc-scol.fr/addon-applications']),
      ).map(c => addonStatus(a, c)),
    );
  return assembleClusterMatrix({
    clusters,
    addons,
    argocd: { available: overrides.available ?? true, items: statuses },
    now,
  });
}

describe('assembleClusterMatrix', () => {
  it('lays out the clusters, one add-on row per chart across its ApplicationSets, and a cell per targeted cluster', () => {
    const m = world();
    expect(m.generatedAt).toBe(now.toISOString());
    expect(m.clusters.map(c => c.name)).toEqual([
      'sxb-apps-1',
      'sxb-apps-2',
      'uca-data-1',
    ]);
    expect(m.clusters[2]).toEqual({
      name: 'uca-data-1',
      entityRef: 'resource:default/uca-data-1',
      region: 'fr-cfe-uca',
      usage: 'production',
      clusterType: 'data',
      kubernetesVersion: 'v1.33.5',
      talosVersion: 'v1.11.5',
    });
    expect(m.addons).toEqual([
      {
        name: 'cert-manager',
        repository: 'https://charts.example.invalid/cert-manager',
        entityRefs: [
          'resource:default/addon-cert-manager-apps',
          'resource:default/addon-cert-manager-data',
        ],
        applicationSets: ['addon-cert-manager-apps', 'addon-cert-manager-data'],
      },
    ]);
    expect(m.cells).toHaveLength(3);
    expect(m.cells[0]).toEqual({
      addon: 'cert-manager',
      cluster: 'sxb-apps-1',
      addonRef: 'resource:default/addon-cert-manager-apps',
      applicationSet: 'addon-cert-manager-apps',
      application: 'sxb-apps-1-cert-manager',
      declaredVersion: 'v1.19.1',
      liveVersion: 'v1.19.1',
      sync: 'Synced',
      health: 'Healthy',
      uiUrl:
        'https://argocd.example.invalid/applications/argocd/sxb-apps-1-cert-manager',
    });
    expect(m.problems).toEqual([]);
    expect(m.argocd).toEqual({ available: true });
  });

  it('reports a degraded add-on with ArgoCD’s message, and an out-of-sync one whose sync failed', () => {
    const m = world({
      statuses: addons => [
        addonStatus(addons[0], 'sxb-apps-1', {
          health: 'Degraded',
          healthMessage:
            'Deployment "cert-manager" exceeded its progress deadline',
        }),
        addonStatus(addons[0], 'sxb-apps-2', {
          sync: 'OutOfSync',
          failedOperation: { phase: 'Failed' },
        }),
        addonStatus(addons[1], 'uca-data-1'),
      ],
    });
    expect(m.problems).toEqual([
      {
        kind: 'addon-degraded',
        cluster: 'sxb-apps-1',
        addon: 'cert-manager',
        uiUrl:
          'https://argocd.example.invalid/applications/argocd/sxb-apps-1-cert-manager',
        detail: 'Deployment "cert-manager" exceeded its progress deadline',
      },
      {
        kind: 'addon-out-of-sync',
        cluster: 'sxb-apps-2',
        addon: 'cert-manager',
        uiUrl:
          'https://argocd.example.invalid/applications/argocd/sxb-apps-2-cert-manager',
      },
      {
        kind: 'addon-operation-failed',
        cluster: 'sxb-apps-2',
        addon: 'cert-manager',
        uiUrl:
          'https://argocd.example.invalid/applications/argocd/sxb-apps-2-cert-manager',
        detail: 'Failed',
      },
    ]);
  });

  it('reports a Missing add-on as degraded, without detail when ArgoCD gives no message', () => {
    const m = world({
      statuses: addons => [
        addonStatus(addons[0], 'sxb-apps-1', { health: 'Missing' }),
        addonStatus(addons[0], 'sxb-apps-2'),
        addonStatus(addons[1], 'uca-data-1'),
      ],
    });
    expect(m.problems).toEqual([
      {
        kind: 'addon-degraded',
        cluster: 'sxb-apps-1',
        addon: 'cert-manager',
        uiUrl:
          'https://argocd.example.invalid/applications/argocd/sxb-apps-1-cert-manager',
      },
    ]);
  });

  it('reports Kubernetes and Talos skew between clusters of one type, not across types', () => {
    const m = world({
      clusters: [
        makeClusterEntity('sxb-apps-1', {
          clusterType: 'apps',
          kubernetesVersion: 'v1.34.2',
          talosVersion: 'v1.12.0',
        }),
        makeClusterEntity('sxb-apps-2', {
          clusterType: 'apps',
          kubernetesVersion: 'v1.33.5',
          talosVersion: 'v1.11.5',
        }),
        makeClusterEntity('uca-data-1', {
          clusterType: 'data',
          kubernetesVersion: 'v1.33.5',
          talosVersion: 'v1.11.5',
        }),
      ],
    });
    expect(m.problems).toEqual([
      {
        kind: 'kubernetes-skew',
        clusterType: 'apps',
        versions: [
          { version: 'v1.33.5', clusters: ['sxb-apps-2'] },
          { version: 'v1.34.2', clusters: ['sxb-apps-1'] },
        ],
      },
      {
        kind: 'talos-skew',
        clusterType: 'apps',
        versions: [
          { version: 'v1.11.5', clusters: ['sxb-apps-2'] },
          { version: 'v1.12.0', clusters: ['sxb-apps-1'] },
        ],
      },
    ]);
  });

  it('reports add-on version skew from what runs, else what is declared', () => {
    const running = world({
      statuses: addons => [
        addonStatus(addons[0], 'sxb-apps-1'),
        addonStatus(addons[0], 'sxb-apps-2', { liveVersion: 'v1.18.0' }),
        addonStatus(addons[1], 'uca-data-1', { liveVersion: 'v1.17.0' }),
      ],
    });
    expect(running.problems).toEqual([
      {
        kind: 'addon-version-skew',
        addon: 'cert-manager',
        clusterType: 'apps',
        versions: [
          { version: 'v1.18.0', clusters: ['sxb-apps-2'] },
          { version: 'v1.19.1', clusters: ['sxb-apps-1'] },
        ],
      },
    ]);
    // two ApplicationSets of one type declaring different versions
    const declared = world({
      available: false,
      statuses: () => [],
      addons: [
        makeAddonEntity('velero', {
          version: '11.1.1',
          clusters: ['sxb-apps-1'],
          name: 'addon-velero-sxb',
        }),
        makeAddonEntity('velero', {
          version: '11.0.0',
          clusters: ['sxb-apps-2', 'uca-data-1'],
          name: 'addon-velero-rest',
        }),
      ],
    });
    expect(declared.problems).toEqual([
      {
        kind: 'addon-version-skew',
        addon: 'velero',
        clusterType: 'apps',
        versions: [
          { version: '11.0.0', clusters: ['sxb-apps-2'] },
          { version: '11.1.1', clusters: ['sxb-apps-1'] },
        ],
      },
    ]);
    expect(declared.argocd).toEqual({ available: false });
  });

  it("declares each cluster's version: the override a wave of pegase:addon:upgrade wrote, else the default", () => {
    const moved = makeAddonEntity('cert-manager', {
      version: 'v1.19.1',
      clusters: ['sxb-apps-1', 'sxb-apps-2'],
    });
    moved.metadata.annotations!['pc-scol.fr/addon-versions'] = JSON.stringify({
      'sxb-apps-2': 'v1.20.0',
    });
    const m = world({ addons: [moved], available: false, statuses: () => [] });
    expect(m.cells.map(c => [c.cluster, c.declaredVersion])).toEqual([
      ['sxb-apps-1', 'v1.19.1'],
      ['sxb-apps-2', 'v1.20.0'],
    ]);
    expect(m.problems).toContainEqual(
      expect.objectContaining({
        kind: 'addon-version-skew',
        addon: 'cert-manager',
        clusterType: 'apps',
      }),
    );
  });

  it('reports a cluster no add-on targets, and an add-on Application ArgoCD does not hold', () => {
    const m = world({
      clusters: [
        makeClusterEntity('sxb-apps-1', { clusterType: 'apps' }),
        makeClusterEntity('sxb-apps-2', { clusterType: 'apps' }),
        makeClusterEntity('lonely-1', {}),
      ],
      addons: [
        makeAddonEntity('cert-manager', {
          version: 'v1.19.1',
          clusters: ['sxb-apps-1', 'sxb-apps-2', 'gone-1'],
        }),
      ],
      statuses: addons => [addonStatus(addons[0], 'sxb-apps-1')],
    });
    // gone-1 is no cluster of the catalog: no cell
    expect(m.cells.map(c => c.cluster)).toEqual(['sxb-apps-1', 'sxb-apps-2']);
    expect(m.cells[1].sync).toBeUndefined();
    expect(m.problems).toEqual([
      { kind: 'addon-missing', cluster: 'sxb-apps-2', addon: 'cert-manager' },
      { kind: 'untargeted-cluster', cluster: 'lonely-1' },
    ]);
  });

  it('says why ArgoCD is missing and reports no missing Application then', () => {
    const m = assembleClusterMatrix({
      clusters: [makeClusterEntity('sxb-apps-1', { clusterType: 'apps' })],
      addons: [
        makeAddonEntity('cert-manager', {
          version: 'v1.19.1',
          clusters: ['sxb-apps-1'],
        }),
      ],
      argocd: {
        available: false,
        message: 'no answer within 5000 ms',
        items: [],
      },
      now,
    });
    expect(m.argocd).toEqual({
      available: false,
      message: 'no answer within 5000 ms',
    });
    expect(m.cells[0]).not.toHaveProperty('sync');
    expect(m.problems).toEqual([]);
  });
});
