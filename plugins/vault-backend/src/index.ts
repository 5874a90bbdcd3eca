/**
 * Vault backend of Pégase Portal (`/api/pegase-vault`): engines, database roles,
 * Kubernetes auth and policies per instance and per component, from several
 * Vault clusters (one per region). Reads metadata only.
 *
 * @packageDocumentation
 */
export { vaultPlugin as default } from './plugin';
export {
  assertAllowedVaultRequest,
  VaultSecretAccessError,
  type VaultMountInfo,
  type VaultMountTable,
  type VaultRefusalKind,
} from './services/guard';
