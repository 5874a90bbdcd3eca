import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  FleetReleaseDiffResponse,
  FleetResponse,
  FleetSubChartResponse,
} from '@pcscol/plugin-pegase-common';
import type { FleetApi } from './FleetApi';

/** {@link FleetApi} over HTTP: one request per view, never one per instance. @public */
export class FleetClient implements FleetApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getFleet(): Promise<FleetResponse> {
    return this.get('/instances');
  }

  getSubChart(entityName: string): Promise<FleetSubChartResponse> {
    return this.get(`/sub-charts/${encodeURIComponent(entityName)}`);
  }

  getReleaseDiff(from: string, to: string): Promise<FleetReleaseDiffResponse> {
    const query = new URLSearchParams({ from, to });
    return this.get(`/releases/diff?${query}`);
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('fleet');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
