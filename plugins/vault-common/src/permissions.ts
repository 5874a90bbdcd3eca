import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the Vault view of an instance (engines, connections, roles, KV key
 * names, findings). Never grants a secret value: the plugin reads none. A
 * resource permission of type `catalog-entity`, checked against the instance
 * of the route or of the action's input, so that a policy can answer per
 * entity (owner, usage, region).
 * @public
 */
export const vaultInstanceReadPermission = createPermission({
  name: 'vault.instance.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read the Vault view of a component (its Kubernetes auth roles, policies and
 * database roles across the instances that run it), checked against the
 * component.
 * @public
 */
export const vaultComponentReadPermission = createPermission({
  name: 'vault.component.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * See the Vault metadata actions in the actions registry (MCP tools, the
 * CLI). A basic permission, as the registry wants; each answer is still
 * checked with the view's permission against its entity.
 * @public
 */
export const vaultMetadataActionsPermission = createPermission({
  name: 'vault.metadata.actions',
  attributes: { action: 'read' },
});

/** Every permission of the Vault plugins. @public */
export const vaultPermissions = [
  vaultInstanceReadPermission,
  vaultComponentReadPermission,
  vaultMetadataActionsPermission,
];
