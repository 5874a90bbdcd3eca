import { promises as fs } from 'node:fs';
import { directoryFileSource, memoryFileSource } from './source/sources';
import { readGitopsRepository } from './read';
import { GitopsReadCache } from './util/readCache';
import { deepMergeValues, lookupMerged } from './chart/conditions';
import { baseRepo, makeTempDir, writeTree } from './__testUtils__/fixtures';
import type { GitopsFileSource } from './model/types';

const VALUES_B = 'instances/eu-sxb-1/production/univ-b/values.yaml';

describe('GitopsReadCache', () => {
  it('gives the same snapshot as an uncached read, parsing only the files that changed', async () => {
    const tree = await baseRepo();
    const cache = new GitopsReadCache();
    const plain = await readGitopsRepository(memoryFileSource(tree));
    const first = await readGitopsRepository(memoryFileSource(tree), {
      cache,
    });
    expect(first).toEqual(plain);
    const parsed = cache.stats.misses;
    expect(parsed).toBeGreaterThan(5);
    expect(cache.stats.hits).toBe(0);

    const second = await readGitopsRepository(memoryFileSource(tree), {
      cache,
    });
    expect(second).toEqual(plain);
    expect(cache.stats).toEqual({ hits: parsed, misses: parsed });
    // values parsed once are shared, and frozen
    const b = second.instances.find(i => i.name === 'univ-b')!;
    expect(b.values).toBe(
      first.instances.find(i => i.name === 'univ-b')!.values,
    );
    expect(Object.isFrozen(b.values)).toBe(true);
    expect(() => {
      (b.values as any).kafka.enabled = true;
    }).toThrow(TypeError);

    // one changed file is parsed again; a broken one reports its problem on every read
    const changed = {
      ...tree,
      [VALUES_B]: 'kafka:\n  enabled: true\n',
      'clusters/cons-1.yaml': 'region: [',
    };
    const third = await readGitopsRepository(memoryFileSource(changed), {
      cache,
    });
    expect(cache.stats.misses).toBe(parsed + 2);
    expect(third).toEqual(
      await readGitopsRepository(memoryFileSource(changed)),
    );
    expect(
      third.instances.find(i => i.name === 'univ-b')!.components,
    ).toContain('kafka');
    const fourth = await readGitopsRepository(memoryFileSource(changed), {
      cache,
    });
    expect(cache.stats.misses).toBe(parsed + 2);
    expect(fourth.problems).toEqual(third.problems);
    expect(
      fourth.problems.filter(p => p.file === 'clusters/cons-1.yaml'),
    ).toHaveLength(1);
  });

  it('drops what the latest read did not use', async () => {
    const tree = await baseRepo();
    const cache = new GitopsReadCache();
    await readGitopsRepository(memoryFileSource(tree), { cache });
    const full = cache.size;
    const { [VALUES_B]: _gone, ...smaller } = tree;
    await readGitopsRepository(memoryFileSource(smaller), { cache });
    expect(cache.size).toBe(full - 1);
  });
});

describe('GitopsFileSource.list exclude', () => {
  it('does not walk excluded folders of a directory, and filters other sources', async () => {
    const dir = await makeTempDir();
    try {
      await writeTree(dir, {
        'vault/univ-a/x.yaml': 'a: 1',
        'vault-like/y.yaml': 'b: 2',
        'docs/old/z.md': 'z',
        'docs/new.md': 'n',
      });
      const opened: string[] = [];
      const original = fs.readdir;
      const spy = jest.spyOn(fs, 'readdir').mockImplementation((async (
        p: any,
        o: any,
      ) => {
        opened.push(String(p));
        return original(p, o);
      }) as any);
      try {
        const src: GitopsFileSource = directoryFileSource(dir);
        expect(await src.list({ exclude: ['vault', 'docs/old/'] })).toEqual([
          'docs/new.md',
          'vault-like/y.yaml',
        ]);
        expect(
          opened.some(p => p.includes('vault/') || p.endsWith('vault')),
        ).toBe(false);
        expect(await src.list()).toHaveLength(4);
      } finally {
        spy.mockRestore();
      }
      const mem = memoryFileSource({ 'vault/a.yaml': '', 'b.yaml': '' });
      expect(await mem.list({ exclude: ['vault'] })).toEqual(['b.yaml']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('lookupMerged', () => {
  // a small deterministic generator of Helm-like values
  let seed = 42;
  const rnd = (n: number) => {
    // xorshift32
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const keys = ['a', 'b', 'enabled', 'tags'];
  const gen = (depth: number): unknown => {
    const r = rnd(7);
    if (depth > 2 || r === 0) return [true, false, null, 'x', 3][rnd(5)];
    if (r === 1) return [1, 2];
    const o: Record<string, unknown> = {};
    for (const k of keys) if (rnd(2)) o[k] = gen(depth + 1);
    return o;
  };
  const paths: string[][] = [];
  for (const a of keys) {
    paths.push([a]);
    for (const b of keys) {
      paths.push([a, b]);
      for (const c of keys) paths.push([a, b, c]);
    }
  }
  const plainLookup = (v: unknown, segs: string[]) => {
    let cur = v;
    for (const s of segs) {
      if (
        typeof cur !== 'object' ||
        cur === null ||
        Array.isArray(cur) ||
        !Object.prototype.hasOwnProperty.call(cur, s)
      )
        return { found: false };
      cur = (cur as Record<string, unknown>)[s];
    }
    return { found: true, value: cur };
  };

  it('finds what a lookup in deepMergeValues(base, override) finds', () => {
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const base = gen(0);
      const over = gen(0);
      if (typeof base !== 'object' || base === null || Array.isArray(base))
        continue;
      if (typeof over !== 'object' || over === null || Array.isArray(over))
        continue;
      const merged = deepMergeValues(base as any, over as any);
      for (const p of paths) {
        expect(lookupMerged(base as any, over as any, p)).toEqual(
          plainLookup(merged, p),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
