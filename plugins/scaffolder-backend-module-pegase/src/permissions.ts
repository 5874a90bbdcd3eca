/*
 * The permissions the self-service actions check: declared in the entity
 * contract (@pcscol/plugin-pegase-common), registered by this module.
 */
export {
  pegaseInstanceCreateProductionPermission,
  pegaseSelfServicePermissions as pegaseScaffolderPermissions,
} from '@pcscol/plugin-pegase-common';
