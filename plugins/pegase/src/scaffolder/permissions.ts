import {
  isResourcePermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  pegaseRolloutPermissions,
  pegaseSelfServicePermissions,
} from '@pcscol/plugin-pegase-common';

/**
 * The resource permissions a picker may filter its options with: those of
 * pegase-common checked against a catalog entity (the backend checks the same
 * ones on every self-service write).
 */
const byName = new Map<string, ResourcePermission>();
for (const p of [
  ...pegaseSelfServicePermissions,
  ...pegaseRolloutPermissions,
]) {
  if (isResourcePermission(p)) byName.set(p.name, p);
}

/** The names a template may give as `ui:options.permission`. */
export const pickerPermissionNames = [...byName.keys()].sort();

/**
 * The resource permission named in a template's `ui:options.permission`, or
 * an error naming the field and the names it accepts.
 */
export function pickerPermission(
  name: unknown,
  field: string,
): ResourcePermission {
  const permission = typeof name === 'string' ? byName.get(name) : undefined;
  if (!permission) {
    throw new Error(
      `ui:options.permission of the field "${field}" is ${JSON.stringify(
        name,
      )}; expected one of ${pickerPermissionNames.join(', ')}`,
    );
  }
  return permission;
}
