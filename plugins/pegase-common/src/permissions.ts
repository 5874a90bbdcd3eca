import { createPermission } from '@backstage/plugin-permission-common';

/** Read the fleet views (home problems, `/fleet`, release diffs). @public */
export const pegaseFleetReadPermission = createPermission({
  name: 'pegase.fleet.read',
  attributes: { action: 'read' },
});

/** Upgrade or remove production instances through self-service. @public */
export const pegaseInstanceUpgradeProductionPermission = createPermission({
  name: 'pegase.instance.upgrade.production',
  attributes: { action: 'update' },
});

/**
 * Requesting anything for production usage (an instance, a DBaaS or a KaaS
 * cluster) through self-service. @public
 */
export const pegaseInstanceCreateProductionPermission = createPermission({
  name: 'pegase.instance.create.production',
  attributes: { action: 'create' },
});

/** The permissions of the Pégase fleet plugin. @public */
export const pegaseFleetPermissions = [
  pegaseFleetReadPermission,
  pegaseInstanceUpgradeProductionPermission,
];

/** The permissions of the Pégase self-service actions (scaffolder module). @public */
export const pegaseSelfServicePermissions = [
  pegaseInstanceCreateProductionPermission,
  pegaseInstanceUpgradeProductionPermission,
];
