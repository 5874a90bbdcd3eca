import type { VaultMountTemplates } from '../config';
import type { VaultCatalogContext } from './catalogContext';
import type { VaultClusterClient } from './VaultClusterClient';

/** What the view builders (instanceView, kvView, componentView) are given. */
export interface VaultViewDeps {
  catalog: VaultCatalogContext;
  /** The Vault cluster serving a region; throws an InputError naming `what` when none does. */
  clientFor(region: string | undefined, what: string): VaultClusterClient;
  /** Upstream requests in flight at once per view (`vault.concurrency`). */
  concurrency: number;
  /** Default page of the component view (`vault.componentPageSize`). */
  componentPageSize: number;
  /** Mount path templates (`vault.mounts.*`). */
  mounts: VaultMountTemplates;
  /** Bounds of the recursive KV listing (`vault.kv.*`). */
  kv: { maxDepth: number; maxKeys: number };
  now: () => number;
}
