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
import { ArgocdClient, ArgoJson, LIST_FIELDS } from './ArgocdClient';
import { ArgocdInstances } from './ArgocdInstances';
import {
  AppSummary,
  ComponentInfo,
  LiteNode,
  chartSourceOf,
  digestOf,
  groupResources,
  liteNodes,
  summarize,
  toHistory,
  toOverview,
} from './shapes';
import { cacheKeys, SharedCache } from './SharedCache';

/** One Application as the cache keeps it. @internal */
export interface CachedApp {
  overview: ApplicationOverview;
  history: ApplicationHistory;
  release: string;
}

/** The light list of one ArgoCD as the cache keeps it. @internal */
export interface CachedList {
  fetchedAt: string;
  apps: AppSummary[];
}

/** The fields asked of the list endpoint for an ArgoCD. @internal */
export function listFields(cfg: ArgocdInstanceConfig): string[] {
  return cfg.persistResourceHealth
    ? [...LIST_FIELDS, 'items.status.resources']
    : LIST_FIELDS;
}

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
    return {
      overview: toOverview(raw, c.name, c.config.uiUrl),
      history: toHistory(raw, c.name),
      release: chartSourceOf(raw.spec)?.helm?.releaseName || raw.metadata.name,
    };
  }

  storeApp(c: ArgocdClient, app: string, value: CachedApp): Promise<void> {
    return this.cache.set(cacheKeys.app(c.name, app), value, this.ttl(c));
  }

  getApp(c: ArgocdClient, app: string): Promise<CachedApp> {
    return this.cache.cached(
      cacheKeys.app(c.name, app),
      this.ttl(c),
      async () => this.appValue(c, await c.getApplication(app)),
    );
  }

  async overview(app: string, argocd?: string): Promise<ApplicationOverview> {
    return (await this.getApp(this.instances.client(argocd), app)).overview;
  }

  async history(app: string, argocd?: string): Promise<ApplicationHistory> {
    return (await this.getApp(this.instances.client(argocd), app)).history;
  }

  getTree(c: ArgocdClient, app: string): Promise<LiteNode[]> {
    return this.cache.cached(
      cacheKeys.tree(c.name, app),
      this.ttl(c),
      async () => liteNodes(await c.getResourceTree(app)),
    );
  }

  /**
   * The resource tree of an Application grouped by sub-chart; `components`
   * gives the sub-charts the instance runs (from the catalog) once the
   * Application's chart version is known.
   */
  async resources(
    app: string,
    argocd: string | undefined,
    components: (chartVersion: string | undefined) => Promise<ComponentInfo[]>,
  ): Promise<ApplicationResources> {
    const c = this.instances.client(argocd);
    const [nodes, { overview, release }] = await Promise.all([
      this.getTree(c, app),
      this.getApp(c, app),
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
        cacheKeys.digest(c.name, app),
        digestOf(nodes, release, ''),
        this.digestTtlSeconds,
      )
      .catch(() => {});
    return { argocdInstance: c.name, appName: app, release, groups, counts };
  }

  /** Forgets what the cache holds of an Application (after an action). */
  async invalidate(c: ArgocdClient, app: string): Promise<void> {
    await Promise.all([
      this.cache.delete(cacheKeys.app(c.name, app)),
      this.cache.delete(cacheKeys.tree(c.name, app)),
      this.cache.delete(cacheKeys.list(c.name)),
    ]);
  }
}
