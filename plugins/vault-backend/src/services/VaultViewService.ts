import type {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import type {
  VaultComponentPage,
  VaultComponentView,
  VaultInstanceView,
  VaultKvView,
} from '@pcscol/plugin-vault-common';
import type { VaultPluginConfig } from '../config';
import { VaultCatalogContext } from './catalogContext';
import { buildComponentView, componentViewFailed } from './componentView';
import { buildInstanceView, instanceViewFailed } from './instanceView';
import { buildKvView } from './kvView';
import { callerOf } from './caller';
import { authMountPattern } from './guard';
import { VaultClusterClient } from './VaultClusterClient';
import type { VaultViewDeps } from './viewDeps';

/** Options of {@link VaultViewService}. */
export interface VaultViewServiceOptions {
  config: VaultPluginConfig;
  catalog: CatalogService;
  cache: CacheService;
  logger: LoggerService;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * The Vault views of instances and components: one client per configured
 * Vault cluster, the cluster serving each region, and the cache of assembled
 * views. The views themselves are built in instanceView, kvView and
 * componentView.
 */
export class VaultViewService {
  private readonly clients: VaultClusterClient[];
  private readonly cache: CacheService;
  private readonly deps: VaultViewDeps;

  constructor(options: VaultViewServiceOptions) {
    this.cache = options.cache;
    this.clients = options.config.clusters.map(
      c =>
        new VaultClusterClient(c, {
          cache: options.cache.withOptions({
            defaultTtl: c.cacheTtlSeconds * 1000,
          }),
          logger: options.logger,
          authRoleMount: authMountPattern(options.config.mounts.kubernetesAuth),
        }),
    );
    this.deps = {
      catalog: new VaultCatalogContext(options.catalog, options.cache),
      clientFor: (region, what) => this.clientFor(region, what),
      concurrency: options.config.concurrency,
      componentPageSize: options.config.componentPageSize,
      mounts: options.config.mounts,
      kv: options.config.kv,
      now: options.now ?? Date.now,
    };
  }

  /** The Vault cluster serving a region (the only one if a single cluster is configured). */
  clientFor(region: string | undefined, what: string): VaultClusterClient {
    if (this.clients.length === 0)
      throw new InputError(
        'no Vault cluster is configured (pegase.vault.clusters)',
      );
    const match = this.clients.find(c => c.config.region === region);
    if (match) return match;
    if (this.clients.length === 1) return this.clients[0];
    throw new InputError(
      `${what} has region '${region ?? '(none)'}' (annotation ${
        PEGASE_ANNOTATIONS.region
      }) and no Vault cluster serves it; configured: ${this.clients
        .map(c => `${c.config.name} (${c.config.region})`)
        .join(', ')}`,
    );
  }

  /** The Vault view of an instance (engines, database engine, auth role, policies, findings). */
  async instanceView(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<VaultInstanceView> {
    const entity = await this.deps.catalog.entity(ref, credentials);
    return this.memo(
      `instance:${stringifyEntityRef(entity)}`,
      credentials,
      () => buildInstanceView(this.deps, entity, credentials),
      instanceViewFailed,
    );
  }

  /** The KV v2 tree of an instance (its upstream answers are cached, not the view). */
  async kvView(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<VaultKvView> {
    const entity = await this.deps.catalog.entity(ref, credentials);
    return buildKvView(this.deps, entity, credentials);
  }

  /** The Vault view of a component across the instances that run it (one page). */
  async componentView(
    ref: string,
    credentials: BackstageCredentials,
    page: VaultComponentPage = {},
  ): Promise<VaultComponentView> {
    const entity = await this.deps.catalog.entity(ref, credentials);
    const key = `component:${stringifyEntityRef(entity)}:${page.offset ?? 0}:${
      page.limit ?? ''
    }`;
    return this.memo(
      key,
      credentials,
      () => buildComponentView(this.deps, entity, credentials, page),
      componentViewFailed,
    );
  }

  /**
   * Caches an assembled view in the cache service (shared by replicas), for
   * the shortest cacheTtlSeconds of the clusters. A view with a failed part
   * is not kept: the next request tries again. A view is kept per caller:
   * its catalog parts (instances, shared serviceAccounts) were read with the
   * caller's credentials, so another user's catalog permissions still apply.
   */
  private async memo<T extends { upstreamCalls: number }>(
    key: string,
    credentials: BackstageCredentials,
    build: () => Promise<T>,
    failed: (view: T) => boolean,
  ): Promise<T> {
    const ttl =
      Math.min(...this.clients.map(c => c.config.cacheTtlSeconds)) * 1000;
    const cacheKey = `view:${callerOf(credentials)}:${key}`;
    const hit = (await this.cache.get(cacheKey).catch(() => undefined)) as
      | T
      | undefined;
    if (hit) return { ...hit, upstreamCalls: 0 };
    const value = await build();
    if (ttl > 0 && !failed(value))
      await this.cache
        .set(cacheKey, value as unknown as Parameters<CacheService['set']>[1], {
          ttl,
        })
        .catch(() => undefined);
    return value;
  }
}
