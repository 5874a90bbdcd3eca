import type {
  AuthService,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  FleetReleaseDiffResponse,
  FleetResponse,
  FleetSubChartResponse,
} from '@pcscol/plugin-pegase-common';
import { FleetPlanError, releaseDiff } from '@pcscol/plugin-pegase-node';
import { InputError } from '@backstage/errors';
import type { FleetConfig } from '../config';
import type { ArgocdStatusSource } from './argocdStatus';
import { assembleFleet, subChartAcrossFleet } from './assembleFleet';
import { readCatalogFleet, releasedVersionsOf } from './catalogFleet';
import type { ReleaseSource } from './releaseSource';
import { CachedAssembly } from './cachedAssembly';

const FLEET_KEY = 'fleet:v1';

/**
 * The fleet views' data: assembled from the catalog (two queries), ArgoCD's
 * cached statuses (one call) and the releases, then served from the cache
 * for `cacheTtlSeconds` (one assembly for concurrent cold requests).
 */
export class FleetService {
  readonly #cached: CachedAssembly<FleetResponse>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      cache: CacheService;
      logger: LoggerService;
      argocd: ArgocdStatusSource;
      releases: ReleaseSource;
      config: FleetConfig;
      now?: () => Date;
    },
  ) {
    this.#cached = new CachedAssembly({
      cache: options.cache,
      key: FLEET_KEY,
      ttlSeconds: options.config.cacheTtlSeconds,
      assemble: () => this.assemble(),
    });
  }

  fleet(): Promise<FleetResponse> {
    return this.#cached.get();
  }

  async subChart(entityName: string): Promise<FleetSubChartResponse> {
    const { instances } = await readCatalogFleet(
      this.options.catalog,
      this.options.auth,
    );
    const view = subChartAcrossFleet(entityName, instances);
    if (view.versions.length === 0 && view.disabledIn.length === 0) {
      throw new NotFoundError(`no instance runs or disables '${entityName}'`);
    }
    return view;
  }

  async releaseDiff(
    from: string,
    to: string,
  ): Promise<FleetReleaseDiffResponse> {
    const releases = await this.options.releases.releases();
    try {
      const diff = releaseDiff({ releases }, from, to);
      return {
        from,
        to,
        added: diff.added.map(({ entityName, version }) => ({
          entityName,
          version,
        })),
        removed: diff.removed.map(({ entityName, version }) => ({
          entityName,
          version,
        })),
        changed: diff.changed.map(({ entityName, from: a, to: b }) => ({
          entityName,
          from: a,
          to: b,
        })),
        unchanged: diff.unchanged,
      };
    } catch (e) {
      if (e instanceof FleetPlanError) throw new InputError(e.message);
      throw e;
    }
  }

  private async assemble(): Promise<FleetResponse> {
    const { catalog, auth, argocd, logger } = this.options;
    const [{ instances, system }, statuses] = await Promise.all([
      readCatalogFleet(catalog, auth),
      argocd.statuses(),
    ]);
    if (!statuses.available) {
      logger.warn(`fleet served without ArgoCD statuses: ${statuses.message}`);
    }
    return assembleFleet({
      instances,
      releases: releasedVersionsOf(system),
      argocd: statuses,
      now: this.options.now?.() ?? new Date(),
    });
  }
}
