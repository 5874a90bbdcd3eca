import { Entity } from '@backstage/catalog-model';
import {
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';
import type { GitopsSnapshot, Problem } from '@pcscol/plugin-pegase-node';
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
 * One `kubernetes-cluster` Resource per file of `clusters/`, merged with the
 * ArgoCD cluster Secrets when known (`argocd` undefined: not configured or not
 * readable), plus one per ArgoCD cluster that Git does not have.
 * @public
 */
export function transformClusters(
  snapshot: GitopsSnapshot,
  argocd: ArgocdCluster[] | undefined,
  options: TransformOptions,
): { entities: Entity[]; problems: Problem[] } {
  const out = new EntityCollector();
  const byName = new Map((argocd ?? []).map(c => [c.name, c]));
  const gitNames = new Set(snapshot.clusters.map(c => c.name));
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
    const known = byName.get(cluster.name);
    let status = 'unknown';
    let warning: string | undefined;
    if (argocd) {
      if (known) status = 'registered';
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
      spec: { type: PEGASE_ENTITY_TYPES.cluster, owner: options.opsGroup },
    });
  }

  for (const known of argocd ?? []) {
    if (gitNames.has(known.name)) continue;
    if (
      !out.checkName(
        known.name,
        'cluster',
        known.location,
        known.location,
        'name',
      )
    ) {
      continue;
    }
    const warning = `Cluster ${known.name} is registered in ArgoCD (Secret ${known.secretName}) but has no file clusters/${known.name}.yaml in Git`;
    out.problems.push({
      severity: 'warning',
      file: `clusters/${known.name}.yaml`,
      location: known.location,
      message: `${known.location}: ${warning}`,
    });
    out.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: known.name,
        description: `Kubernetes cluster ${known.name} (known to ArgoCD only)`,
        labels: validLabels(known.labels),
        annotations: cleanAnnotations({
          ...baseAnnotations(`argocd:${known.secretName}`, known.location),
          [PEGASE_ANNOTATIONS.region]: known.labels[PEGASE_ANNOTATIONS.region],
          [PEGASE_ANNOTATIONS.usage]: known.labels[PEGASE_ANNOTATIONS.usage],
          [PEGASE_ANNOTATIONS.argocdInstance]: options.defaultArgocdInstance,
          [ANNOTATION_ARGOCD_STATUS]: 'not-in-git',
          [PEGASE_ANNOTATIONS.argocdSecret]: known.secretName,
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
