import type { ClusterDef, Usage } from './fleet';
import { CURRENT_VERSION } from './components';

/**
 * The ArgoCD objects of the demo GitOps repository (the Stack NG way of the
 * ESUP 2024 talk): one instances ApplicationSet per usage (Git files
 * generator over the inventory, goTemplate, the chart + the instance's
 * values through `$values`), the add-on ApplicationSets per cluster type
 * (cluster generator, label selectors on region, usage and cluster type,
 * each add-on chart at a version), and the app-of-apps that install them:
 * one per instance usage, one per cluster type. All names are illustrative.
 */

/** Git repository of this GitOps repository (the `$values` source). */
export const GITOPS_REPO =
  'https://gitlab.pc-scol.fr/stack-ng/pegase-gitops.git';
/** Helm repository of the umbrella chart. */
export const PEGASE_CHART_REPO = 'https://charts.pc-scol.fr/pegase';

/** The label of a cluster's type, on clusters and in add-on selectors. */
export const CLUSTER_TYPE_LABEL = 'pc-scol.fr/cluster-type';
/** Cluster types: `data` clusters also run the DBaaS and KaaS operators. */
export const CLUSTER_TYPES = ['apps', 'data'] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];

/** The type of a cluster: the first production cluster of each region holds the data services. */
export function clusterTypeOf(name: string): ClusterType {
  return /^(sxb|uca)-prod-1$/.test(name) ? 'data' : 'apps';
}

/** Kubernetes and Talos versions of a cluster (production one minor behind). */
export function clusterVersions(usage: Usage): {
  kubernetesVersion: string;
  talosVersion: string;
} {
  return usage === 'production'
    ? { kubernetesVersion: 'v1.33.5', talosVersion: 'v1.11.5' }
    : { kubernetesVersion: 'v1.34.2', talosVersion: 'v1.12.0' };
}

interface AddonDef {
  name: string;
  chart: string;
  repoURL: string;
  version: string;
  namespace: string;
  /** Cluster types it is installed on. */
  types: readonly ClusterType[];
  /** Extra selector terms (beyond the cluster type). */
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values: string[];
  }>;
}

/** The 10 add-ons (chart versions illustrative). */
export const ADDONS: AddonDef[] = [
  {
    name: 'ingress-nginx',
    chart: 'ingress-nginx',
    repoURL: 'https://kubernetes.github.io/ingress-nginx',
    version: '4.13.3',
    namespace: 'ingress-nginx',
    types: CLUSTER_TYPES,
  },
  {
    name: 'cert-manager',
    chart: 'cert-manager',
    repoURL: 'https://charts.jetstack.io',
    version: 'v1.19.1',
    namespace: 'cert-manager',
    types: CLUSTER_TYPES,
  },
  {
    name: 'vault-config-operator',
    chart: 'vault-config-operator',
    repoURL: 'https://redhat-cop.github.io/vault-config-operator',
    version: 'v0.8.33',
    namespace: 'vault-config-operator',
    types: CLUSTER_TYPES,
  },
  {
    name: 'monitoring',
    chart: 'kube-prometheus-stack',
    repoURL: 'https://prometheus-community.github.io/helm-charts',
    version: '79.1.0',
    namespace: 'monitoring',
    types: CLUSTER_TYPES,
  },
  {
    name: 'logging',
    chart: 'fluent-bit',
    repoURL: 'https://fluent.github.io/helm-charts',
    version: '0.54.0',
    namespace: 'logging',
    types: CLUSTER_TYPES,
  },
  {
    name: 'metrics-server',
    chart: 'metrics-server',
    repoURL: 'https://kubernetes-sigs.github.io/metrics-server',
    version: '3.13.0',
    namespace: 'kube-system',
    types: CLUSTER_TYPES,
  },
  {
    name: 'external-dns',
    chart: 'external-dns',
    repoURL: 'https://kubernetes-sigs.github.io/external-dns',
    version: '1.19.0',
    namespace: 'external-dns',
    types: CLUSTER_TYPES,
    // the Strasbourg region's DNS is driven from its clusters
    matchExpressions: [
      { key: 'pc-scol.fr/region', operator: 'In', values: ['eu-sxb-1'] },
    ],
  },
  {
    name: 'velero',
    chart: 'velero',
    repoURL: 'https://vmware-tanzu.github.io/helm-charts',
    version: '11.1.1',
    namespace: 'velero',
    types: CLUSTER_TYPES,
    // backups of production and construction, not of sandboxes
    matchExpressions: [
      { key: 'pc-scol.fr/usage', operator: 'NotIn', values: ['sandbox'] },
    ],
  },
  {
    name: 'strimzi',
    chart: 'strimzi-kafka-operator',
    repoURL: 'https://strimzi.io/charts',
    version: '0.48.0',
    namespace: 'strimzi',
    types: ['data'],
  },
  {
    name: 'postgres-operator',
    chart: 'postgres-operator',
    repoURL:
      'https://opensource.zalando.com/postgres-operator/charts/postgres-operator',
    version: '1.14.0',
    namespace: 'postgres-operator',
    types: ['data'],
  },
];

