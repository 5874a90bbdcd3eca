/*
 * Cached reads of ArgoCD Applications: the light list of every Application of
 * one ArgoCD, one Application (overview and history) and its resource tree,
 * grouped by the sub-charts the instance runs.
 */
import type {
  ApplicationHistory,
  ApplicationOverview,
  ApplicationResources,
} from '@pcscol/plugin-argocd-common';
import type { ArgocdInstanceConfig } from '../config';
import { AppRef, ArgocdClient, ArgoJson, LIST_FIELDS } from './ArgocdClient';
import { ArgocdInstances } from './ArgocdInstances';
import {
  AppSummary,
  ComponentInfo,
  LiteNode,
  appKey,
  chartSourceIndex,
  digestOf,
  groupResources,
  liteNodes,
  releaseOf,
  sourcesOf,
  summarize,
  toHistory,
  toOverview,
} from './shapes';
import { cacheKeys, SharedCache } from './SharedCache';
import type { ManagedApplication } from '@pcscol/plugin-argocd-common';
import { liveSide } from './generatedComparison';

/** One Application as the cache keeps it. @internal */
export interface CachedApp {
  overview: ApplicationOverview;
  history: ApplicationHistory;
  release: string;
  /** Number of sources and the chart source's position (a multi-source sync to a revision). */
  sources: number;
  chartIndex: number;
  /** What its ApplicationSet owns of it (metadata, spec), for the generated-vs-live view. */
  managed?: ManagedApplication;
}

/** The light list of one ArgoCD as the cache keeps it. @internal */
export interface CachedList {
  fetchedAt: string;
  apps: AppSummary[];
  /** Bytes of the list answer (bench, logs). */
  bytes?: number;
}

/** The fields asked of the list endpoint for an ArgoCD. @internal */
export function listFields(cfg: ArgocdInstanceConfig): string[] {
  return cfg.persistResourceHealth
    ? [...LIST_FIELDS, 'items.status.resources']
    : LIST_FIELDS;
}

/** Cache key part of an Application. */
const keyOf = (ref: AppRef) => appKey(ref.namespace, ref.name);

/** Reads of Applications through the shared cache. @internal */
export class ApplicationReads {
  constructor(
    private readonly instances: ArgocdInstances,
    private readonly cache: SharedCache,
    private readonly digestTtlSeconds: number,
  ) {}

  private ttl(c: ArgocdClient) {
    return c.config.cacheTtlSeconds;
  }

  async fetchList(c: ArgocdClient): Promise<CachedList> {
    const items = await c.listApplications({ fields: listFields(c.config) });
    return {
      fetchedAt: new Date().toISOString(),
      apps: items
        .filter(i => typeof i?.metadata?.name === 'string')
        .map(summarize),
      bytes: c.lastListBytes,
    };
  }

  storeList(c: ArgocdClient, list: CachedList): Promise<void> {
    return this.cache.set(cacheKeys.list(c.name), list, this.ttl(c));
  }

  getList(argocd?: string): Promise<CachedList> {
    const c = this.instances.client(argocd);
    return this.cache.cached(cacheKeys.list(c.name), this.ttl(c), () =>
      this.fetchList(c),
    );
  }

  appValue(c: ArgocdClient, raw: ArgoJson): CachedApp {
    const sources = sourcesOf(raw.spec);
    return {
      overview: toOverview(raw, c.name, c.config.uiUrl),
      history: toHistory(raw, c.name),
      release: releaseOf(raw),
      sources: sources.length,
      chartIndex: chartSourceIndex(sources),
      managed: liveSide(raw),
    };
  }

  storeApp(c: ArgocdClient, ref: AppRef, value: CachedApp): Promise<void> {
    // an operation under way is not kept: the views poll until it is over
    if (value.overview.operation?.running) return Promise.resolve();
    return this.cache.set(
      cacheKeys.app(c.name, keyOf(ref)),
      value,
      this.ttl(c),
    );
  }

  /** One Application, from the cache unless an operation is under way. */
  async getApp(c: ArgocdClient, ref: AppRef): Promise<CachedApp> {
    const key = cacheKeys.app(c.name, keyOf(ref));
    const hit = await this.cache.get<CachedApp>(key);
    if (hit && !hit.overview.operation?.running) return hit;
    const value = this.appValue(c, await c.getApplication(ref));
    await this.storeApp(c, ref, value);
    return value;
  }

  /** What the ApplicationSet controller owns of an Application (read again if the cache lacks it). */
  async managed(ref: AppRef, argocd?: string): Promise<ManagedApplication> {
    const c = this.instances.client(argocd);
    const hit = await this.getApp(c, ref);
    if (hit.managed) return hit.managed;
    const value = this.appValue(c, await c.getApplication(ref));
    await this.storeApp(c, ref, value);
    return value.managed!;
  }

  async overview(ref: AppRef, argocd?: string): Promise<ApplicationOverview> {
    return (await this.getApp(this.instances.client(argocd), ref)).overview;
  }

  async history(ref: AppRef, argocd?: string): Promise<ApplicationHistory> {
    return (await this.getApp(this.instances.client(argocd), ref)).history;
  }

  getTree(c: ArgocdClient, ref: AppRef): Promise<LiteNode[]> {
    return this.cache.cached(
      cacheKeys.tree(c.name, keyOf(ref)),
      this.ttl(c),
      async () => liteNodes(await c.getResourceTree(ref)),
    );
  }

  /**
   * The resource tree of an Application grouped by sub-chart; `components`
   * gives the sub-charts the instance runs (from the catalog) once the
   * Application's live chart version is known.
   */
  async resources(
    ref: AppRef,
    argocd: string | undefined,
    components: (chartVersion: string | undefined) => Promise<ComponentInfo[]>,
  ): Promise<ApplicationResources> {
    const c = this.instances.client(argocd);
    const [nodes, { overview, release }] = await Promise.all([
      this.getTree(c, ref),
      this.getApp(c, ref),
    ]);
    const groups = groupResources(
      nodes,
      release,
      await components(overview.chartVersion),
    );
    const counts: ApplicationResources['counts'] = {};
    for (const g of groups)
      if (g.component !== null) counts[g.health] = (counts[g.health] ?? 0) + 1;
    // a user who looked at the tree refreshed this app's digest too
    await this.cache
      .set(
        cacheKeys.digest(c.name, keyOf(ref)),
        { ...digestOf(nodes, release, ''), live: overview.chartVersion },
        this.digestTtlSeconds,
      )
      .catch(() => {});
    return {
      argocdInstance: c.name,
      appName: ref.name,
      release,
      groups,
      counts,
    };
  }

  /** Forgets what the cache holds of an Application (after an action). */
  async invalidate(c: ArgocdClient, ref: AppRef): Promise<void> {
    await Promise.all([
      this.cache.delete(cacheKeys.app(c.name, keyOf(ref))),
      this.cache.delete(cacheKeys.tree(c.name, keyOf(ref))),
      this.cache.delete(cacheKeys.list(c.name)),
    ]);
  }
}
