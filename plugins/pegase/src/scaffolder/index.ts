export { pegaseInstancePickerField, pegaseOwnerPickerField } from './fields';
export { AUTHORIZE_BATCH } from './authorizeEach';
export { pickerPermissionNames } from './permissions';
export type { PermittedPickerOptions } from './PermittedEntityPicker';
