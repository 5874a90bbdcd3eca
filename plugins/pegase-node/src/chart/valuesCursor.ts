/*
 * Walking `deepMergeValues(base, over)` without building it: a nested
 * chart's values are its defaults under all of its parents' coalesced
 * values, once per instance; building each level's merge costs more than
 * the few condition paths read in it.
 */
import { deepMergeValues } from './conditions';

type Values = Record<string, unknown>;

const isMap = (v: unknown): v is Values =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const hasOwn = (o: Values, k: string) =>
  Object.prototype.hasOwnProperty.call(o, k);

/** A position in (possibly merged) values. */
export interface ValuesCursor {
  readonly isMap: boolean;
  readonly isNull: boolean;
  /** The cursor at key `seg`, or undefined when there is none. */
  get(seg: string): ValuesCursor | undefined;
  /** The value here (a merged map is built only when asked). */
  value(): unknown;
}

/** A cursor on plain values. */
export function plainCursor(v: unknown): ValuesCursor {
  return {
    isMap: isMap(v),
    isNull: v === null,
    get: seg => (isMap(v) && hasOwn(v, seg) ? plainCursor(v[seg]) : undefined),
    value: () => v,
  };
}

/**
 * A cursor on `deepMergeValues(base, over)`: maps merge key by key, a `null`
 * of `over` deletes the key where a merge happens (inside a map that
 * replaced a non-map it stays), anything else replaces. `base` is a map
 * whenever `over` is present.
 */
export function mergedCursor(
  base: unknown,
  over: ValuesCursor | undefined,
): ValuesCursor {
  if (!over) return plainCursor(base);
  return {
    isMap: over.isMap,
    isNull: over.isNull,
    get(seg) {
      const o = over.isMap ? over.get(seg) : undefined;
      if (o) {
        if (o.isNull && base !== undefined) return undefined;
        const bv = isMap(base) && hasOwn(base, seg) ? base[seg] : undefined;
        return mergedCursor(o.isMap && isMap(bv) ? bv : undefined, o);
      }
      // the override has no such key: the base's value, if the override kept it
      if (over.isMap && isMap(base) && hasOwn(base, seg))
        return plainCursor(base[seg]);
      return undefined;
    },
    value() {
      const v = over.value();
      return base !== undefined && isMap(v)
        ? deepMergeValues(base as Values, v)
        : v;
    },
  };
}

/** The value at path segments, as a lookup. */
export function lookupCursor(
  root: ValuesCursor,
  segs: readonly string[],
): { found: boolean; value?: unknown } {
  let cur: ValuesCursor | undefined = root;
  for (const seg of segs) {
    cur = cur.get(seg);
    if (!cur) return { found: false };
  }
  return { found: true, value: cur.value() };
}
