import type {
  AuthService,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { FleetConfig } from '../config';
import type { ArgocdAddonStatusSource } from './argocdStatus';
import { readCatalogClusters } from './catalogClusters';
import type { ClusterMatrixResponse } from '@pcscol/plugin-pegase-common';
import { assembleClusterMatrix } from './clusterMatrix';
import { CachedAssembly } from './cachedAssembly';

const CLUSTERS_KEY = 'fleet:clusters:v1';

/**
 * The Clusters view's data: assembled from the catalog (two queries) and
 * ArgoCD's add-on statuses (one call), then served from the cache for
 * `cacheTtlSeconds` (one assembly for concurrent cold requests).
 */
export class ClusterMatrixService {
  readonly #cached: CachedAssembly<ClusterMatrixResponse>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      cache: CacheService;
      logger: LoggerService;
      argocd: ArgocdAddonStatusSource;
      config: FleetConfig;
      now?: () => Date;
    },
  ) {
    this.#cached = new CachedAssembly({
      cache: options.cache,
      key: CLUSTERS_KEY,
      ttlSeconds: options.config.cacheTtlSeconds,
      assemble: () => this.assemble(),
    });
  }

  matrix(): Promise<ClusterMatrixResponse> {
    return this.#cached.get();
  }

  private async assemble(): Promise<ClusterMatrixResponse> {
    const { catalog, auth, argocd, logger } = this.options;
    const [{ clusters, addons }, statuses] = await Promise.all([
      readCatalogClusters(catalog, auth),
      argocd.addonStatuses(),
    ]);
    if (!statuses.available) {
      logger.warn(
        `clusters served without ArgoCD add-on statuses: ${statuses.message}`,
      );
    }
    return assembleClusterMatrix({
      clusters,
      addons,
      argocd: statuses,
      now: this.options.now?.() ?? new Date(),
    });
  }
}
