import { deepMergeValues } from './conditions';
import { lookupCursor, mergedCursor, plainCursor } from './valuesCursor';

/** Every path of a value (maps only), to compare a cursor with the built merge. */
function paths(v: unknown, prefix: string[] = [], out: string[][] = []) {
  out.push(prefix);
  if (typeof v === 'object' && v !== null && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

describe('mergedCursor reads deepMergeValues without building it', () => {
  const a = {
    x: { enabled: true, keep: 1, gone: 2 },
    y: 'scalar',
    z: { deep: { flag: false } },
    n: null,
  };
  const b = {
    x: { enabled: false, gone: null },
    y: { now: 'a map', inner: null },
    z: 'replaced',
    w: { extra: [1, 2] },
  };
  const c = {
    x: { keep: null, added: { on: true } },
    y: { inner: 'set', now: null },
    w: null,
    n: { back: true },
  };

  it.each([
    ['two layers', [a, b]],
    ['three layers (a chart under its parents)', [a, b, c]],
    ['three layers, another order', [c, a, b]],
  ])('%s', (_name, layers) => {
    // deepMergeValues(l0, deepMergeValues(l1, l2)): a child's defaults under its parent's values
    let built: Record<string, unknown> = layers[layers.length - 1];
    let cursor = plainCursor(built);
    for (let i = layers.length - 2; i >= 0; i--) {
      built = deepMergeValues(layers[i], built);
      cursor = mergedCursor(layers[i], cursor);
    }
    const all = new Map<string, string[]>();
    for (const l of layers) for (const p of paths(l)) all.set(p.join('.'), p);
    for (const p of paths(built)) all.set(p.join('.'), p);
    for (const p of all.values()) {
      const want = lookupCursor(plainCursor(built), p);
      expect([p.join('.'), lookupCursor(cursor, p)]).toEqual([
        p.join('.'),
        want,
      ]);
    }
  });
});
