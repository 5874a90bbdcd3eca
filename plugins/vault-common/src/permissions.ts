import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the Vault view of an instance (engines, connections, roles, KV key
 * names, findings). Never grants a secret value: the plugin reads none.
 * @public
 */
export const vaultInstanceReadPermission = createPermission({
  name: 'vault.instance.read',
  attributes: { action: 'read' },
});

/**
 * Read the Vault view of a component (its Kubernetes auth roles, policies and
 * database roles across the instances that run it).
 * @public
 */
export const vaultComponentReadPermission = createPermission({
  name: 'vault.component.read',
  attributes: { action: 'read' },
});

/** Every permission of the Vault plugins. @public */
export const vaultPermissions = [
  vaultInstanceReadPermission,
  vaultComponentReadPermission,
];
