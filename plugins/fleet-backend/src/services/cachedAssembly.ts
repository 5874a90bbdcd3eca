import type { CacheService } from '@backstage/backend-plugin-api';

/**
 * A view's data, assembled from its upstreams and then served from the cache
 * for `ttlSeconds`; concurrent cold requests share one assembly, so that a
 * burst of page loads on an empty cache reads the catalog and ArgoCD once.
 */
export class CachedAssembly<T> {
  #assembling?: Promise<T>;

  constructor(
    private readonly options: {
      cache: CacheService;
      key: string;
      ttlSeconds: number;
      assemble: () => Promise<T>;
    },
  ) {}

  async get(): Promise<T> {
    const { cache, key } = this.options;
    const cached = (await cache.get(key)) as T | undefined;
    if (cached) return cached;
    this.#assembling ??= this.#assembleAndKeep().finally(() => {
      this.#assembling = undefined;
    });
    return this.#assembling;
  }

  async #assembleAndKeep(): Promise<T> {
    const { cache, key, ttlSeconds, assemble } = this.options;
    const value = await assemble();
    // the views' data is plain JSON (CacheService stores JsonValue)
    await cache.set(key, value as any, {
      ttl: { seconds: ttlSeconds },
    });
    return value;
  }
}
