import { createPermission } from '@backstage/plugin-permission-common';
import { pegaseInstanceUpgradeProductionPermission } from '@pcscol/plugin-pegase-common';

/**
 * Requesting anything for production usage (an instance, a DBaaS or a KaaS
 * cluster). The config-driven policy (`pegase.permissions.rules`) names the
 * groups allowed.
 * @public
 */
export const pegaseInstanceCreateProductionPermission = createPermission({
  name: 'pegase.instance.create.production',
  attributes: { action: 'create' },
});

/** Every permission of this module. @public */
export const pegaseScaffolderPermissions = [
  pegaseInstanceCreateProductionPermission,
  pegaseInstanceUpgradeProductionPermission,
];
