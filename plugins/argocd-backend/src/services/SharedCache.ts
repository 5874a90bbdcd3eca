/*
 * The plugin's shared cache (Backstage's cache service: shared by every
 * replica with Redis) with its keys, and one coalesced load per key.
 */
import { CacheService } from '@backstage/backend-plugin-api';
import type { HealthStatusCode } from '@pcscol/plugin-argocd-common';

/** Cache keys (plugin-scoped cache). @internal */
export const cacheKeys = {
  // v2: Applications keyed by `namespace/name` (applications in any namespace)
  list: (inst: string) => `list:v2:${inst}`,
  app: (inst: string, app: string) => `app:v2:${inst}:${app}`,
  tree: (inst: string, app: string) => `tree:v2:${inst}:${app}`,
  digest: (inst: string, app: string) => `digest:v2:${inst}:${app}`,
  workload: (inst: string, workload: string) =>
    `workload:v2:${inst}:${workload}`,
  /** `namespace/name` -> live umbrella version the refresher read from each Application. */
  live: (inst: string) => `live:v1:${inst}`,
  system: () => `system:v1:pegase`,
  clusters: () => `clusters:v1`,
  members: (ref: string) => `members:v2:${ref}`,
};

/** Per-workload index the refresher writes: `namespace/name` -> health and image tags. @internal */
export type WorkloadIndex = Record<
  string,
  { h: HealthStatusCode; v: string[] }
>;

/** The cache service, plus loads of the same key coalesced on this replica. @internal */
export class SharedCache {
  readonly #loading = new Map<string, Promise<unknown>>();

  constructor(readonly cache: CacheService) {}

  get<T>(key: string): Promise<T | undefined> {
    return this.cache.get(key) as Promise<T | undefined>;
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (ttlSeconds > 0)
      await this.cache.set(key, value as any, { ttl: ttlSeconds * 1000 });
  }

  delete(key: string): Promise<void> {
    return this.cache.delete(key);
  }

  /** Cache read, else one coalesced load, stored for `ttlSeconds` (0: never stored). */
  async cached<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
  ): Promise<T> {
    if (ttlSeconds > 0) {
      const hit = await this.cache.get(key);
      if (hit !== undefined) return hit as T;
    }
    const running = this.#loading.get(key);
    if (running) return running as Promise<T>;
    const p = (async () => {
      const value = await load();
      await this.set(key, value, ttlSeconds);
      return value;
    })().finally(() => this.#loading.delete(key));
    this.#loading.set(key, p);
    return p;
  }
}
