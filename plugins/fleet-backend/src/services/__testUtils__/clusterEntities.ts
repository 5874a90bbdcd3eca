import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_CLUSTER_TYPE,
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';
import type { ArgocdAddonStatus } from '../argocdStatus';

/** A cluster Resource as the catalog module emits it (issue 26 contract), for tests. */
export function makeClusterEntity(
  name: string,
  options: {
    region?: string;
    usage?: string;
    clusterType?: string;
    kubernetesVersion?: string;
    talosVersion?: string;
  } = {},
): Entity {
  const annotations: Record<string, string> = {
    [PEGASE_ANNOTATIONS.region]: options.region ?? 'eu-sxb-1',
    [PEGASE_ANNOTATIONS.usage]: options.usage ?? 'production',
  };
  const optional = {
    [PEGASE_ANNOTATIONS.clusterType]: options.clusterType,
    [PEGASE_ANNOTATIONS.kubernetesVersion]: options.kubernetesVersion,
    [PEGASE_ANNOTATIONS.talosVersion]: options.talosVersion,
  };
  for (const [k, v] of Object.entries(optional)) if (v) annotations[k] = v;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: KUBERNETES_CLUSTER_TYPE, owner: 'group:default/ops' },
  };
}

/**
 * A cluster add-on Resource (one ApplicationSet): its chart at a version and
 * the Application generated for each cluster (`<cluster>-<chart>`).
 */
export function makeAddonEntity(
  chart: string,
  options: {
    version: string;
    clusterType?: string;
    clusters: string[];
    name?: string;
  },
): Entity {
  const type = options.clusterType ?? 'apps';
  const appSet = `addon-${chart}-${type}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: options.name ?? appSet,
      namespace: 'default',
      annotations: {
        [PEGASE_ANNOTATIONS.addonChart]: chart,
        [PEGASE_ANNOTATIONS.chartRepository]: `https://charts.example.invalid/${chart}`,
        [PEGASE_ANNOTATIONS.chartVersion]: options.version,
        [PEGASE_ANNOTATIONS.clusterType]: type,
        [PEGASE_ANNOTATIONS.applicationSet]: appSet,
        [PEGASE_ANNOTATIONS.addonApplications]: JSON.stringify(
          Object.fromEntries(options.clusters.map(c => [c, `${c}-${chart}`])),
        ),
      },
    },
    spec: {
      type: PEGASE_ENTITY_TYPES.clusterAddon,
      owner: 'group:default/ops',
      dependencyOf: options.clusters.map(c => `resource:default/${c}`),
    },
  };
}

/** ArgoCD's state of an add-on Application: Synced and Healthy at `liveVersion` unless told. */
export function addonStatus(
  addon: Entity,
  cluster: string,
  state: Partial<ArgocdAddonStatus> = {},
): ArgocdAddonStatus {
  const chart = addon.metadata.annotations![PEGASE_ANNOTATIONS.addonChart];
  return {
    addonRef: `resource:default/${addon.metadata.name}`,
    cluster,
    application: `${cluster}-${chart}`,
    argocdInstance: 'admin',
    sync: 'Synced',
    health: 'Healthy',
    liveVersion: addon.metadata.annotations![PEGASE_ANNOTATIONS.chartVersion],
    uiUrl: `https://argocd.example.invalid/applications/argocd/${cluster}-${chart}`,
    ...state,
  };
}