const SYNC = { syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'] };

/** The ApplicationSet of one add-on on one cluster type. */
function addonApplicationSet(a: AddonDef, type: ClusterType): unknown {
  const selector: Record<string, unknown> = {
    matchLabels: { [CLUSTER_TYPE_LABEL]: type },
  };
  if (a.matchExpressions) selector.matchExpressions = a.matchExpressions;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: {
      name: `addon-${a.name}-${type}`,
      namespace: 'argocd',
      labels: { 'pc-scol.fr/addon': a.name, [CLUSTER_TYPE_LABEL]: type },
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ clusters: { selector } }],
      template: {
        metadata: {
          name: `{{.name}}-${a.name}`,
          labels: {
            'pc-scol.fr/addon': a.name,
            'pc-scol.fr/cluster': '{{.name}}',
            'pc-scol.fr/region':
              '{{index .metadata.labels "pc-scol.fr/region"}}',
          },
        },
        spec: {
          project: 'addons',
          source: {
            repoURL: a.repoURL,
            chart: a.chart,
            targetRevision: a.version,
            helm: { releaseName: a.name },
          },
          destination: { server: '{{.server}}', namespace: a.namespace },
          syncPolicy: { automated: { prune: true, selfHeal: true }, ...SYNC },
        },
      },
    },
  };
}

interface InstancesSetDef {
  usage: Usage;
  name: string;
  /** Namespace of its Applications (sandboxes: their own, apps in any namespace). */
  appsNamespace: string;
  autoSync: boolean;
  rollingSync: boolean;
}

/** The instances ApplicationSets, named as the ArgoCD stand-in names them. */
export const INSTANCE_SETS: InstancesSetDef[] = [
  {
    usage: 'production',
    name: 'pegase-instances',
    appsNamespace: 'argocd',
    autoSync: false,
    rollingSync: false,
  },
  {
    usage: 'construction',
    name: 'pegase-construction',
    appsNamespace: 'argocd',
    autoSync: false,
    rollingSync: true,
  },
  {
    usage: 'sandbox',
    name: 'pegase-sandboxes',
    appsNamespace: 'pegase-sandboxes',
    autoSync: true,
    rollingSync: false,
  },
];

/** The instances ApplicationSet of one usage. */
function instancesApplicationSet(s: InstancesSetDef): unknown {
  const spec: Record<string, unknown> = {
    goTemplate: true,
    generators: [
      {
        git: {
          repoURL: GITOPS_REPO,
          revision: 'main',
          files: [{ path: `instances/*/${s.usage}/*/instance.json` }],
        },
      },
    ],
    template: {
      metadata: {
        name: '{{.name}}',
        namespace: s.appsNamespace,
        labels: {
          'pegase/instance': '{{.name}}',
          'pc-scol.fr/region': '{{index .path.segments 1}}',
          'pc-scol.fr/usage': '{{index .path.segments 2}}',
          'pc-scol.fr/cluster': '{{.cluster}}',
          'pc-scol.fr/university': '{{.university | default "" | lower}}',
        },
        annotations: {
          'pc-scol.fr/instance-file': '{{.path.path}}/{{.path.filename}}',
        },
      },
      spec: {
        project: 'pegase',
        destination: {
          name: '{{.cluster}}',
          namespace: '{{.namespace | default .name}}',
        },
        sources: [
          {
            repoURL: PEGASE_CHART_REPO,
            chart: 'pegase',
            targetRevision: `{{.chartVersion | default "${CURRENT_VERSION}"}}`,
            helm: {
              releaseName: '{{.name | normalize}}',
              valueFiles: ['$values/{{.path.path}}/values.yaml'],
            },
          },
          { repoURL: GITOPS_REPO, targetRevision: 'main', ref: 'values' },
        ],
        syncPolicy: s.autoSync
          ? { automated: { prune: true, selfHeal: true }, ...SYNC }
          : SYNC,
      },
    },
  };
  // construction: synced region by region (RollingSync)
  if (s.rollingSync)
    spec.strategy = {
      type: 'RollingSync',
      rollingSync: {
        steps: ['eu-sxb-1', 'fr-cfe-uca'].map(region => ({
          matchExpressions: [
            { key: 'pc-scol.fr/region', operator: 'In', values: [region] },
          ],
        })),
      },
    };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: s.name, namespace: 'argocd' },
    spec,
  };
}

/** An app-of-apps: an Application installing the objects of one folder. */
function appOfApps(name: string, path: string, project: string): unknown {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project,
      source: { repoURL: GITOPS_REPO, targetRevision: 'main', path },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'argocd',
      },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/**
 * The files of `argocd/`: path -> object (one document a file), for the
 * cluster types present in the fleet.
 */
export function argocdFiles(clusters: ClusterDef[]): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const s of INSTANCE_SETS) {
    files[`argocd/instances/${s.usage}/applicationset.yaml`] =
      instancesApplicationSet(s);
    files[`argocd/app-of-apps/instances-${s.usage}.yaml`] = appOfApps(
      `instances-${s.usage}`,
      `argocd/instances/${s.usage}`,
      'pegase',
    );
  }
  const types = new Set(clusters.map(c => clusterTypeOf(c.name)));
  for (const type of CLUSTER_TYPES) {
    if (!types.has(type)) continue;
    for (const a of ADDONS)
      if (a.types.includes(type))
        files[`argocd/addons/${type}/${a.name}.yaml`] = addonApplicationSet(
          a,
          type,
        );
    files[`argocd/app-of-apps/addons-${type}.yaml`] = appOfApps(
      `addons-${type}`,
      `argocd/addons/${type}`,
      'addons',
    );
  }
  return files;
}
