import { StandInModule } from '../types';
import { startVaultStandIn } from './vaultApi';

export {
  startVaultStandIn,
  DEFAULT_VAULT_TOKEN,
  DEFAULT_APPROLE,
  DEFAULT_KUBERNETES_ROLE,
  type VaultStandInFaults,
  type VaultStandInNode,
  type VaultStandInNodeStatus,
  type RunningVaultStandIn,
  type VaultRequestRecord,
} from './vaultApi';
export {
  addKvV1Mount,
  buildVaultState,
  durationSeconds,
  X509_KEY_PEM,
  type VaultState,
} from './vaultState';

/** Vault (one stand-in serves both regions in the demo). */
export const standIn: StandInModule = {
  name: 'vault',
  demoPort: 18120,
  urlEnv: 'VAULT_ADDR',
  tokenEnv: 'VAULT_TOKEN',
  start: startVaultStandIn,
};
