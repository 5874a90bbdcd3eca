/**
 * Vault views of Pégase Portal (new frontend system): an instance's Vault card
 * and tab, a component's auth roles, policies and database roles across
 * instances. Never a secret value, never a reveal button.
 *
 * @packageDocumentation
 */
export { vaultPlugin as default } from './plugin';
export { vaultApiRef, type VaultApi } from './api/VaultApi';
export { VaultClient } from './api/VaultClient';
export { vaultTranslationRef } from './translations';
