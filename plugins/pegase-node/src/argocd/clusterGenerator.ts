import type { ClusterDefinition } from '../model/types';
import { sanitizeName } from './goTemplate';

/**
 * The cluster generator as ArgoCD runs it, learned from argo-cd
 * applicationset/generators/cluster.go (v2.14 and v3.x): the selector
 * (a Kubernetes LabelSelector, apimachinery labels semantics: matchLabels
 * AND every matchExpression; In, NotIn, Exists, DoesNotExist) is matched
 * against the labels of each ArgoCD cluster Secret, which always carry
 * `argocd.argoproj.io/secret-type: cluster`; the Go-template parameters are
 * `name`, `nameNormalized`, `server`, `metadata.labels`,
 * `metadata.annotations`. The portal takes a cluster's labels from its
 * `clusters/<name>.yaml` (the labels its Secret is given).
 */

/** A Kubernetes LabelSelector. @public */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

/** The label every ArgoCD cluster Secret carries. */
export const CLUSTER_SECRET_LABEL = 'argocd.argoproj.io/secret-type';

/** The labels of a cluster's Secret: its `labels` and the secret-type label. */
export function clusterSecretLabels(
  c: ClusterDefinition,
): Record<string, string> {
  return { ...c.labels, [CLUSTER_SECRET_LABEL]: 'cluster' };
}

/**
 * Whether a selector matches labels.
 * @throws Error naming an unknown operator or a malformed expression
 * @public
 */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {}))
    if (labels[k] !== String(v)) return false;
  for (const e of selector?.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (values.length === 0)
          throw new Error(`matchExpressions '${e.key}' In: values is empty`);
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (values.length === 0)
          throw new Error(`matchExpressions '${e.key}' NotIn: values is empty`);
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(
          `matchExpressions '${e.key}': unknown operator '${e.operator}' (In, NotIn, Exists, DoesNotExist)`,
        );
    }
  }
  return true;
}

/** The Go-template parameters of one cluster. @public */
export function clusterParams(c: ClusterDefinition): Record<string, unknown> {
  const p: Record<string, unknown> = {
    name: c.name,
    nameNormalized: sanitizeName(c.name),
    metadata: { labels: clusterSecretLabels(c), annotations: {} },
  };
  if (c.apiServer !== undefined) p.server = c.apiServer;
  return p;
}
