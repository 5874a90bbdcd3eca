import {
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
} from '@pcscol/plugin-pegase-common';
import { Entity } from '@backstage/catalog-model';
import type {
  AppOfAppsAnswer,
  ApplicationHistory,
  ApplicationOverview,
  ApplicationResources,
  FleetResponse,
  FleetRow,
  GeneratedComparison,
} from '@pcscol/plugin-argocd-common';
import type { ArgocdApi } from '../api/ArgocdApi';

export function makeInstance(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'argocd/app-name': name,
        [PEGASE_ANNOTATIONS.argocdInstance]: 'admin',
        [PEGASE_ANNOTATIONS.namespace]: name,
        [PEGASE_ANNOTATIONS.chartVersion]: '25.0.0',
      },
    },
    spec: {
      type: PEGASE_INSTANCE_TYPE,
      owner: 'ops',
      dependsOn: ['resource:default/sxb-prod-1', 'component:default/pai'],
    },
  };
}

export function makeComponent(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        [PEGASE_ANNOTATIONS.subChart]: name,
        [PEGASE_ANNOTATIONS.workload]: name,
        [PEGASE_ANNOTATIONS.chartVersion]: '3.4.0',
      },
    },
    spec: { type: 'service', owner: 'ops', lifecycle: 'production' },
  };
}

export const overview: ApplicationOverview = {
  argocdInstance: 'admin',
  appName: 'unistra-prod',
  project: 'pegase',
  uiUrl: 'https://argocd.example/applications/unistra-prod',
  sync: {
    status: 'OutOfSync',
    revisions: ['25.0.0', '0123456789abcdef0123456789abcdef01234567'],
  },
  health: { status: 'Degraded' },
  chartVersion: '25.0.0',
  sources: [
    {
      repoURL: 'https://charts.pc-scol.fr/pegase',
      chart: 'pegase',
      targetRevision: '25.0.0',
    },
    {
      repoURL: 'https://gitlab/gitops.git',
      targetRevision: 'main',
      ref: 'values',
    },
  ],
  destination: { server: 'https://sxb-prod-1:6443', namespace: 'unistra-prod' },
  lastSyncedAt: '2026-11-20T10:00:00Z',
  autoSync: false,
  conditions: [],
  operation: { phase: 'Succeeded', running: false, initiatedBy: 'j.martin' },
};

export const history: ApplicationHistory = {
  argocdInstance: 'admin',
  appName: 'unistra-prod',
  autoSync: false,
  entries: [
    {
      id: 3,
      revisions: ['25.0.0', 'abc'],
      chartVersion: '25.0.0',
      deployedAt: '2026-11-20T10:00:00Z',
      deployStartedAt: '2026-11-20T09:59:20Z',
      initiatedBy: 'j.martin',
      automated: false,
      current: true,
    },
    {
      id: 2,
      revisions: ['24.3.1', 'def'],
      chartVersion: '24.3.1',
      deployedAt: '2026-10-01T10:00:00Z',
      initiatedBy: 'automated',
      automated: true,
      current: false,
    },
  ],
};

