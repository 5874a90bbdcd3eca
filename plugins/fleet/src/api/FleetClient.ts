import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ClusterMatrixResponse,
  FleetReleaseDiffResponse,
  FleetResponse,
  FleetSubChartResponse,
  Rollout,
  RolloutDetailResponse,
  RolloutPlan,
  RolloutRequest,
  RolloutState,
  RolloutSummary,
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

  /** {@inheritDoc FleetApi.getFleet} */
  getFleet(): Promise<FleetResponse> {
    return this.get('/instances');
  }

  /** {@inheritDoc FleetApi.getSubChart} */
  getSubChart(entityName: string): Promise<FleetSubChartResponse> {
    return this.get(`/sub-charts/${encodeURIComponent(entityName)}`);
  }

  /** {@inheritDoc FleetApi.getReleaseDiff} */
  getReleaseDiff(from: string, to: string): Promise<FleetReleaseDiffResponse> {
    const query = new URLSearchParams({ from, to });
    return this.get(`/releases/diff?${query}`);
  }

  /** {@inheritDoc FleetApi.getClusters} */
  getClusters(): Promise<ClusterMatrixResponse> {
    return this.get('/clusters');
  }

  /** {@inheritDoc FleetApi.listRollouts} */
  async listRollouts(states?: RolloutState[]): Promise<RolloutSummary[]> {
    const query = new URLSearchParams();
    for (const s of states ?? []) query.append('state', s);
    const q = query.toString();
    const body = await this.get<{ items: RolloutSummary[] }>(
      `/rollouts${q ? `?${q}` : ''}`,
    );
    return body.items;
  }

  /** {@inheritDoc FleetApi.planRollout} */
  planRollout(request: RolloutRequest): Promise<RolloutPlan> {
    return this.post('/rollouts/plan', request);
  }

  /** {@inheritDoc FleetApi.startRollout} */
  startRollout(request: RolloutRequest): Promise<Rollout> {
    return this.post('/rollouts', request);
  }

  /** {@inheritDoc FleetApi.getRollout} */
  getRollout(id: string): Promise<RolloutDetailResponse> {
    return this.get(`/rollouts/${encodeURIComponent(id)}`);
  }

  /** {@inheritDoc FleetApi.pauseRollout} */
  pauseRollout(id: string, reason?: string): Promise<Rollout> {
    return this.post(`/rollouts/${encodeURIComponent(id)}/pause`, { reason });
  }

  /** {@inheritDoc FleetApi.resumeRollout} */
  resumeRollout(id: string): Promise<Rollout> {
    return this.post(`/rollouts/${encodeURIComponent(id)}/resume`);
  }

  /** {@inheritDoc FleetApi.abortRollout} */
  abortRollout(id: string, reason?: string): Promise<Rollout> {
    return this.post(`/rollouts/${encodeURIComponent(id)}/abort`, { reason });
  }

  /** {@inheritDoc FleetApi.approveWave} */
  approveWave(id: string, wave: number): Promise<Rollout> {
    return this.post(
      `/rollouts/${encodeURIComponent(id)}/waves/${wave}/approve`,
    );
  }

  /** {@inheritDoc FleetApi.rollbackWave} */
  rollbackWave(id: string, wave: number): Promise<Rollout> {
    return this.post(
      `/rollouts/${encodeURIComponent(id)}/waves/${wave}/rollback`,
    );
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('fleet');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  /** A POST; routes that take no body (resume, approve, roll back) get none. */
  private async post<T>(path: string, body?: unknown): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('fleet');
    const res = await this.options.fetchApi.fetch(
      `${base}${path}`,
      body === undefined
        ? { method: 'POST' }
        : {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
