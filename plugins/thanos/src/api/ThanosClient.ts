import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityAlertsResult,
  EntityMetricsInfo,
  GraphResult,
} from '@pcscol/plugin-thanos-common';
import { EntityKey, ThanosApi } from './ThanosApi';

/**
 * Calls `/api/pegase-thanos` (plugins/thanos-backend/src/schema/openapi.yaml) with
 * the user's Backstage token (fetchApi).
 * @public
 */
export class ThanosClient implements ThanosApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** `/entity/:namespace/:kind/:name` of the entity. */
  private async base(e: EntityKey): Promise<string> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('pegase-thanos');
    const path = [e.namespace, e.kind.toLowerCase(), e.name]
      .map(encodeURIComponent)
      .join('/');
    return `${baseUrl}/entity/${path}`;
  }

  private async get<T>(url: string): Promise<T> {
    const res = await this.options.fetchApi.fetch(url);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  async getInfo(entity: EntityKey): Promise<EntityMetricsInfo> {
    return this.get<EntityMetricsInfo>(`${await this.base(entity)}/info`);
  }

  async getGraph(
    entity: EntityKey,
    graphId: string,
    options: { range: string; instance?: string },
  ): Promise<GraphResult> {
    const params = new URLSearchParams({ range: options.range });
    if (options.instance) params.set('instance', options.instance);
    return this.get<GraphResult>(
      `${await this.base(entity)}/graphs/${encodeURIComponent(
        graphId,
      )}?${params}`,
    );
  }

  async getAlerts(entity: EntityKey): Promise<EntityAlertsResult> {
    return this.get<EntityAlertsResult>(`${await this.base(entity)}/alerts`);
  }
}
