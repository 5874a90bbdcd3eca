/*
 * What the background refresher does: fills the shared cache for every
 * Application of every ArgoCD (the light list, then the resource tree of each
 * Application whose state changed, reduced to per-workload health and
 * versions, then one index entry per workload that the fleet view reads).
 * No supported ArgoCD serves what runs in its list (`status.sync.revisions`,
 * history): for an Application the list cannot tell (OutOfSync, or a range
 * such as `4.*`), the Application itself is read too, once per change.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ArgocdInstances } from './ArgocdInstances';
import { ApplicationReads, CachedList } from './ApplicationReads';
import {
  AppDigest,
  appKey,
  digestOf,
  fingerprintOf,
  liteNodes,
  liveChartVersion,
} from './shapes';
import { cacheKeys, SharedCache, WorkloadIndex } from './SharedCache';

/** Options of one fill. @internal */
export interface FillOptions {
  /** Runs an upstream call (the rate limiter). */
  run: <T>(fn: () => Promise<T>) => Promise<T>;
  onProgress?: (done: number, total: number) => void;
}

/** Fills the shared cache from every ArgoCD. @internal */
export class CacheFiller {
  constructor(
    private readonly instances: ArgocdInstances,
    private readonly reads: ApplicationReads,
    private readonly cache: SharedCache,
    private readonly digestTtlSeconds: number,
    private readonly logger: LoggerService,
  ) {}

  async fillAll(opts: FillOptions): Promise<{
    apps: number;
    trees: number;
    errors: number;
    /** Applications read one by one for their live version. */
    appsRead?: number;
  }> {
    const counts: {
      apps: number;
      trees: number;
      errors: number;
      appsRead?: number;
    } = { apps: 0, trees: 0, errors: 0 };
    const digestTtl = this.digestTtlSeconds;
    for (const c of this.instances.clients.values()) {
      let list: CachedList;
      try {
        list = await opts.run(() => this.reads.fetchList(c));
      } catch (e) {
        counts.errors++;
        this.logger.warn(
          `ArgoCD refresher: cannot list the applications of '${c.name}': ${
            (e as Error).message
          }`,
        );
        continue;
      }
      await this.reads.storeList(c, list);
      counts.apps += list.apps.length;
      const digests = new Map<string, AppDigest>();
      const keyOf = (a: { namespace?: string; name: string }) =>
        appKey(a.namespace, a.name);
      await Promise.all(
        list.apps.map(async a => {
          const d = await this.cache.get<AppDigest>(
            cacheKeys.digest(c.name, keyOf(a)),
          );
          if (d) digests.set(keyOf(a), d);
        }),
      );
      const writeIndex = async () => {
        const index = new Map<string, WorkloadIndex>();
        for (const [app, d] of digests) {
          for (const [w, v] of Object.entries(d.workloads)) {
            const entry = index.get(w) ?? {};
            entry[app] = v;
            index.set(w, entry);
          }
        }
        const live: Record<string, string> = {};
        for (const [app, d] of digests) if (d.live) live[app] = d.live;
        await Promise.all([
          ...[...index].map(([w, v]) =>
            this.cache.set(cacheKeys.workload(c.name, w), v, digestTtl),
          ),
          this.cache.set(cacheKeys.live(c.name), live, digestTtl),
        ]);
      };
      const todo = list.apps.filter(
        a => digests.get(keyOf(a))?.fingerprint !== fingerprintOf(a),
      );
      let done = 0;
      let sinceFlush = 0;
      await Promise.all(
        todo.map(a =>
          opts
            .run(() => c.getResourceTree(a))
            .then(async nodes => {
              const d = digestOf(liteNodes(nodes), a.release, fingerprintOf(a));
              counts.trees++;
              if (a.needsLive) {
                const app = await opts.run(() => c.getApplication(a));
                counts.appsRead = (counts.appsRead ?? 0) + 1;
                const live = liveChartVersion(app);
                if (live) d.live = live;
              }
              digests.set(keyOf(a), d);
              await this.cache.set(
                cacheKeys.digest(c.name, keyOf(a)),
                d,
                digestTtl,
              );
            })
            .catch(e => {
              counts.errors++;
              this.logger.debug(
                `ArgoCD refresher: tree of '${a.name}' on '${c.name}': ${
                  (e as Error).message
                }`,
              );
            })
            .finally(async () => {
              done++;
              opts.onProgress?.(done, todo.length);
              if (++sinceFlush >= 250) {
                sinceFlush = 0;
                await writeIndex();
              }
            }),
        ),
      );
      await writeIndex();
    }
    return counts;
  }
}
