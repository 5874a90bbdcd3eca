import type { VaultNodeState } from '@pcscol/plugin-vault-common';

/*
 * A Vault node's state from the status code of `GET sys/health` without
 * query parameters (hashicorp/vault http/sys_health.go, getSysHealth; the
 * codes are documented in the API docs, "/sys/health", Vault 1.15-1.21, and
 * OpenBao answers the same): 200 initialised, unsealed and active; 429
 * unsealed standby; 472 disaster-recovery secondary; 473 performance
 * standby; 501 not initialised; 503 sealed.
 */

const BY_STATUS: Record<number, VaultNodeState> = {
  200: 'active',
  429: 'standby',
  472: 'dr-secondary',
  473: 'performance-standby',
  501: 'not-initialized',
  503: 'sealed',
};

/** The state a `sys/health` status code tells. */
export function nodeStateOf(status: number): VaultNodeState {
  return BY_STATUS[status] ?? 'unknown';
}

/**
 * Which nodes may serve the portal's reads, best first: the active node; a
 * performance standby (serves reads itself, Enterprise); a standby (forwards
 * each request to the active node). A DR secondary, an uninitialised or
 * sealed node serves none.
 */
export const NODE_PREFERENCE: VaultNodeState[] = [
  'active',
  'performance-standby',
  'standby',
];
