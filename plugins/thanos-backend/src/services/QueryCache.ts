/*
 * The querier answers, cached briefly in Backstage's cache service, with
 * identical concurrent asks coalesced into one upstream call.
 */
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { redactUrlCredentials } from '@pcscol/plugin-pegase-node';

/** Cache of querier answers, keyed by what was asked. */
export class QueryCache {
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cache: CacheService,
    private readonly logger: LoggerService,
  ) {}

  /** The cached value of `key`, or `load()` (one call for concurrent asks). */
  async get<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
  ): Promise<T> {
    const hashed = `thanos:${createHash('sha256').update(key).digest('hex')}`;
    const running = this.inflight.get(hashed);
    if (running) return running as Promise<T>;
    const promise = (async () => {
      try {
        const hit = await this.cache.get(hashed);
        if (hit !== undefined) return hit as T;
      } catch (e) {
        // a cache client's error may name its connection URL (redis://user:password@…)
        this.logger.warn(
          `thanos cache read failed: ${redactUrlCredentials(String(e))}`,
        );
      }
      const value = await load();
      try {
        await this.cache.set(hashed, value as any, {
          ttl: ttlSeconds * 1000,
        });
      } catch (e) {
        this.logger.warn(
          `thanos cache write failed: ${redactUrlCredentials(String(e))}`,
        );
      }
      return value;
    })();
    this.inflight.set(hashed, promise);
    try {
      return await promise;
    } finally {
      this.inflight.delete(hashed);
    }
  }
}
