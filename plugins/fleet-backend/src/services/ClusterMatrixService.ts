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

const CLUSTERS_KEY = 'fleet:clusters:v1';

/**
 * The Clusters view's data: assembled from the catalog (two queries) and
 * ArgoCD's add-on statuses (one call), then served from the cache for
 * `cacheTtlSeconds`; concurrent cold requests share one assembly.
 */
export class ClusterMatrixService {
  private assembling?: Promise<ClusterMatrixResponse>;

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
  ) {}

  async matrix(): Promise<ClusterMatrixResponse> {
    const cached = (await this.options.cache.get(CLUSTERS_KEY)) as
      | ClusterMatrixResponse
      | undefined;
    if (cached) return cached;
    this.assembling ??= this.assemble().finally(() => {
      this.assembling = undefined;
    });
    return this.assembling;
  }

  private async assemble(): Promise<ClusterMatrixResponse> {
    const { catalog, auth, cache, argocd, config, logger } = this.options;
    const [{ clusters, addons }, statuses] = await Promise.all([
      readCatalogClusters(catalog, auth),
      argocd.addonStatuses(),
    ]);
    if (!statuses.available) {
      logger.warn(
        `clusters served without ArgoCD add-on statuses: ${statuses.message}`,
      );
    }
    const matrix = assembleClusterMatrix({
      clusters,
      addons,
      argocd: statuses,
      now: this.options.now?.() ?? new Date(),
    });
    await cache.set(CLUSTERS_KEY, matrix as any, {
      ttl: { seconds: config.cacheTtlSeconds },
    });
    return matrix;
  }
}
