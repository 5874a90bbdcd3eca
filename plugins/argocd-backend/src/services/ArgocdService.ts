/*
 * The service behind `/api/argocd` and its actions: wires the pieces of
 * services/ (one concern each) and gives the router one object to call.
 */
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
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  ApplicationHistory,
  ApplicationOverview,
  ApplicationResources,
  FleetResponse,
} from '@pcscol/plugin-argocd-common';
import type { ArgocdConfig } from '../config';
import { AppRef, ArgocdClient } from './ArgocdClient';
import { ArgocdInstances } from './ArgocdInstances';
import { ApplicationActions, SyncOptions } from './ApplicationActions';
import { ApplicationReads, CachedList } from './ApplicationReads';
import { CacheFiller, FillOptions } from './CacheFiller';
import { CatalogLookups } from './CatalogLookups';
import { ComponentFleet, FleetQuery } from './ComponentFleet';
import { cacheKeys, SharedCache } from './SharedCache';

/** Options of {@link ArgocdService}. @internal */
export interface ArgocdServiceOptions {
  config: ArgocdConfig;
  cache: CacheService;
  logger: LoggerService;
  catalog: CatalogService;
}

/** Everything `/api/argocd` answers. @internal */
export class ArgocdService {
  readonly instances: ArgocdInstances;
  readonly lookups: CatalogLookups;
  readonly #reads: ApplicationReads;
  readonly #actions: ApplicationActions;
  readonly #fleet: ComponentFleet;
  readonly #filler: CacheFiller;
  readonly #cache: SharedCache;

  constructor(options: ArgocdServiceOptions) {
    const { config, logger } = options;
    const cache = new SharedCache(options.cache);
    this.#cache = cache;
    const digestTtl = config.refresher.digestTtlSeconds;
    this.instances = new ArgocdInstances(config, logger);
    this.lookups = new CatalogLookups(
      options.catalog,
      cache,
      config.fleetCacheTtlSeconds,
    );
    this.#reads = new ApplicationReads(this.instances, cache, digestTtl);
    this.#fleet = new ComponentFleet(
      this.instances,
      this.#reads,
      this.lookups,
      cache,
      config.fleetResponseCacheSeconds,
    );
    this.#actions = new ApplicationActions(this.instances, this.#reads, () =>
      this.#fleet.forget(),
    );
    this.#filler = new CacheFiller(
      this.instances,
      this.#reads,
      cache,
      digestTtl,
      logger,
    );
  }

  get config(): ArgocdConfig {
    return this.instances.config;
  }

  get clients(): Map<string, ArgocdClient> {
    return this.instances.clients;
  }

  /** The client of an ArgoCD by config name (default: the first configured). */
  client(name?: string): ArgocdClient {
    return this.instances.client(name);
  }

  /** Upstream calls made by this replica (tests, bench). */
  upstreamCalls(): number {
    return this.instances.upstreamCalls();
  }

  getList(argocd?: string): Promise<CachedList> {
    return this.#reads.getList(argocd);
  }

  /** `namespace/name` -> live umbrella version the refresher read (Applications the list cannot tell). */
  async liveVersions(argocd: string): Promise<Record<string, string>> {
    const c = this.instances.client(argocd);
    return (
      (await this.#cache.get<Record<string, string>>(cacheKeys.live(c.name))) ??
      {}
    );
  }

  overview(app: AppRef, argocd?: string): Promise<ApplicationOverview> {
    return this.#reads.overview(app, argocd);
  }

  history(app: AppRef, argocd?: string): Promise<ApplicationHistory> {
    return this.#reads.history(app, argocd);
  }

  /** The resources of an instance's Application, grouped by the sub-charts it runs. */
  resources(
    instance: Entity,
    app: AppRef,
    argocd: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<ApplicationResources> {
    return this.#reads.resources(app, argocd, chartVersion =>
      this.lookups.componentsOf(instance, credentials, chartVersion),
    );
  }

  fleet(componentRef: string, query: FleetQuery): Promise<FleetResponse> {
    return this.#fleet.fleet(
      stringifyEntityRef(parseEntityRef(componentRef)),
      query,
    );
  }

  sync(app: AppRef, argocd: string | undefined, opts?: SyncOptions) {
    return this.#actions.sync(app, argocd, opts);
  }

  refresh(app: AppRef, argocd: string | undefined, opts?: { hard?: boolean }) {
    return this.#actions.refresh(app, argocd, opts);
  }

  rollback(app: AppRef, argocd: string | undefined, id: number) {
    return this.#actions.rollback(app, argocd, id);
  }

  /** Fills the shared cache from every ArgoCD (the refresher's run). */
  refreshAll(opts: FillOptions) {
    return this.#filler.fillAll(opts);
  }
}
