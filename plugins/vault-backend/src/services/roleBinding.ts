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
 * How a role binds `serviceAccount` in `namespace`. `namespaceLabels` are
 * the namespace's labels when the portal knows them; without them a role
 * that could only let it in through its selector is `namespace-selector`.
 */
export function roleBinding(
  role: VaultKubernetesRole | null | undefined,
  serviceAccount: string,
  namespace: string,
  namespaceLabels?: Record<string, string>,
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
  try {
    return selectorMatches(parseLabelSelector(selector), namespaceLabels)
      ? 'bound'
      : 'not-bound';
  } catch {
    return 'not-bound';
  }
}
