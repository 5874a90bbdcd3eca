import type { ChartDependency } from '../model/types';

/**
 * A Helm values tree (a parsed `values.yaml`, or values merged from several).
 *
 * @public
 */
export type HelmValues = Record<string, unknown>;

function isMap(v: unknown): v is HelmValues {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep-merges Helm values: maps merge key by key, anything else in `override`
 * replaces; a `null` in `override` removes the key (as Helm does). Inputs are
 * not modified.
 * @public
 */
export function deepMergeValues(
  base: HelmValues,
  override: HelmValues,
): HelmValues {
  const out: HelmValues = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null) {
      delete out[k];
    } else if (isMap(v) && isMap(out[k])) {
      out[k] = deepMergeValues(out[k] as HelmValues, v);
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
  values: HelmValues,
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

/** Result of a values lookup. */
type Lookup = { found: boolean; value?: unknown };

const hasOwn = (o: HelmValues, k: string) =>
  Object.prototype.hasOwnProperty.call(o, k);

/** Looks up path segments in values. */
function lookupIn(values: HelmValues, segs: readonly string[]): Lookup {
  let cur: unknown = values;
  for (const seg of segs) {
    if (!isMap(cur) || !hasOwn(cur, seg)) return { found: false };
    cur = cur[seg];
  }
  return { found: true, value: cur };
}

/**
 * Looks up path segments in `deepMergeValues(base, override)` without
 * building the merge (the same value, or an equal one).
 */
export function lookupMerged(
  base: HelmValues,
  override: HelmValues,
  segs: readonly string[],
): Lookup {
  // b: the base side, o: the override side (undefined: absent on that side)
  let b: unknown = base;
  let o: unknown = override;
  for (const seg of segs) {
    if (isMap(o) && hasOwn(o, seg)) {
      const ov = o[seg];
      // a null removes the key when merging (inside a replaced map it stays)
      if (ov === null && b !== undefined) return { found: false };
      const bv = isMap(b) && hasOwn(b, seg) ? b[seg] : undefined;
      b = isMap(ov) && isMap(bv) ? bv : undefined; // else the override replaces
      o = ov;
    } else if (isMap(b) && hasOwn(b, seg)) {
      b = b[seg];
      o = undefined;
    } else return { found: false };
  }
  if (o === undefined) return { found: true, value: b };
  if (b !== undefined) {
    return {
      found: true,
      value: deepMergeValues(b as HelmValues, o as HelmValues),
    };
  }
  return { found: true, value: o };
}

const splitPaths = new WeakMap<readonly string[], string[][]>();

/** The condition paths of a dependency, split once. */
function conditionSegments(conditions: readonly string[]): string[][] {
  let segs = splitPaths.get(conditions);
  if (!segs) {
    segs = conditions.map(c => c.split('.'));
    splitPaths.set(conditions, segs);
  }
  return segs;
}

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/**
 * {@link isDependencyEnabled} on values given by a lookup of path segments
 * (`lookup(['ins', 'enabled'])`). `prefix` is put before condition paths (a
 * nested sub-chart's conditions are read under its parents' names, as Helm
 * does); tags are always read at the top (`tags.<tag>`).
 */
export function isDependencyEnabledWith(
  dep: Pick<ChartDependency, 'conditions' | 'tags'>,
  lookup: (segs: readonly string[]) => Lookup,
  notes?: string[],
  prefix: readonly string[] = [],
): boolean {
  let enabled = true;
  if (dep.tags.length > 0) {
    let hasTrue = false;
    let hasFalse = false;
    for (const t of dep.tags) {
      const { found, value: v } = lookup(['tags', t]);
      if (v === true) hasTrue = true;
      else if (v === false) hasFalse = true;
      // Helm (pkg/chart/v2/util/dependencies.go, v4.2.4) warns and ignores it
      else if (found) notes?.push(`tag '${t}' is not a boolean (${show(v)})`);
    }
    if (!hasTrue && hasFalse) enabled = false;
  }
  const segs = conditionSegments(dep.conditions);
  for (let i = 0; i < segs.length; i++) {
    const { found, value } = lookup(
      prefix.length > 0 ? [...prefix, ...segs[i]] : segs[i],
    );
    // a map at the path is "no value" for Helm (Values.PathValue): skipped silently
    if (!found || isMap(value)) continue;
    if (typeof value === 'boolean') return value;
    notes?.push(
      `condition path '${dep.conditions[i]}' is not a boolean (${show(value)})`,
    );
  }
  return enabled;
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
  values: HelmValues,
  notes?: string[],
): boolean {
  return isDependencyEnabledWith(dep, segs => lookupIn(values, segs), notes);
}
