import { translationApiRef } from '@backstage/frontend-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { pegaseTranslationRef } from '../translations';
import { authorizeEach } from './authorizeEach';
import type {
  PermittedPickerOptions,
  PickerDefaults,
} from './PermittedEntityPicker';
import { pickerPermission } from './permissions';
import { fullRef, valuesOf } from './values';

/** The English texts, for an app whose translation API has not loaded yet. */
const english: Record<string, string> = {
  'picker.denied':
    'You may not choose {{entity}}: it does not allow you {{permission}}.',
};

/**
 * Refuses, on Next/Review, a value the user may not act on (one typed in the
 * URL or left from before a permission changed), with the same decision as
 * the backend's: the field's permission on that entity. Each value of a list
 * is checked; each refused one gets its message.
 */
export function permittedEntityValidation(
  defaults: PickerDefaults,
): CustomFieldValidator<string | string[], PermittedPickerOptions> {
  return async (value, field, { apiHolder, uiSchema, schema }) => {
    const values = valuesOf(value);
    if (values.length === 0) return;
    const options = uiSchema?.['ui:options'] ?? {};
    let permission;
    try {
      permission = pickerPermission(
        options.permission ?? defaults.permission,
        String(schema.title ?? 'picker'),
      );
    } catch (e) {
      field.addError((e as Error).message);
      return;
    }
    const refDefaults = {
      defaultKind: options.defaultKind ?? defaults.defaultKind,
      defaultNamespace: options.defaultNamespace,
    };
    const refs = values.map(v => fullRef(v, refDefaults));
    const permissionApi = apiHolder.get(permissionApiRef);
    const allowed = permissionApi
      ? await authorizeEach(
          permissionApi,
          permission,
          refs.filter((r): r is string => !!r),
        )
      : new Set<string>();
    const snapshot = apiHolder
      .get(translationApiRef)
      ?.getTranslation(pegaseTranslationRef);
    values.forEach((entity, i) => {
      if (refs[i] && allowed.has(refs[i]!)) return;
      const vars = { entity, permission: permission.name };
      field.addError(
        snapshot?.ready
          ? snapshot.t('picker.denied', vars)
          : english['picker.denied']
              .replace('{{entity}}', vars.entity)
              .replace('{{permission}}', vars.permission),
      );
    });
  };
}
