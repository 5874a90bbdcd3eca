import { translationApiRef } from '@backstage/frontend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { pegaseTranslationRef } from '../translations';
import {
  fullRef,
  type PermittedPickerOptions,
  type PickerDefaults,
} from './PermittedEntityPicker';
import { pickerPermission } from './permissions';

/** The English texts, for an app whose translation API has not loaded yet. */
const english: Record<string, string> = {
  'picker.denied':
    'You may not choose {{entity}}: it does not allow you {{permission}}.',
};

/**
 * Refuses, on Next/Review, a value the user may not act on (one typed in the
 * URL or left from before a permission changed), with the same decision as
 * the backend's: the field's permission on that entity.
 */
export function permittedEntityValidation(
  defaults: PickerDefaults,
): CustomFieldValidator<string, PermittedPickerOptions> {
  return async (value, field, { apiHolder, uiSchema, schema }) => {
    if (!value) return;
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
    const ref = fullRef(value, {
      defaultKind: options.defaultKind ?? defaults.defaultKind,
      defaultNamespace: options.defaultNamespace,
    });
    const permissionApi = apiHolder.get(permissionApiRef);
    const allowed =
      !!ref &&
      !!permissionApi &&
      (await permissionApi.authorize({ permission, resourceRef: ref }))
        .result === AuthorizeResult.ALLOW;
    if (allowed) return;
    const snapshot = apiHolder
      .get(translationApiRef)
      ?.getTranslation(pegaseTranslationRef);
    const vars = { entity: value, permission: permission.name };
    field.addError(
      snapshot?.ready
        ? snapshot.t('picker.denied', vars)
        : english['picker.denied']
            .replace('{{entity}}', vars.entity)
            .replace('{{permission}}', vars.permission),
    );
  };
}
