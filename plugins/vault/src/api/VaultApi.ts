import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  VaultComponentView,
  VaultInstanceView,
  VaultKvView,
} from '@pcscol/plugin-vault-common';

/** Client of /api/vault. @public */
export interface VaultApi {
  getInstance(entityRef: string): Promise<VaultInstanceView>;
  getInstanceKv(entityRef: string): Promise<VaultKvView>;
  getComponent(
    entityRef: string,
    page?: { offset?: number; limit?: number },
  ): Promise<VaultComponentView>;
}

/** @public */
export const vaultApiRef = createApiRef<VaultApi>().with({
  id: 'plugin.vault.client',
  pluginId: 'vault',
});
