import {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_INSTANCE_ANNOTATION,
  ApplicationHistory,
  ApplicationOverview,
  ApplicationResources,
  ArgocdErrorInfo,
  CHART_VERSION_ANNOTATION,
  FleetResponse,
  FleetRow,
  HealthStatusCode,
  NAMESPACE_ANNOTATION,
  PEGASE_INSTANCE_TYPE,
  REGION_ANNOTATION,
  SUB_CHART_ANNOTATION,
  SyncStatusCode,
  UNIVERSITY_ANNOTATION,
  USAGE_ANNOTATION,
  WORKLOAD_ANNOTATION,
  healthRank,
  worstHealth,
} from '@pcscol/plugin-argocd-common';
import type { ArgocdConfig, ArgocdInstanceConfig } from '../config';
import { ArgocdClient, ArgoJson, LIST_FIELDS } from './ArgocdClient';
import { ArgocdUpstreamError, toUpstreamError } from './errors';
import {
  AppDigest,
  AppSummary,
  ComponentInfo,
  LiteNode,
  appUiUrl,
  baseName,
  chartSourceOf,
  digestOf,
  fingerprintOf,
  groupResources,
  liteNodes,
  summarize,
  toHistory,
  toOverview,
} from './shapes';

/** Cache keys (plugin-scoped cache: shared by every replica with Redis). */
export const cacheKeys = {
  list: (inst: string) => `list:v1:${inst}`,
  app: (inst: string, app: string) => `app:v1:${inst}:${app}`,
  tree: (inst: string, app: string) => `tree:v1:${inst}:${app}`,
  digest: (inst: string, app: string) => `digest:v1:${inst}:${app}`,
  workload: (inst: string, workload: string) =>
    `workload:v1:${inst}:${workload}`,
  system: () => `system:v1:pegase`,
  clusters: () => `clusters:v1`,
  members: (ref: string) => `members:v1:${ref}`,
};

/** Per-workload index the refresher writes: app -> health and image tags. @internal */
export type WorkloadIndex = Record<
  string,
  { h: HealthStatusCode; v: string[] }
>;

interface FleetMembers {
  annotations: Record<string, string>;
  instances: Array<{
    name: string;
    ref: string;
    annotations: Record<string, string>;
    cluster?: string;
  }>;
  systemVersion?: string;
}

interface CachedApp {
  overview: ApplicationOverview;
  history: ApplicationHistory;
  release: string;
}

interface CachedList {
  fetchedAt: string;
  apps: AppSummary[];
}

const SUB_CHART_VERSIONS_ANNOTATION = 'pc-scol.fr/sub-chart-versions';

/**
 * The sub-chart versions an instance's umbrella version implies, as the catalog
 * provider records them on the instance (`pc-scol.fr/sub-chart-versions`, a JSON map
 * of entity name to version); empty when absent or malformed.
 */
export function impliedSubChartVersions(
  annotations: Record<string, string> | undefined,
): Record<string, string> {
  const text = annotations?.[SUB_CHART_VERSIONS_ANNOTATION];
  if (!text) return {};
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? parsed
      : {};
  } catch {
    return {};
  }
}

const INSTANCE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.type',
  'spec.dependsOn',
];

/** Options of {@link ArgocdService}. @internal */
export interface ArgocdServiceOptions {
  config: ArgocdConfig;
  cache: CacheService;
  logger: LoggerService;
  catalog: CatalogService;
}

/**
 * Everything `/api/argocd` answers: cached reads of one or several ArgoCD API
 * servers, reshaped for the cards; loads of the same key are coalesced.
 * @internal
 */
export class ArgocdService {
  readonly clients: Map<string, ArgocdClient>;
  readonly #config: ArgocdConfig;
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #catalog: CatalogService;
  readonly #loading = new Map<string, Promise<unknown>>();

  constructor(options: ArgocdServiceOptions) {
    this.#config = options.config;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#catalog = options.catalog;
    this.clients = new Map(
      options.config.instances.map(i => [
        i.name,
        new ArgocdClient(i, options.logger),
      ]),
    );
  }

  get config() {
    return this.#config;
  }

  /** The client of an ArgoCD by config name (default: the first configured). */
  client(name?: string): ArgocdClient {
    const wanted = name || this.#config.instances[0]?.name;
    const c = wanted ? this.clients.get(wanted) : undefined;
    if (!c) {
      throw new ArgocdUpstreamError({
        kind: 'config',
        argocdInstance: wanted ?? '(none)',
        message: wanted
          ? `No ArgoCD named '${wanted}' is configured (argocd.instances: ${
              [...this.clients.keys()].join(', ') || 'none'
            })`
          : 'No ArgoCD is configured (argocd.instances is empty)',
      });
    }
    return c;
  }

