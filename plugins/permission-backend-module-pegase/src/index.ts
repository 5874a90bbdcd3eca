/**
 * The config-driven permission policy of Pégase Portal.
 *
 * @packageDocumentation
 */
export { permissionModulePegasePolicy as default } from './module';
export { PegasePermissionPolicy } from './PegasePermissionPolicy';
export {
  readPermissionSettings,
  type ConditionalGrantConfig,
  type EntityConditionsConfig,
  type PegasePermissionSettings,
  type PermissionRuleConfig,
} from './config';
export {
  checkPermissionRules,
  type PermissionCheckReport,
} from './startupCheck';
