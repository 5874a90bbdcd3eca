import type { ChartDependency } from '../model/types';

type Values = Record<string, unknown>;

function isMap(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep-merges Helm values: maps merge key by key, anything else in `override`
 * replaces; a `null` in `override` removes the key (as Helm does). Inputs are
 * not modified.
 * @public
 */
export function deepMergeValues(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null) {
      delete out[k];
    } else if (isMap(v) && isMap(out[k])) {
      out[k] = deepMergeValues(out[k] as Values, v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

/**
 * Looks up a dotted path (`ins.enabled`) in values.
 * @public
 */
export function getValueAtPath(
  values: Values,
  path: string,
): { found: boolean; value?: unknown } {
  let cur: unknown = values;
  let start = 0;
  while (start <= path.length) {
    let end = path.indexOf('.', start);
    if (end < 0) end = path.length;
    const seg = path.slice(start, end);
    if (!isMap(cur) || !Object.prototype.hasOwnProperty.call(cur, seg))
      return { found: false };
    cur = cur[seg];
    start = end + 1;
  }
  return { found: true, value: cur };
}

/**
 * Helm's rule for one dependency in (merged) values: enabled by default;
 * `tags`: disabled when at least one of its tags is `false` in `values.tags`
 * and none is `true`; `condition` (comma-separated paths): the first path that
 * resolves to a boolean wins and takes precedence over tags; a path that is
 * absent or not a boolean is skipped (reported in `notes`).
 * @public
 */
export function isDependencyEnabled(
  dep: Pick<ChartDependency, 'conditions' | 'tags'>,
  values: Values,
  notes?: string[],
): boolean {
  let enabled = true;
  if (dep.tags.length > 0) {
    const tags = isMap(values.tags) ? values.tags : {};
    let hasTrue = false;
    let hasFalse = false;
    for (const t of dep.tags) {
      const v = tags[t];
      if (v === true) hasTrue = true;
      else if (v === false) hasFalse = true;
    }
    if (!hasTrue && hasFalse) enabled = false;
  }
  for (const c of dep.conditions) {
    const { found, value } = getValueAtPath(values, c);
    if (!found) continue;
    if (typeof value === 'boolean') return value;
    notes?.push(
      `condition path '${c}' is not a boolean (${JSON.stringify(value)})`,
    );
  }
  return enabled;
}
