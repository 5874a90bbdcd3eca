import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';
import type {
  VaultKubernetesRole,
  VaultRoleBinding,
} from '@pcscol/plugin-vault-common';

/*
 * Whether a Kubernetes auth role lets a serviceAccount of a namespace log in,
 * as the Kubernetes auth plugin decides at login
 * (hashicorp/vault-plugin-auth-kubernetes path_login.go, parseAndValidateJWT,
 * v0.24.1 — Vault 1.21):
 *
 * - names: `["*"]` alone allows every name; otherwise a name matches an entry
 *   by glob (`strutil.StrListContainsGlob`: go-glob, where `*` anywhere
 *   matches any run of characters and nothing else is special; globs are
 *   accepted since 2019);
 * - namespaces: `*` first allows all, else a glob match; if none matched and
 *   the role has a `bound_service_account_namespace_selector` (plugin
 *   v0.18.0, Vault 1.16; JSON or YAML `metav1.LabelSelector`), the namespace's
 *   labels must match it (namespace_validator.go). The two are ORed.
 */

/** go-glob through picomatch: every character literal but `*`. */
function globMatcher(pattern: string): (s: string) => boolean {
  if (pattern === '*') return () => true;
  if (!pattern.includes('*')) return s => s === pattern;
  const escaped = pattern
    .split('*')
    .map(part => part.replace(/[\\^$.|?+()[\]{}!@#~/]/g, c => `\\${c}`))
    .join('*');
  return picomatch(escaped, {
    dot: true,
    nobrace: true,
    noextglob: true,
    nonegate: true,
  });
}

/** True when a name matches one of the role's entries, as go-glob does. */
export function containsGlob(patterns: string[], value: string): boolean {
  return patterns.some(p => globMatcher(p)(value));
}

const isKnown = (
  v: Record<string, string> | KnownNamespaceLabels,
): v is KnownNamespaceLabels =>
  typeof (v as KnownNamespaceLabels).complete === 'boolean' &&
  typeof (v as KnownNamespaceLabels).labels === 'object';

/** A `metav1.LabelSelector`. */
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }>;
}

/** Reads a namespace selector (JSON or YAML, as the plugin accepts); throws on a bad one. */
export function parseLabelSelector(text: string): LabelSelector {
  const v = parseYaml(text) as unknown;
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new Error(
      `bound_service_account_namespace_selector is not a label selector object: ${text}`,
    );
  return v as LabelSelector;
}

/** True when the labels match the selector (k8s.io/apimachinery LabelSelectorAsSelector semantics). */
export function selectorMatches(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== String(v)) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = (e.values ?? []).map(String);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * The label the Kubernetes API server puts on every namespace, its name
 * (k8s.io/api core/v1 `LabelMetadataName`; set since Kubernetes 1.21, GA in
 * 1.22, KEP-2161). The portal knows it of any namespace.
 */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** What the portal knows of a namespace's labels. */
export interface KnownNamespaceLabels {
  labels: Record<string, string>;
  /**
   * True when `labels` are all its labels (read from the namespace itself);
   * false when it may carry others (a label absent here is then unknown).
   */
  complete: boolean;
}

/**
 * The labels the portal can know of an instance's namespace without asking
 * Kubernetes: `kubernetes.io/metadata.name`, and the labels given (those the
 * instance's ArgoCD Application sets through
 * `syncPolicy.managedNamespaceMetadata`, when known). Never complete.
 */
export function knownNamespaceLabels(
  namespace: string,
  managed: Record<string, string> = {},
): KnownNamespaceLabels {
  return {
    labels: { ...managed, [NAMESPACE_NAME_LABEL]: namespace },
    complete: false,
  };
}

/**
 * A selector on what is known of the labels: `match`, `no-match`, or
 * `unknown` when no requirement fails but one reads a label the portal does
 * not know (labels not `complete`). The requirements are ANDed as
 * LabelSelectorAsSelector does.
 */
export function selectorVerdict(
  selector: LabelSelector,
  known: KnownNamespaceLabels,
): 'match' | 'no-match' | 'unknown' {
  let unknown = false;
  const requirements: NonNullable<LabelSelector['matchExpressions']> = [
    ...Object.entries(selector.matchLabels ?? {}).map(([key, v]) => ({
      key,
      operator: 'In' as const,
      values: [v],
    })),
    ...(selector.matchExpressions ?? []),
  ];
  // apimachinery refuses a bad requirement, and the plugin the login
  if (requirements.some(r => !validRequirement(r))) return 'no-match';
  for (const r of requirements) {
    const has = Object.prototype.hasOwnProperty.call(known.labels, r.key);
    if (!has && !known.complete) {
      unknown = true;
      continue;
    }
    const one: LabelSelector = { matchExpressions: [r] };
    if (!selectorMatches(one, has ? { [r.key]: known.labels[r.key] } : {}))
      return 'no-match';
  }
  return unknown ? 'unknown' : 'match';
}

/** As labels.NewRequirement: In/NotIn need values, Exists/DoesNotExist none. */
function validRequirement(
  r: NonNullable<LabelSelector['matchExpressions']>[number],
): boolean {
  const n = r.values?.length ?? 0;
  if (r.operator === 'In' || r.operator === 'NotIn') return n > 0;
  if (r.operator === 'Exists' || r.operator === 'DoesNotExist') return n === 0;
  return false;
}

/**
 * How a role binds `serviceAccount` in `namespace`. `namespaceLabels` are
 * the namespace's labels the portal knows (a plain map: all its labels);
 * when the selector needs a label the portal does not know, a role that
 * could only let it in through its selector is `namespace-selector`.
 */
export function roleBinding(
  role: VaultKubernetesRole | null | undefined,
  serviceAccount: string,
  namespace: string,
  namespaceLabels?: Record<string, string> | KnownNamespaceLabels,
): VaultRoleBinding {
  if (!role) return 'no-role';
  const names = role.boundServiceAccountNames;
  const nameOk =
    (names.length === 1 && names[0] === '*') ||
    containsGlob(names, serviceAccount);
  if (!nameOk) return 'not-bound';
  const namespaces = role.boundServiceAccountNamespaces;
  if (
    namespaces.length > 0 &&
    (namespaces[0] === '*' || containsGlob(namespaces, namespace))
  )
    return 'bound';
  const selector = role.boundServiceAccountNamespaceSelector;
  if (!selector) return 'not-bound';
  if (!namespaceLabels) return 'namespace-selector';
  const known: KnownNamespaceLabels = isKnown(namespaceLabels)
    ? namespaceLabels
    : { labels: namespaceLabels, complete: true };
  let verdict;
  try {
    verdict = selectorVerdict(parseLabelSelector(selector), known);
  } catch {
    // the plugin refuses the login on a selector it cannot read
    return 'not-bound';
  }
  if (verdict === 'match') return 'bound';
  return verdict === 'unknown' ? 'namespace-selector' : 'not-bound';
}
