/*
 * The service behind `/api/pegase-argocd` and its actions: wires the pieces of
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
import { findApp, indexApps } from './appIndex';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { GitopsObjects, type GitopsSnapshotReader } from './GitopsObjects';
import type {
  AppOfAppsAnswer,
  GeneratedComparison,
} from '@pcscol/plugin-argocd-common';
import { appOfAppsAnswer, generatedComparison } from './generatedViews';
import { ArgocdUpstreamError } from './errors';

/** Options of {@link ArgocdService}. @internal */
export interface ArgocdServiceOptions {
  config: ArgocdConfig;
  cache: CacheService;
  logger: LoggerService;
  catalog: CatalogService;
  /** The GitOps repository's reading (the ApplicationSets and app-of-apps); none: those views answer 503. */
  gitops?: GitopsSnapshotReader;
}

/** Everything `/api/pegase-argocd` answers. @internal */
export class ArgocdService {
  readonly instances: ArgocdInstances;
  readonly lookups: CatalogLookups;
  readonly #reads: ApplicationReads;
  readonly #actions: ApplicationActions;
  readonly #fleet: ComponentFleet;
  readonly #filler: CacheFiller;
  readonly #cache: SharedCache;
  readonly #gitops?: GitopsObjects;

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
    if (options.gitops)
      this.#gitops = new GitopsObjects(
        options.gitops,
        cache,
        config.fleetCacheTtlSeconds,
        logger,
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

  /**
   * The Application with its namespace: as the entity or the config names
   * it, else the namespace of the only Application of that name in the
   * (cached) list: ArgoCD answers 403 on a single-app call outside its own
   * namespace without `appNamespace`. A name in several namespaces is an
   * error saying which; an unreadable list leaves the ref as it is.
   */
  async resolve(app: AppRef, argocd?: string): Promise<AppRef> {
    if (app.namespace) return app;
    let list: CachedList;
    try {
      list = await this.#reads.getList(argocd);
    } catch {
      return app;
    }
    const found = findApp(
      indexApps(list.apps),
      app.name,
      undefined,
      this.instances.client(argocd).config.controlPlaneNamespace,
    );
    if (found.error) throw new InputError(found.error);
    return found.app?.namespace
      ? { name: app.name, namespace: found.app.namespace }
      : app;
  }

  async overview(app: AppRef, argocd?: string): Promise<ApplicationOverview> {
    return this.#reads.overview(await this.resolve(app, argocd), argocd);
  }

  async history(app: AppRef, argocd?: string): Promise<ApplicationHistory> {
    return this.#reads.history(await this.resolve(app, argocd), argocd);
  }

  /** The resources of an instance's Application, grouped by the sub-charts it runs. */
  async resources(
    instance: Entity,
    app: AppRef,
    argocd: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<ApplicationResources> {
    const ref = await this.resolve(app, argocd);
    return this.#reads.resources(ref, argocd, chartVersion =>
      this.lookups.componentsOf(instance, credentials, chartVersion),
    );
  }

  fleet(componentRef: string, query: FleetQuery): Promise<FleetResponse> {
    return this.#fleet.fleet(
      stringifyEntityRef(parseEntityRef(componentRef)),
      query,
    );
  }

  async sync(app: AppRef, argocd: string | undefined, opts?: SyncOptions) {
    return this.#actions.sync(await this.resolve(app, argocd), argocd, opts);
  }

  async refresh(
    app: AppRef,
    argocd: string | undefined,
    opts?: { hard?: boolean },
  ) {
    return this.#actions.refresh(await this.resolve(app, argocd), argocd, opts);
  }

  async rollback(app: AppRef, argocd: string | undefined, id: number) {
    return this.#actions.rollback(await this.resolve(app, argocd), argocd, id);
  }

  private gitops(): GitopsObjects {
    if (!this.#gitops)
      throw new ServiceUnavailableError(
        'The GitOps repository is not read by this backend: the generated Applications and the app-of-apps are unknown',
      );
    return this.#gitops;
  }

  /**
   * The Application an instance's ApplicationSet generates beside the live
   * one, and their differences. `instance` is the instance's name in the
   * repository; the live Application is read only when the list has it.
   */
  async generated(
    instance: string,
    app: AppRef,
    argocd: string,
  ): Promise<GeneratedComparison> {
    const index = await this.gitops().index();
    const ref = await this.resolve(app, argocd);
    const list = await this.#reads.getList(argocd);
    const exists = list.apps.some(
      a =>
        a.name === ref.name &&
        (!ref.namespace || a.namespace === ref.namespace),
    );
    let live;
    try {
      live = exists ? await this.#reads.managed(ref, argocd) : undefined;
    } catch (e) {
      if (!(e instanceof ArgocdUpstreamError && e.kind === 'not-found'))
        throw e;
    }
    return generatedComparison(
      index,
      instance,
      { appName: ref.name, argocdInstance: argocd },
      live,
    );
  }

  /** An app-of-apps' children, or an instance's ApplicationSet and app-of-apps, with live states. */
  async appOfApps(
    subject: { instance?: string; appName: string },
    argocd: string,
  ): Promise<AppOfAppsAnswer> {
    const [index, list] = await Promise.all([
      this.gitops().index(),
      this.#reads.getList(argocd),
    ]);
    return appOfAppsAnswer(
      index,
      { ...subject, argocdInstance: argocd },
      list.apps,
    );
  }

  /** Fills the shared cache from every ArgoCD (the refresher's run). */
  refreshAll(opts: FillOptions) {
    return this.#filler.fillAll(opts);
  }
}
