import { mockServices } from '@backstage/backend-test-utils';
import { CachedAssembly } from './cachedAssembly';

/** A cache that keeps what it is given (no expiry: the test expires it). */
function memoryCache() {
  const store = new Map<string, unknown>();
  const cache = mockServices.cache.mock({
    get: async (key: string) => store.get(key) as any,
    set: async (key: string, value: unknown) => {
      store.set(key, value);
    },
  });
  return { cache, store };
}

describe('CachedAssembly', () => {
  it('assembles once for concurrent cold requests, then serves the cache for the TTL', async () => {
    const { cache, store } = memoryCache();
    let assembled = 0;
    let release!: () => void;
    const held = new Promise<void>(r => (release = r));
    const view = new CachedAssembly({
      cache,
      key: 'fleet:test',
      ttlSeconds: 30,
      assemble: async () => {
        assembled += 1;
        await held;
        return { instances: assembled };
      },
    });
    const answers = Promise.all([view.get(), view.get(), view.get()]);
    release();
    expect(await answers).toEqual([
      { instances: 1 },
      { instances: 1 },
      { instances: 1 },
    ]);
    expect(assembled).toBe(1);
    expect(cache.set).toHaveBeenCalledWith(
      'fleet:test',
      { instances: 1 },
      { ttl: { seconds: 30 } },
    );
    expect(await view.get()).toEqual({ instances: 1 });
    expect(assembled).toBe(1);
    // the entry expired: the next request assembles again
    store.clear();
    expect(await view.get()).toEqual({ instances: 2 });
  });

  it('caches no failed assembly: every waiting request gets the error, the next one tries again', async () => {
    const { cache } = memoryCache();
    let attempts = 0;
    const view = new CachedAssembly({
      cache,
      key: 'fleet:test',
      ttlSeconds: 30,
      assemble: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('catalog unavailable');
        return { ok: true };
      },
    });
    const first = await Promise.allSettled([view.get(), view.get()]);
    expect(first.map(r => r.status)).toEqual(['rejected', 'rejected']);
    expect(cache.set).not.toHaveBeenCalled();
    expect(await view.get()).toEqual({ ok: true });
    expect(attempts).toBe(2);
  });
});
