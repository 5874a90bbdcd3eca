import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  PermittedEntityPicker,
  type PermittedPickerOptions,
  type PickerDefaults,
} from './PermittedEntityPicker';
import { permittedEntityValidation } from './validation';

type PickerProps = FieldExtensionComponentProps<
  string | string[],
  PermittedPickerOptions
>;

const instanceDefaults: PickerDefaults = {
  catalogFilter: { kind: 'Resource' },
  defaultKind: 'Resource',
};

/** Creation is checked on the owner group: the groups the user may create for. */
const ownerDefaults: PickerDefaults = {
  permission: 'pegase.instance.create',
  catalogFilter: { kind: 'Group' },
  defaultKind: 'Group',
};

/** The entities (by default every Resource) on which the user holds `ui:options.permission`. */
export function PegaseInstancePicker(props: PickerProps) {
  return <PermittedEntityPicker {...props} defaults={instanceDefaults} />;
}

/** The groups for which the user may create an instance. */
export function PegaseOwnerPicker(props: PickerProps) {
  return <PermittedEntityPicker {...props} defaults={ownerDefaults} />;
}

/** Validators of the two fields (exported for their tests). */
export const validateInstancePick = permittedEntityValidation(instanceDefaults);
export const validateOwnerPick = permittedEntityValidation(ownerDefaults);

/*
 * createFormField types its props from zod schemas; these fields declare
 * their options in TypeScript (PermittedPickerOptions) and in the README, so
 * the casts only bridge the two spellings of the same props.
 */

/**
 * `ui:field: PegaseInstancePicker`: the catalog entities (by default every
 * Resource; narrow with `catalogFilter`) on which the user holds
 * `ui:options.permission`. The value is the chosen entity's ref.
 * @alpha
 */
export const pegaseInstancePickerField = createFormField({
  name: 'PegaseInstancePicker',
  component: PegaseInstancePicker as any,
  validation: validateInstancePick as any,
});

/**
 * `ui:field: PegaseOwnerPicker`: the groups for which the user may create an
 * instance (`pegase.instance.create` on the group). The value is the group's ref.
 * @alpha
 */
export const pegaseOwnerPickerField = createFormField({
  name: 'PegaseOwnerPicker',
  component: PegaseOwnerPicker as any,
  validation: validateOwnerPick as any,
});
