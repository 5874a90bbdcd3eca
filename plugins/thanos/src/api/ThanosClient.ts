import { FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityAlertsResult,
  EntityMetricsInfo,
  GraphResult,
} from '@pcscol/plugin-thanos-common';
import { EntityKey, ThanosApi } from './ThanosApi';

/** Calls `/api/thanos` with the user's Backstage token (fetchApi). @public */
export class ThanosClient implements ThanosApi {
  constructor(private readonly fetchApi: FetchApi) {}

  private base(e: EntityKey) {
    const enc = encodeURIComponent;
    return `plugin://thanos/entity/${enc(e.kind.toLowerCase())}/${enc(
      e.namespace,
    )}/${enc(e.name)}`;
  }

  private async get<T>(url: string): Promise<T> {
    const res = await this.fetchApi.fetch(url);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  }

  getInfo(entity: EntityKey): Promise<EntityMetricsInfo> {
    return this.get(`${this.base(entity)}/info`);
  }

  getGraph(
    entity: EntityKey,
    graphId: string,
    options: { range: string; instance?: string },
  ): Promise<GraphResult> {
    const params = new URLSearchParams({ range: options.range });
    if (options.instance) params.set('instance', options.instance);
    return this.get(
      `${this.base(entity)}/graphs/${encodeURIComponent(graphId)}?${params}`,
    );
  }

  getAlerts(entity: EntityKey): Promise<EntityAlertsResult> {
    return this.get(`${this.base(entity)}/alerts`);
  }
}
