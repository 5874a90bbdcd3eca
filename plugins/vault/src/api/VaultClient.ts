import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  VaultComponentPage,
  VaultComponentView,
  VaultInstanceView,
  VaultKvView,
} from '@pcscol/plugin-vault-common';
import type { VaultApi } from './VaultApi';

/**
 * Calls `/api/pegase-vault` (plugins/vault-backend/src/schema/openapi.yaml) on the
 * entity path `/entity/:namespace/:kind/:name/...`, with the user's Backstage
 * token (fetchApi).
 * @public
 */
export class VaultClient implements VaultApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** `<base>/entity/:namespace/:kind/:name` of an entity ref. */
  private async entityUrl(entityRef: string): Promise<string> {
    const ref = parseEntityRef(entityRef);
    const baseUrl = await this.options.discoveryApi.getBaseUrl('pegase-vault');
    const path = [ref.namespace, ref.kind.toLocaleLowerCase('en-US'), ref.name]
      .map(encodeURIComponent)
      .join('/');
    return `${baseUrl}/entity/${path}`;
  }

  private async get<T>(url: string): Promise<T> {
    const res = await this.options.fetchApi.fetch(url);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  async getInstance(entityRef: string): Promise<VaultInstanceView> {
    return this.get<VaultInstanceView>(
      `${await this.entityUrl(entityRef)}/instance`,
    );
  }

  async getInstanceKv(entityRef: string): Promise<VaultKvView> {
    return this.get<VaultKvView>(
      `${await this.entityUrl(entityRef)}/instance/kv`,
    );
  }

  async getComponent(
    entityRef: string,
    page: VaultComponentPage = {},
  ): Promise<VaultComponentView> {
    const params = new URLSearchParams();
    if (page.offset !== undefined) params.set('offset', String(page.offset));
    if (page.limit !== undefined) params.set('limit', String(page.limit));
    const query = params.toString() ? `?${params}` : '';
    return this.get<VaultComponentView>(
      `${await this.entityUrl(entityRef)}/component${query}`,
    );
  }
}
