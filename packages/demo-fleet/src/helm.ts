/*
 * The few Helm semantics the generator needs to know which components an instance runs
 * (to bind their serviceAccounts in the instance's Vault role).
 */

type Values = Record<string, unknown>;

function isObject(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Helm-like coalescing: `override` wins, maps merge, `null` deletes a key. */
export function mergeValues(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k]))
      out[k] = mergeValues(out[k] as Values, v);
    else out[k] = v;
  }
  return out;
}

function pathValue(values: Values, path: string): unknown {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** A dependency as far as enabling goes. */
export interface HelmDependency {
  /** Alias, else name. */
  key: string;
  condition?: string;
  tags?: string[];
}

/**
 * Helm's rule: every dependency is enabled; its tags switch it (any tag true: on; else
 * any tag false: off); then the first condition path holding a boolean wins over tags.
 */
export function isDependencyEnabled(
  dep: HelmDependency,
  values: Values,
): boolean {
  let enabled = true;
  const tagValues = isObject(values.tags) ? values.tags : {};
  if (dep.tags?.length) {
    const flags = dep.tags
      .map(t => tagValues[t])
      .filter(v => typeof v === 'boolean');
    if (flags.includes(true)) enabled = true;
    else if (flags.includes(false)) enabled = false;
  }
  for (const c of (dep.condition ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)) {
    const v = pathValue(values, c);
    if (typeof v === 'boolean') {
      enabled = v;
      break;
    }
  }
  return enabled;
}
