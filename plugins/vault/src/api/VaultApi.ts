import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  VaultComponentPage,
  VaultComponentView,
  VaultInstanceView,
  VaultKvView,
} from '@pcscol/plugin-vault-common';

/**
 * Client of `/api/pegase-vault`; every method names the entity by its ref
 * (`resource:default/univ-x-prod`), the backend checks the permission on it.
 * @public
 */
export interface VaultApi {
  /** The Vault view of an instance (engines, database, auth role, policies, findings). */
  getInstance(entityRef: string): Promise<VaultInstanceView>;
  /** The KV tree of an instance (key metadata, never a value). */
  getInstanceKv(entityRef: string): Promise<VaultKvView>;
  /** A component's auth roles, policies and database roles, one page of instances. */
  getComponent(
    entityRef: string,
    page?: VaultComponentPage,
  ): Promise<VaultComponentView>;
}

/** @public */
export const vaultApiRef = createApiRef<VaultApi>().with({
  id: 'plugin.pegase-vault.client',
  pluginId: 'pegase-vault',
});