  /** Upstream calls made by this replica (tests, bench). */
  upstreamCalls(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.calls;
    return n;
  }

  /** Cache read, else one coalesced load, stored with the instance's TTL. */
  private async cached<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
  ): Promise<T> {
    if (ttlSeconds > 0) {
      const hit = await this.#cache.get<any>(key);
      if (hit !== undefined) return hit as T;
    }
    const running = this.#loading.get(key);
    if (running) return running as Promise<T>;
    const p = (async () => {
      const value = await load();
      if (ttlSeconds > 0)
        await this.#cache.set(key, value as any, { ttl: ttlSeconds * 1000 });
      return value;
    })().finally(() => this.#loading.delete(key));
    this.#loading.set(key, p);
    return p;
  }

  private ttl(c: ArgocdClient) {
    return c.config.cacheTtlSeconds;
  }

  // ---- light list ---------------------------------------------------------

  listFields(cfg: ArgocdInstanceConfig): string[] {
    return cfg.persistResourceHealth
      ? [...LIST_FIELDS, 'items.status.resources']
      : LIST_FIELDS;
  }

  async fetchList(c: ArgocdClient): Promise<CachedList> {
    const items = await c.listApplications({
      fields: this.listFields(c.config),
    });
    return {
      fetchedAt: new Date().toISOString(),
      apps: items
        .filter(i => typeof i?.metadata?.name === 'string')
        .map(summarize),
    };
  }

  async storeList(c: ArgocdClient, list: CachedList) {
    if (this.ttl(c) > 0)
      await this.#cache.set(cacheKeys.list(c.name), list as any, {
        ttl: this.ttl(c) * 1000,
      });
  }

  getList(argocd?: string): Promise<CachedList> {
    const c = this.client(argocd);
    return this.cached(cacheKeys.list(c.name), this.ttl(c), () =>
      this.fetchList(c),
    );
  }

  // ---- one application ----------------------------------------------------

  private appValue(c: ArgocdClient, raw: ArgoJson): CachedApp {
    return {
      overview: toOverview(raw, c.name, c.config.uiUrl),
      history: toHistory(raw, c.name),
      release: chartSourceOf(raw.spec)?.helm?.releaseName || raw.metadata.name,
    };
  }

  private getApp(c: ArgocdClient, app: string): Promise<CachedApp> {
    return this.cached(cacheKeys.app(c.name, app), this.ttl(c), async () =>
      this.appValue(c, await c.getApplication(app)),
    );
  }

  async overview(app: string, argocd?: string): Promise<ApplicationOverview> {
    const c = this.client(argocd);
    return (await this.getApp(c, app)).overview;
  }

  async history(app: string, argocd?: string): Promise<ApplicationHistory> {
    const c = this.client(argocd);
    return (await this.getApp(c, app)).history;
  }

  private getTree(c: ArgocdClient, app: string): Promise<LiteNode[]> {
    return this.cached(cacheKeys.tree(c.name, app), this.ttl(c), async () =>
      liteNodes(await c.getResourceTree(app)),
    );
  }

  /** The components an instance entity runs, from the catalog. */
  private async componentsOf(
    entityRef: string | undefined,
    credentials: BackstageCredentials,
    chartVersion: string | undefined,
  ): Promise<ComponentInfo[]> {
    if (!entityRef) return [];
    const entity = await this.#catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    const refs = (
      (entity.spec?.dependsOn as string[] | undefined) ?? []
    ).filter(r => {
      try {
        const k = parseEntityRef(r, {
          defaultKind: 'component',
        }).kind.toLocaleLowerCase('en-US');
        return k === 'component' || k === 'resource';
      } catch {
        return false;
      }
    });
    if (!refs.length) return [];
    const [{ items }, systemVersion] = await Promise.all([
      this.#catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['kind', 'metadata.name', 'metadata.annotations'],
        },
        { credentials },
      ),
      this.systemChartVersion(credentials),
    ]);
    const impliedVersions = impliedSubChartVersions(
      entity.metadata.annotations,
    );
    return items
      .filter((e): e is Entity =>
        Boolean(e?.metadata.annotations?.[SUB_CHART_ANNOTATION]),
      )
      .map(e => {
        const a = e.metadata.annotations ?? {};
        const info: ComponentInfo = {
          name: e.metadata.name,
          workload: a[WORKLOAD_ANNOTATION] ?? e.metadata.name,
        };
        if (a[SUB_CHART_ANNOTATION]) info.subChart = a[SUB_CHART_ANNOTATION];
        const implied = impliedVersions[e.metadata.name];
        if (implied) {
          info.expectedVersion = implied;
        } else if (
          chartVersion &&
          systemVersion &&
          chartVersion === systemVersion &&
          a[CHART_VERSION_ANNOTATION]
        ) {
          info.expectedVersion = a[CHART_VERSION_ANNOTATION];
        }
        return info;
      });
  }

  /** Names of the cluster entities (to tell an instance's cluster among its dependsOn). */
  private async clusterNames(
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    try {
      const names = await this.cached(cacheKeys.clusters(), 60, async () => {
        const { items } = await this.#catalog.getEntities(
          {
            filter: { kind: 'resource', 'spec.type': 'kubernetes-cluster' },
            fields: ['metadata.name'],
          },
          { credentials },
        );
        return items.map(e => e.metadata.name);
      });
      return new Set(names);
    } catch {
      return new Set();
    }
  }

  /** The current umbrella version (System `pegase`'s `pc-scol.fr/chart-version`). */
  private async systemChartVersion(
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    try {
      const v = await this.cached(cacheKeys.system(), 60, async () => {
        const system = await this.#catalog.getEntityByRef(
          'system:default/pegase',
          { credentials },
        );
        return system?.metadata.annotations?.[CHART_VERSION_ANNOTATION] ?? '';
      });
      return v || undefined;
    } catch {
      return undefined;
    }
  }

  async resources(
    app: string,
    opts: {
      argocd?: string;
      entityRef?: string;
      credentials: BackstageCredentials;
    },
  ): Promise<ApplicationResources> {
    const c = this.client(opts.argocd);
    const [nodes, { overview, release }] = await Promise.all([
      this.getTree(c, app),
      this.getApp(c, app),
    ]);
    const components = await this.componentsOf(
      opts.entityRef,
      opts.credentials,
      overview.chartVersion,
    );
    const groups = groupResources(nodes, release, components);
    const counts: ApplicationResources['counts'] = {};
    for (const g of groups)
      if (g.component !== null) counts[g.health] = (counts[g.health] ?? 0) + 1;
    // a user who looked at the tree refreshed this app's digest too
    const digest = digestOf(nodes, release, '');
    await this.#cache
      .set(cacheKeys.digest(c.name, app), digest as any, {
        ttl: this.#config.refresher.digestTtlSeconds * 1000,
      })
      .catch(() => {});
    return { argocdInstance: c.name, appName: app, release, groups, counts };
  }

  // ---- actions ------------------------------------------------------------

  private async invalidate(c: ArgocdClient, app: string) {
    this.forgetFleetAnswers();
    await Promise.all([
      this.#cache.delete(cacheKeys.app(c.name, app)),
      this.#cache.delete(cacheKeys.tree(c.name, app)),
      this.#cache.delete(cacheKeys.list(c.name)),
    ]);
  }

  async sync(
    app: string,
    opts: {
      argocd?: string;
      revision?: string;
      prune?: boolean;
      dryRun?: boolean;
    },
  ) {
    const c = this.client(opts.argocd);
    const body: ArgoJson = {};
    if (opts.revision) body.revision = opts.revision;
    if (opts.prune) body.prune = true;
    if (opts.dryRun) body.dryRun = true;
    const raw = await c.sync(app, body);
    await this.invalidate(c, app);
    return toOverview(raw, c.name, c.config.uiUrl);
  }

  async refresh(app: string, opts: { argocd?: string; hard?: boolean }) {
    const c = this.client(opts.argocd);
    const raw = await c.getApplication(app, opts.hard ? 'hard' : 'normal');
    await this.invalidate(c, app);
    const value = this.appValue(c, raw);
    if (this.ttl(c) > 0)
      await this.#cache.set(cacheKeys.app(c.name, app), value as any, {
        ttl: this.ttl(c) * 1000,
      });
    return value.overview;
  }

  async rollback(app: string, opts: { argocd?: string; id: number }) {
    const c = this.client(opts.argocd);
    const raw = await c.rollback(app, opts.id);
    await this.invalidate(c, app);
    return toOverview(raw, c.name, c.config.uiUrl);
  }

  // ---- component fleet ----------------------------------------------------

  readonly #fleetAnswers = new Map<
    string,
    { at: number; body: Promise<string> }
  >();

  /**
   * The fleet answer as JSON text. Identical requests in flight share one
   * computation, and the text is reused for `fleetResponseCacheSeconds`
   * (default 5): a derived answer kept per replica, not state other replicas
   * need (they compute their own from the shared cache).
   */
  fleetJson(
    componentRef: string,
    opts: Parameters<ArgocdService['fleet']>[1],
  ): Promise<string> {
    const ttl = this.#config.fleetResponseCacheSeconds * 1000;
    const key = JSON.stringify([
      componentRef,
      opts.region,
      opts.usage,
      opts.cluster,
      opts.problemsOnly,
    ]);
    const now = Date.now();
    const hit = this.#fleetAnswers.get(key);
    if (hit && now - hit.at < ttl) return hit.body;
    const body = this.fleet(componentRef, opts).then(r => JSON.stringify(r));
    this.#fleetAnswers.set(key, { at: now, body });
    body.catch(() => this.#fleetAnswers.delete(key));
    if (this.#fleetAnswers.size > 500) {
      for (const [k, v] of this.#fleetAnswers)
        if (now - v.at >= ttl) this.#fleetAnswers.delete(k);
    }
    if (ttl <= 0)
      body.finally(() => this.#fleetAnswers.delete(key)).catch(() => {});
    return body;
  }

  /** Forgets the memoised fleet answers (after an action). */
  private forgetFleetAnswers() {
    this.#fleetAnswers.clear();
  }

  async fleet(
    componentRef: string,
    opts: {
      credentials: BackstageCredentials;
      region?: string[];
      usage?: string[];
      cluster?: string[];
      problemsOnly?: boolean;
    },
  ): Promise<FleetResponse> {
    const { credentials } = opts;
    const ref = stringifyEntityRef(parseEntityRef(componentRef));
    const members = await this.fleetMembers(ref, credentials);
    if (!members) throw new NotFoundError(`No entity ${ref} in the catalog`);
    const { annotations: ca, systemVersion } = members;
    const workload = ca[WORKLOAD_ANNOTATION] ?? ref.split('/').pop()!;

    // which ArgoCD serves each instance
    const defaultArgocd = this.#config.instances[0]?.name ?? '';
    const entities = members.instances;
    const argocds = [
      ...new Set(
        entities.map(
          e => e.annotations[ARGOCD_INSTANCE_ANNOTATION] || defaultArgocd,
        ),
      ),
    ];
    const errors: ArgocdErrorInfo[] = [];
    const perArgocd = new Map<
      string,
      { apps?: Map<string, AppSummary>; index?: WorkloadIndex; error?: string }
    >();
    await Promise.all(
      argocds.map(async name => {
        try {
          const c = this.client(name);
          const [list, index] = await Promise.all([
            this.getList(name),
            this.#cache.get<WorkloadIndex>(
              cacheKeys.workload(c.name, workload),
            ),
          ]);
          perArgocd.set(name, {
            apps: new Map(list.apps.map(a => [a.name, a])),
            index: index ?? undefined,
          });
        } catch (e) {
          const err = toUpstreamError(name, e);
          errors.push(err.toInfo());
          perArgocd.set(name, { error: err.message });
        }
      }),
    );

    let pending = 0;
    const allRows: FleetRow[] = entities.map(e => {
      const a = e.annotations;
      const argocdInstance = a[ARGOCD_INSTANCE_ANNOTATION] || defaultArgocd;
      const appName = a[ARGOCD_APP_NAME_ANNOTATION];
      const cluster = e.cluster;
      const base: FleetRow = {
        instance: e.name,
        entityRef: e.ref,
        argocdInstance,
        appName,
        namespace: a[NAMESPACE_ANNOTATION],
        cluster,
        region: a[REGION_ANNOTATION],
        usage: a[USAGE_ANNOTATION],
        university: a[UNIVERSITY_ANNOTATION],
        chartVersion: a[CHART_VERSION_ANNOTATION],
        sync: 'Unknown',
        appHealth: 'Unknown',
        componentHealthSource: 'none',
        health: 'Unknown',
        problem: true,
      };
      const src = perArgocd.get(argocdInstance);
      if (!src || src.error) {
        base.error =
          src?.error ?? `ArgoCD '${argocdInstance}' is not configured`;
        return clean(base);
      }
      const cfg = this.clients.get(argocdInstance)!.config;
      base.uiUrl = appUiUrl(cfg.uiUrl, appName);
      const s = src.apps!.get(appName);
      if (!s) {
        base.error = `ArgoCD '${argocdInstance}' has no application '${appName}'`;
        base.appHealth = 'Missing';
        base.health = 'Missing';
        return clean(base);
      }
      base.sync = s.sync;
      base.appHealth = s.health;
      base.operationPhase = s.opPhase;
      base.lastSyncedAt = s.opFinishedAt;
      if (s.chartVersion) base.chartVersion = s.chartVersion;
      const listHealth =
        s.resourceHealth?.[workload] ??
        s.resourceHealth?.[`${s.release}-${workload}`];
      const fromTree = src.index?.[appName];
      if (listHealth) {
        base.componentHealth = listHealth;
        base.componentHealthSource = 'list';
      } else if (fromTree) {
        base.componentHealth = fromTree.h;
        base.componentHealthSource = 'tree';
      } else pending++;
      if (fromTree?.v.length) base.appVersion = fromTree.v.join(', ');
      base.health = base.componentHealth ?? s.health;
      base.problem =
        healthRank(base.health) < healthRank('Suspended') ||
        s.sync !== 'Synced';
      return clean(base);
    });
    const componentName = ref.split('/').pop()!;
    const impliedByInstance = new Map(
      entities.map(e => [
        e.name,
        impliedSubChartVersions(e.annotations)[componentName],
      ]),
    );
    for (const r of allRows) {
      const implied = impliedByInstance.get(r.instance);
      if (implied) {
        r.subChartVersion = implied;
      } else if (
        r.chartVersion &&
        systemVersion &&
        r.chartVersion === systemVersion &&
        ca[CHART_VERSION_ANNOTATION]
      ) {
        r.subChartVersion = ca[CHART_VERSION_ANNOTATION];
      }
    }

    const uniq = (xs: Array<string | undefined>) =>
      [...new Set(xs.filter((x): x is string => Boolean(x)))].sort();
    const filters = {
      regions: uniq(allRows.map(r => r.region)),
      usages: uniq(allRows.map(r => r.usage)),
      clusters: uniq(allRows.map(r => r.cluster)),
    };
    const keep = (v: string | undefined, wanted?: string[]) =>
      !wanted?.length || (v !== undefined && wanted.includes(v));
    const rows = allRows
      .filter(
        r =>
          keep(r.region, opts.region) &&
          keep(r.usage, opts.usage) &&
          keep(r.cluster, opts.cluster),
      )
      .filter(r => !opts.problemsOnly || r.problem)
      .sort(
        (a, b) =>
          Number(b.problem) - Number(a.problem) ||
          Number(Boolean(b.error)) - Number(Boolean(a.error)) ||
          healthRank(a.health) - healthRank(b.health) ||
          Number(a.sync === 'Synced') - Number(b.sync === 'Synced') ||
          a.instance.localeCompare(b.instance),
      );
    const counts: FleetResponse['counts'] = {
      total: rows.length,
      problems: 0,
      health: {},
      sync: {},
    };
    for (const r of rows) {
      if (r.problem) counts.problems++;
      counts.health[r.health] = (counts.health[r.health] ?? 0) + 1;
      counts.sync[r.sync as SyncStatusCode] =
        (counts.sync[r.sync as SyncStatusCode] ?? 0) + 1;
    }
    const out: FleetResponse = {
      component: { entityRef: ref, workload },
      rows,
      total: allRows.length,
      counts,
      filters,
      errors,
      pendingComponentHealth: pending,
    };
    if (ca[SUB_CHART_ANNOTATION])
      out.component.subChart = ca[SUB_CHART_ANNOTATION];
    if (ca[CHART_VERSION_ANNOTATION])
      out.component.chartVersion = ca[CHART_VERSION_ANNOTATION];
    return out;
  }

  /**
   * The instances that run a component (catalog: `spec.type=pegase-instance`,
   * `relations.dependsOn=<component>`), reduced to what the fleet needs and
   * kept in the shared cache for `fleetCacheTtlSeconds`: membership changes
   * only when the GitOps repository does, and the catalog query over a
   * thousand instances is the costly part of a fleet view.
   */
  private async fleetMembers(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<FleetMembers | undefined> {
    const value = await this.cached(
      cacheKeys.members(ref),
      this.#config.fleetCacheTtlSeconds,
      async () => {
        const [component, instances, systemVersion, clusterNames] =
          await Promise.all([
            this.#catalog.getEntityByRef(ref, { credentials }),
            this.#catalog.getEntities(
              {
                filter: {
                  kind: 'resource',
                  'spec.type': PEGASE_INSTANCE_TYPE,
                  'relations.dependsOn': ref,
                },
                fields: INSTANCE_FIELDS,
              },
              { credentials },
            ),
            this.systemChartVersion(credentials),
            this.clusterNames(credentials),
          ]);
        if (!component) return null;
        const members: FleetMembers = {
          annotations: component.metadata.annotations ?? {},
          instances: instances.items
            .filter(e => e.metadata.annotations?.[ARGOCD_APP_NAME_ANNOTATION])
            .map(e => {
              const keep = [
                ARGOCD_APP_NAME_ANNOTATION,
                ARGOCD_INSTANCE_ANNOTATION,
                NAMESPACE_ANNOTATION,
                REGION_ANNOTATION,
                USAGE_ANNOTATION,
                UNIVERSITY_ANNOTATION,
                CHART_VERSION_ANNOTATION,
              ];
              const all = e.metadata.annotations ?? {};
              const cluster = (
                (e.spec?.dependsOn as string[] | undefined) ?? []
              )
                .map(r => {
                  try {
                    return parseEntityRef(r);
                  } catch {
                    return undefined;
                  }
                })
                .find(
                  r =>
                    r &&
                    r.kind.toLocaleLowerCase('en-US') === 'resource' &&
                    clusterNames.has(r.name),
                )?.name;
              return {
                name: e.metadata.name,
                ref: stringifyEntityRef(e),
                annotations: Object.fromEntries(
                  keep.filter(k => all[k] !== undefined).map(k => [k, all[k]]),
                ),
                ...(cluster ? { cluster } : {}),
              };
            }),
        };
        if (systemVersion) members.systemVersion = systemVersion;
        return members;
      },
    );
    return value ?? undefined;
  }

  // ---- refresher ----------------------------------------------------------

  /**
   * Fills the shared cache for every app of every ArgoCD: the light list,
   * then the resource tree of each app whose state changed (at the limiter's
   * rate), reduced to per-workload health and versions, then one index entry
   * per workload that the fleet view reads.
   */
  async refreshAll(opts: {
    run: <T>(fn: () => Promise<T>) => Promise<T>;
    onProgress?: (done: number, total: number) => void;
  }): Promise<{ apps: number; trees: number; errors: number }> {
    const counts = { apps: 0, trees: 0, errors: 0 };
    const digestTtl = this.#config.refresher.digestTtlSeconds * 1000;
    for (const c of this.clients.values()) {
      let list: CachedList;
      try {
        list = await opts.run(() => this.fetchList(c));
      } catch (e) {
        counts.errors++;
        this.#logger.warn(
          `ArgoCD refresher: cannot list the applications of '${c.name}': ${
            (e as Error).message
          }`,
        );
        continue;
      }
      await this.storeList(c, list);
      counts.apps += list.apps.length;
      const digests = new Map<string, AppDigest>();
      await Promise.all(
        list.apps.map(async a => {
          const d = await this.#cache.get<any>(
            cacheKeys.digest(c.name, a.name),
          );
          if (d) digests.set(a.name, d as AppDigest);
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
        await Promise.all(
          [...index].map(([w, v]) =>
            this.#cache.set(cacheKeys.workload(c.name, w), v as any, {
              ttl: digestTtl,
            }),
          ),
        );
      };
      const todo = list.apps.filter(
        a => digests.get(a.name)?.fingerprint !== fingerprintOf(a),
      );
      let done = 0;
      let sinceFlush = 0;
      await Promise.all(
        todo.map(a =>
          opts
            .run(() => c.getResourceTree(a.name))
            .then(async nodes => {
              const d = digestOf(liteNodes(nodes), a.release, fingerprintOf(a));
              digests.set(a.name, d);
              counts.trees++;
              await this.#cache.set(
                cacheKeys.digest(c.name, a.name),
                d as any,
                { ttl: digestTtl },
              );
            })
            .catch(e => {
              counts.errors++;
              this.#logger.debug(
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

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>)
    if (o[k] === undefined) delete o[k];
  return o;
}

export { worstHealth, baseName };
