import type { VaultMountTemplates } from '../config';
import type { VaultCatalogContext } from './catalogContext';
import type { VaultClusterClient } from './VaultClusterClient';

/** What the view builders (instanceView, kvView, componentView) are given. */
export interface VaultViewDeps {
  catalog: VaultCatalogContext;
  /** The Vault cluster serving a region; throws an InputError naming `what` when none does. */
  clientFor(region: string | undefined, what: string): VaultClusterClient;
  /** Upstream requests in flight at once per view (`pegase.vault.concurrency`). */
  concurrency: number;
  /** Default page of the component view (`pegase.vault.componentPageSize`). */
  componentPageSize: number;
  /** Mount path templates (`pegase.vault.mounts.*`). */
  mounts: VaultMountTemplates;
  /** Bounds of the recursive KV listing (`pegase.vault.kv.*`). */
  kv: { maxDepth: number; maxKeys: number };
  now: () => number;
}
