import { useCallback } from 'react';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { pegaseTranslationRef } from '../translations';
import type { PickerFilter } from './catalogFilter';
import { noneMessage } from './messages';
import { pickerPermission } from './permissions';
import { usePermittedEntities } from './usePermittedEntities';
import { fullRef, type ValueFormat, valueOf, valuesOf } from './values';

/** The `ui:options` of the Pégase pickers. */
export type PermittedPickerOptions = {
  /** A resource permission of pegase-common, e.g. `pegase.instance.remove`. */
  permission?: string;
  /** EntityPicker's `catalogFilter`: one filter or a list, any may match. */
  catalogFilter?: PickerFilter | PickerFilter[];
  /** The kind of a value given without one (e.g. from the URL). */
  defaultKind?: string;
  /** The namespace of a value given without one. */
  defaultNamespace?: string;
  /** What the form keeps: the entity ref (default) or the entity name. */
  valueFormat?: ValueFormat;
};

/** What a picker variant fixes: the permission and filter when the template gives none. */
export type PickerDefaults = {
  permission?: string;
  catalogFilter: PickerFilter;
  defaultKind: string;
};

function label(entity: Entity, defaultKind: string): string {
  const title =
    entity.metadata.title ??
    (entity.spec?.profile as { displayName?: string } | undefined)?.displayName;
  const ref = humanizeEntityRef(entity, { defaultKind });
  return title && title !== entity.metadata.name ? `${title} (${ref})` : ref;
}

/**
 * An entity picker whose options are the catalog's matches on which the user
 * holds the field's permission: what the backend would refuse is not offered.
 * A field of `type: array` picks several.
 */
export function PermittedEntityPicker(
  props: FieldExtensionComponentProps<
    string | string[],
    PermittedPickerOptions
  > & {
    defaults: PickerDefaults;
  },
) {
  const {
    onChange,
    formData,
    required,
    rawErrors,
    schema,
    uiSchema,
    idSchema,
    defaults,
  } = props;
  const { t } = useTranslationRef(pegaseTranslationRef);
  const options = uiSchema?.['ui:options'] ?? {};
  const fieldName = schema.title ?? idSchema?.$id ?? 'picker';
  let permission;
  let configError: string | undefined;
  try {
    permission = pickerPermission(
      options.permission ?? defaults.permission,
      fieldName,
    );
  } catch (e) {
    configError = (e as Error).message;
  }
  const defaultKind = options.defaultKind ?? defaults.defaultKind;
  const { loading, error, entities, total } = usePermittedEntities(
    permission,
    options.catalogFilter,
    defaults.catalogFilter,
  );
  const multiple = schema.type === 'array';
  const format: ValueFormat = options.valueFormat ?? 'ref';
  const refDefaults = {
    defaultKind,
    defaultNamespace: options.defaultNamespace,
  };
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  const values = valuesOf(formData);
  const picked = values.map(v => byRef.get(fullRef(v, refDefaults) ?? ''));
  const selected = picked.filter((e): e is Entity => !!e);
  const refusedValues = values.filter((_, i) => !picked[i]);
  const refused =
    !loading && refusedValues.length > 0 && !configError && !error;
  const empty = !loading && !error && !configError && entities.length === 0;

  let helper: string | undefined = schema.description;
  if (configError) helper = configError;
  else if (error) helper = t('picker.loadError', { message: error.message });
  else if (loading) helper = t('picker.loading');
  // why nothing can be chosen comes before "required"
  else if (empty) helper = noneMessage(t, permission!.name);
  else if (rawErrors?.length) helper = rawErrors.join(' ');
  else if (refused)
    helper = t('picker.denied', {
      entity: refusedValues.join(', '),
      permission: permission!.name,
    });
  else if (entities.length < total)
    helper = [
      schema.description,
      t('picker.count', {
        count: entities.length,
        total: String(total),
      }),
    ]
      .filter(Boolean)
      .join(' — ');

  const onSelect = useCallback(
    (_: unknown, picks: Entity | Entity[] | null) => {
      if (Array.isArray(picks)) {
        onChange(picks.length ? picks.map(e => valueOf(e, format)) : undefined);
      } else onChange(picks ? valueOf(picks, format) : undefined);
    },
    [onChange, format],
  );

  return (
    <Autocomplete
      id={idSchema?.$id}
      multiple={multiple}
      options={entities}
      value={multiple ? selected : selected[0] ?? null}
      loading={loading}
      loadingText={t('picker.loading')}
      noOptionsText={t('picker.noOption')}
      disabled={!!configError || empty || uiSchema?.['ui:disabled'] === true}
      onChange={onSelect}
      getOptionLabel={e => label(e, defaultKind)}
      getOptionSelected={(a, b) =>
        stringifyEntityRef(a) === stringifyEntityRef(b)
      }
      renderInput={params => (
        <TextField
          {...params}
          label={schema.title}
          margin="dense"
          variant="outlined"
          required={required}
          error={
            !!configError || !!error || refused || (rawErrors?.length ?? 0) > 0
          }
          helperText={helper}
          FormHelperTextProps={{ role: 'status' } as object}
          InputProps={params.InputProps}
        />
      )}
    />
  );
}
