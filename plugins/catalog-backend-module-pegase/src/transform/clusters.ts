import { Entity } from '@backstage/catalog-model';
import {
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
  PEGASE_LABELS,
} from '@pcscol/plugin-pegase-common';
import type { GitopsSnapshot, Problem } from '@pcscol/plugin-pegase-node';
import { isValidEntityName } from '@pcscol/plugin-pegase-node';
import { addonRefsByCluster } from './addons';
import {
  baseAnnotations,
  cleanAnnotations,
  EntityCollector,
  TransformOptions,
} from './common';

/**
 * What ArgoCD knows of one cluster (from its cluster Secret). Credentials are
 * never part of it: only the public CA and the TLS flag.
 * @public
 */
export interface ArgocdCluster {
  /** `stringData.name`. */
  name: string;
  /** `stringData.server`. */
  server: string;
  /** `config.tlsClientConfig.caData` (public CA certificate, base64 PEM). */
  caData?: string;
  /** `config.tlsClientConfig.insecure`. */
  insecure?: boolean;
  /** Secret name. */
  secretName: string;
  /** Secret labels, without `argocd.argoproj.io/secret-type`. */
  labels: Record<string, string>;
  /** Where it was read (URL of the Secret). */
  location: string;
}

/**
 * Annotation holding a warning about the entity (`PEGASE_ANNOTATIONS.warning`).
 * @public
 */
export const ANNOTATION_WARNING = PEGASE_ANNOTATIONS.warning;
/**
 * `registered`, `missing-in-argocd`, `not-in-git` or `unknown`
 * (`PEGASE_ANNOTATIONS.argocdStatus`). @public
 */
export const ANNOTATION_ARGOCD_STATUS = PEGASE_ANNOTATIONS.argocdStatus;

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

function validLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (LABEL_KEY.test(k) && typeof v === 'string' && LABEL_VALUE.test(v)) {
      out[k] = v;
    }
  }
  return out;
}

/**
 * ArgoCD's in-cluster server: it has no cluster Secret (argo-cd
 * common/common.go `KubernetesInternalAPIServerAddr`).
 * @public
 */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * A server URL as ArgoCD compares them: trailing `/` trimmed, host lower case.
 * @public
 */
export function serverKey(server: string | undefined): string | undefined {
  if (!server) return undefined;
  const trimmed = server.trim().replace(/\/+$/, '');
  return trimmed.replace(/^([a-z]+:\/\/[^/]+)/i, m => m.toLowerCase());
}

/**
 * An entity name for a cluster ArgoCD names after a kube context that is no
 * valid entity name (`argocd cluster add` on EKS gives the context's ARN,
 * `arn:aws:eks:<region>:<account>:cluster/<name>`): its last segment, made
 * valid. Undefined when nothing valid remains.
 * @public
 */
