import type { FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { VaultApi } from './VaultApi';

/** Calls the Vault backend plugin through the fetch API (`plugin://vault/...`). @public */
export class VaultClient implements VaultApi {
  constructor(private readonly fetchApi: FetchApi) {}

  private async get<T>(
    path: string,
    query: Record<string, string | number | undefined>,
  ): Promise<T> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      if (v !== undefined) params.set(k, String(v));
    const res = await this.fetchApi.fetch(`plugin://vault/${path}?${params}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  getInstance(entityRef: string) {
    return this.get<any>('instance', { entityRef });
  }

  getInstanceKv(entityRef: string) {
    return this.get<any>('instance/kv', { entityRef });
  }

  getComponent(
    entityRef: string,
    page: { offset?: number; limit?: number } = {},
  ) {
    return this.get<any>('component', { entityRef, ...page });
  }
}
