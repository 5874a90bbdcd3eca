/**
 * The config-driven permission policy of Pégase Portal.
 *
 * @packageDocumentation
 */
export { permissionModulePegasePolicy as default } from './module';
export {
  PegasePermissionPolicy,
  type PermissionRuleConfig,
} from './PegasePermissionPolicy';
