import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ArchitectureGraph,
  ArchitectureImpact,
} from '@pcscol/plugin-architecture-common';
import type { ArchitectureApi } from './ArchitectureApi';

/** {@link ArchitectureApi} over HTTP: the whole graph in one request. @public */
export class ArchitectureClient implements ArchitectureApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** {@inheritDoc ArchitectureApi.getGraph} */
  getGraph(): Promise<ArchitectureGraph> {
    return this.get('/graph');
  }

  /** {@inheritDoc ArchitectureApi.getImpact} */
  getImpact(target: string): Promise<ArchitectureImpact> {
    return this.get(`/impact?${new URLSearchParams({ target })}`);
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('architecture');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