export function clusterEntityName(name: string): string | undefined {
  if (isValidEntityName(name)) return name;
  const last = (name as string).split(/[/:@]/).filter(Boolean).pop() ?? '';
  const cleaned = last
    .replace(/[^A-Za-z0-9-_.]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
  return isValidEntityName(cleaned) ? cleaned : undefined;
}

/**
 * One `kubernetes-cluster` Resource per file of `clusters/`, merged with the
 * ArgoCD cluster Secrets when known (`argocd` undefined: not configured or not
 * readable), plus one per ArgoCD cluster that Git does not have. A Git
 * cluster is matched to its Secret by server URL first (as ArgoCD identifies
 * clusters), then by name; a Git cluster on ArgoCD's in-cluster server is
 * registered without a Secret. A Secret without `name` or whose name is no
 * valid entity name is reported, never dropped silently.
 * @public
 */
export function transformClusters(
  snapshot: GitopsSnapshot,
  argocd: ArgocdCluster[] | undefined,
  options: TransformOptions,
): { entities: Entity[]; problems: Problem[] } {
  const out = new EntityCollector();
  const byServer = new Map<string, ArgocdCluster>();
  for (const c of argocd ?? []) {
    const key = serverKey(c.server);
    if (key && !byServer.has(key)) byServer.set(key, c);
  }
  const byName = new Map(
    (argocd ?? []).filter(c => c.name).map(c => [c.name, c]),
  );
  const matched = new Set<ArgocdCluster>();
  const addons = addonRefsByCluster(snapshot);
  const locator = {
    'kubernetes.io/auth-provider': options.authProvider,
    'kubernetes.io/oidc-token-provider': options.oidcTokenProvider,
  };

  for (const cluster of snapshot.clusters) {
    if (
      !out.checkName(
        cluster.name,
        'cluster',
        cluster.file,
        cluster.location,
        'file name',
      )
    ) {
      continue;
    }
    const gitServer = serverKey(cluster.apiServer);
    let known = gitServer ? byServer.get(gitServer) : undefined;
    if (!known || matched.has(known)) {
      const named = byName.get(cluster.name);
      known = named && !matched.has(named) ? named : undefined;
    }
    if (known) matched.add(known);
    const inCluster = !known && gitServer === IN_CLUSTER_SERVER;
    let status = 'unknown';
    let warning: string | undefined;
    if (argocd) {
      if (known || inCluster) status = 'registered';
      else {
        status = 'missing-in-argocd';
        warning = `Cluster ${cluster.name} is in Git (${cluster.file}) but ArgoCD has no cluster Secret for it`;
        out.problems.push({
          severity: 'warning',
          file: cluster.file,
          location: cluster.location,
          message: `${cluster.location}: ${warning}`,
        });
      }
    }
    const apiServer = known?.server ?? cluster.apiServer;
    const dependsOn = addons.get(cluster.name) ?? [];
    out.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: cluster.name,
        description: `Kubernetes cluster ${cluster.name}${
          cluster.region ? ` (${cluster.region}, ${cluster.usage ?? ''})` : ''
        }`,
        labels: validLabels({ ...cluster.labels, ...(known?.labels ?? {}) }),
        annotations: cleanAnnotations({
          ...baseAnnotations(cluster.file, cluster.location),
          [PEGASE_ANNOTATIONS.region]: cluster.region,
          [PEGASE_ANNOTATIONS.usage]: cluster.usage,
          [PEGASE_ANNOTATIONS.argocdInstance]:
            cluster.argocd || options.defaultArgocdInstance,
          [ANNOTATION_ARGOCD_STATUS]: status,
          [PEGASE_ANNOTATIONS.argocdSecret]: known?.secretName,
          [PEGASE_ANNOTATIONS.clusterType]:
            cluster.labels[PEGASE_LABELS.clusterType] ??
            known?.labels[PEGASE_LABELS.clusterType],
          [PEGASE_ANNOTATIONS.kubernetesVersion]: cluster.kubernetesVersion,
          [PEGASE_ANNOTATIONS.talosVersion]: cluster.talosVersion,
          [ANNOTATION_WARNING]: warning,
          ...(apiServer
            ? {
                'kubernetes.io/api-server': apiServer,
                'kubernetes.io/api-server-certificate-authority': known?.caData,
                'kubernetes.io/skip-tls-verify': known?.insecure
                  ? 'true'
                  : undefined,
                ...locator,
              }
            : {}),
        }),
        ...(cluster.usage ? { tags: [cluster.usage] } : {}),
      },
      spec: {
        type: PEGASE_ENTITY_TYPES.cluster,
        owner: options.opsGroup,
        // its add-ons (each add-on is also dependencyOf it)
        ...(dependsOn.length ? { dependsOn } : {}),
      },
    });
  }

  for (const known of argocd ?? []) {
    if (matched.has(known)) continue;
    // `argocd cluster add` names a cluster after its kube context; a Secret
    // may even have no name: reported, and shown under a valid name.
    const entityName = known.name
      ? clusterEntityName(known.name)
      : clusterEntityName(known.secretName);
    const renamed =
      known.name && entityName !== known.name
        ? ` (ArgoCD name ${JSON.stringify(
            known.name,
          )} is no valid entity name; shown as ${entityName})`
        : '';
    const nameless = known.name
      ? ''
      : ` (the Secret has no name; shown as ${entityName})`;
    if (!entityName) {
      out.problems.push({
        severity: 'error',
        file: `argocd:${known.secretName}`,
        location: known.location,
        field: 'name',
        message: `${known.location}: ArgoCD cluster ${JSON.stringify(
          known.name,
        )} (server ${
          known.server
        }) has no usable name and matches no file of clusters/ by server or name; entity not emitted`,
      });
      continue;
    }
    if (byName.has(entityName) && matched.has(byName.get(entityName)!)) {
      continue;
    }
    if (snapshot.clusters.some(c => c.name === entityName)) {
      // a Git cluster of that name matched another Secret by server
      out.problems.push({
        severity: 'warning',
        file: `clusters/${entityName}.yaml`,
        location: known.location,
        message: `${known.location}: ArgoCD cluster Secret ${known.secretName} (server ${known.server}) has the name of clusters/${entityName}.yaml, which matched another Secret by server; not emitted twice`,
      });
      continue;
    }
    const warning = `Cluster ${entityName} is registered in ArgoCD (Secret ${known.secretName}, server ${known.server}) but has no file clusters/${entityName}.yaml in Git, and no file of clusters/ has its server${renamed}${nameless}`;
    out.problems.push({
      severity: 'warning',
      file: `clusters/${entityName}.yaml`,
      location: known.location,
      message: `${known.location}: ${warning}`,
    });
    out.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: entityName,
        description: `Kubernetes cluster ${
          known.name || entityName
        } (known to ArgoCD only)`,
        labels: validLabels(known.labels),
        annotations: cleanAnnotations({
          ...baseAnnotations(`argocd:${known.secretName}`, known.location),
          [PEGASE_ANNOTATIONS.region]: known.labels[PEGASE_ANNOTATIONS.region],
          [PEGASE_ANNOTATIONS.usage]: known.labels[PEGASE_ANNOTATIONS.usage],
          [PEGASE_ANNOTATIONS.argocdInstance]: options.defaultArgocdInstance,
          [ANNOTATION_ARGOCD_STATUS]: 'not-in-git',
          [PEGASE_ANNOTATIONS.argocdSecret]: known.secretName,
          [PEGASE_ANNOTATIONS.clusterType]:
            known.labels[PEGASE_LABELS.clusterType],
          [ANNOTATION_WARNING]: warning,
          'kubernetes.io/api-server': known.server,
          'kubernetes.io/api-server-certificate-authority': known.caData,
          'kubernetes.io/skip-tls-verify': known.insecure ? 'true' : undefined,
          ...locator,
        }),
      },
      spec: { type: PEGASE_ENTITY_TYPES.cluster, owner: options.opsGroup },
    });
  }
  return { entities: out.entities, problems: out.problems };
}