export const resources: ApplicationResources = {
  argocdInstance: 'admin',
  appName: 'unistra-prod',
  release: 'unistra-prod',
  counts: { Degraded: 1 },
  groups: [
    {
      component: 'pai',
      subChart: 'pai',
      workload: 'pai',
      health: 'Degraded',
      versions: ['3.4.0'],
      expectedVersion: '3.4.0',
      resources: [
        {
          kind: 'Deployment',
          name: 'unistra-prod-pai',
          health: 'Degraded',
          images: ['registry/pegase/pai:3.4.0'],
          children: [
            {
              kind: 'ReplicaSet',
              name: 'unistra-prod-pai-7d9f',
              health: 'Healthy',
              images: [],
              children: [
                {
                  kind: 'Pod',
                  name: 'unistra-prod-pai-7d9f-x1',
                  health: 'Degraded',
                  healthMessage: 'back-off restarting',
                  images: [],
                  children: [],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

function row(instance: string, extra: Partial<FleetRow>): FleetRow {
  return {
    instance,
    entityRef: `resource:default/${instance}`,
    argocdInstance: 'admin',
    appName: instance,
    region: 'eu-sxb-1',
    usage: 'production',
    cluster: 'sxb-prod-1',
    chartVersion: '25.0.0',
    subChartVersion: '3.4.0',
    appVersion: '3.4.0',
    sync: 'Synced',
    appHealth: 'Healthy',
    componentHealth: 'Healthy',
    componentHealthSource: 'tree',
    health: 'Healthy',
    problem: false,
    uiUrl: `https://argocd.example/applications/${instance}`,
    ...extra,
  };
}

export const fleet: FleetResponse = {
  component: {
    entityRef: 'component:default/pai',
    workload: 'pai',
    subChart: 'pai',
    chartVersion: '3.4.0',
  },
  rows: [
    row('ubs-prod', {
      health: 'Degraded',
      componentHealth: 'Degraded',
      appHealth: 'Degraded',
      problem: true,
    }),
    row('unistra-prod', {}),
    row('uca-prod', { region: 'fr-cfe-uca', cluster: 'uca-prod-1' }),
  ],
  total: 3,
  counts: {
    total: 3,
    problems: 1,
    health: { Healthy: 2, Degraded: 1 },
    sync: { Synced: 3 },
  },
  filters: {
    regions: ['eu-sxb-1', 'fr-cfe-uca'],
    usages: ['production'],
    clusters: ['sxb-prod-1', 'uca-prod-1'],
  },
  errors: [],
  pendingComponentHealth: 0,
};

const generatedSpec = {
  project: 'pegase',
  destination: { name: 'sxb-prod-1', namespace: 'unistra-prod' },
  sources: [
    {
      repoURL: 'https://charts.pc-scol.fr/pegase',
      chart: 'pegase',
      targetRevision: '25.0.0',
      helm: {
        releaseName: 'unistra-prod',
        valueFiles: [
          '$values/instances/sxb/production/unistra-prod/values.yaml',
        ],
      },
    },
  ],
};

/** The live Application edited by hand: another version and a destination namespace. */
export const generatedComparison: GeneratedComparison = {
  appName: 'unistra-prod',
  argocdInstance: 'admin',
  state: 'different',
  applicationSet: 'pegase-instances',
  sourceFile: 'instances/sxb/production/unistra-prod/instance.json',
  generated: {
    name: 'unistra-prod',
    namespace: 'argocd',
    labels: { 'pc-scol.fr/usage': 'production' },
    annotations: {},
    spec: generatedSpec,
  },
  live: {
    name: 'unistra-prod',
    namespace: 'argocd',
    labels: { 'pc-scol.fr/usage': 'production' },
    annotations: {},
    ownedBy: 'pegase-instances',
    spec: {
      ...generatedSpec,
      destination: { name: 'sxb-prod-1', namespace: 'unistra-hotfix' },
      sources: [{ ...generatedSpec.sources[0], targetRevision: '24.9.1' }],
    },
  },
  differences: [
    {
      path: 'spec.destination.namespace',
      area: 'destination',
      change: 'changed',
      generated: 'unistra-prod',
      live: 'unistra-hotfix',
    },
    {
      path: 'spec.sources[0].targetRevision',
      area: 'source',
      change: 'changed',
      generated: '25.0.0',
      live: '24.9.1',
    },
    {
      path: 'spec.syncPolicy.automated',
      area: 'syncPolicy',
      change: 'live-only',
      live: { prune: true },
    },
  ],
  readAt: '2026-11-24T08:00:00Z',
};

/** The app-of-apps of the production instances. */
export const appOfApps: AppOfAppsAnswer = {
  argocdInstance: 'admin',
  appOfApps: {
    name: 'instances-production',
    namespace: 'argocd',
    file: 'argocd/app-of-apps/instances-production.yaml',
    path: 'argocd/instances/production',
    live: { sync: 'Synced', health: 'Healthy' },
    children: [
      {
        name: 'pegase-instances',
        kind: 'ApplicationSet',
        file: 'argocd/instances/production/applicationset.yaml',
        applications: 20,
        live: 19,
        sync: { Synced: 18, OutOfSync: 1 },
        health: { Healthy: 17, Degraded: 2 },
      },
    ],
  },
  applicationSet: { name: 'pegase-instances', applications: 20 },
  readAt: '2026-11-24T08:00:00Z',
};

export function fakeApi(
  overrides: Partial<ArgocdApi> = {},
): jest.Mocked<ArgocdApi> {
  const result = { ok: true as const, action: 'sync' as const, overview };
  return {
    getOverview: jest.fn(async () => overview),
    getHistory: jest.fn(async () => history),
    getResources: jest.fn(async () => resources),
    getFleet: jest.fn(async () => fleet),
    getGenerated: jest.fn(async () => generatedComparison),
    getAppOfApps: jest.fn(async () => appOfApps),
    sync: jest.fn(async () => result),
    refresh: jest.fn(async () => ({ ...result, action: 'refresh' as const })),
    rollback: jest.fn(async () => ({ ...result, action: 'rollback' as const })),
    ...overrides,
  } as jest.Mocked<ArgocdApi>;
}
