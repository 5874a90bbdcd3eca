import type { ClusterMatrixResponse } from '@pcscol/plugin-pegase-common';

/** A Clusters view answer: two apps clusters that disagree on Kubernetes, one data cluster, a degraded and an out-of-sync add-on. */
export function sampleClusters(): ClusterMatrixResponse {
  const ui = (app: string) =>
    `https://argocd.example.invalid/applications/argocd/${app}`;
  return {
    generatedAt: '2026-12-07T10:00:00Z',
    clusters: [
      {
        name: 'sxb-cons-1',
        entityRef: 'resource:default/sxb-cons-1',
        region: 'eu-sxb-1',
        usage: 'construction',
        clusterType: 'apps',
        kubernetesVersion: 'v1.34.2',
        talosVersion: 'v1.12.0',
      },
      {
        name: 'sxb-prod-2',
        entityRef: 'resource:default/sxb-prod-2',
        region: 'eu-sxb-1',
        usage: 'production',
        clusterType: 'apps',
        kubernetesVersion: 'v1.33.5',
        talosVersion: 'v1.12.0',
      },
      {
        name: 'uca-prod-1',
        entityRef: 'resource:default/uca-prod-1',
        region: 'fr-cfe-uca',
        usage: 'production',
        clusterType: 'data',
        kubernetesVersion: 'v1.33.5',
        talosVersion: 'v1.11.5',
      },
    ],
    addons: [
      {
        name: 'cert-manager',
        repository: 'https://charts.jetstack.io',
        entityRefs: [
          'resource:default/addon-cert-manager-apps',
          'resource:default/addon-cert-manager-data',
        ],
        applicationSets: ['addon-cert-manager-apps', 'addon-cert-manager-data'],
      },
      {
        name: 'velero',
        entityRefs: ['resource:default/addon-velero-apps'],
        applicationSets: ['addon-velero-apps'],
      },
    ],
    cells: [
      {
        addon: 'cert-manager',
        cluster: 'sxb-cons-1',
        addonRef: 'resource:default/addon-cert-manager-apps',
        application: 'sxb-cons-1-cert-manager',
        declaredVersion: 'v1.19.1',
        liveVersion: 'v1.19.0',
        sync: 'OutOfSync',
        health: 'Healthy',
        uiUrl: ui('sxb-cons-1-cert-manager'),
      },
      {
        addon: 'cert-manager',
        cluster: 'sxb-prod-2',
        addonRef: 'resource:default/addon-cert-manager-apps',
        application: 'sxb-prod-2-cert-manager',
        declaredVersion: 'v1.19.1',
        liveVersion: 'v1.19.1',
        sync: 'Synced',
        health: 'Healthy',
        uiUrl: ui('sxb-prod-2-cert-manager'),
      },
      {
        addon: 'cert-manager',
        cluster: 'uca-prod-1',
        addonRef: 'resource:default/addon-cert-manager-data',
        application: 'uca-prod-1-cert-manager',
        declaredVersion: 'v1.19.1',
        liveVersion: 'v1.19.1',
        sync: 'Synced',
        health: 'Healthy',
        uiUrl: ui('uca-prod-1-cert-manager'),
      },
      {
        addon: 'velero',
        cluster: 'sxb-prod-2',
        addonRef: 'resource:default/addon-velero-apps',
        application: 'sxb-prod-2-velero',
        declaredVersion: '11.1.1',
        liveVersion: '11.1.1',
        sync: 'Synced',
        health: 'Degraded',
        healthMessage: 'Deployment "velero" exceeded its progress deadline',
        uiUrl: ui('sxb-prod-2-velero'),
      },
    ],
    problems: [
      {
        kind: 'addon-degraded',
        cluster: 'sxb-prod-2',
        addon: 'velero',
        detail: 'Deployment "velero" exceeded its progress deadline',
        uiUrl: ui('sxb-prod-2-velero'),
      },
      {
        kind: 'addon-out-of-sync',
        cluster: 'sxb-cons-1',
        addon: 'cert-manager',
        uiUrl: ui('sxb-cons-1-cert-manager'),
      },
      {
        kind: 'kubernetes-skew',
        clusterType: 'apps',
        versions: [
          { version: 'v1.33.5', clusters: ['sxb-prod-2'] },
          { version: 'v1.34.2', clusters: ['sxb-cons-1'] },
        ],
      },
      {
        kind: 'addon-version-skew',
        addon: 'cert-manager',
        clusterType: 'apps',
        versions: [
          { version: 'v1.19.0', clusters: ['sxb-cons-1'] },
          { version: 'v1.19.1', clusters: ['sxb-prod-2'] },
        ],
      },
    ],
    argocd: { available: true },
  };
}
