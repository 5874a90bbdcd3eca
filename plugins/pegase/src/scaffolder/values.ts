import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** How a picked entity is written in the form: its full ref, or its name. */
export type ValueFormat = 'ref' | 'name';

/** How values without a kind or namespace (typed in a URL, or names) are read. */
export type RefDefaults = { defaultKind: string; defaultNamespace?: string };

/** The full entity ref of a field value, or undefined if it is not one. */
export function fullRef(
  value: string | undefined,
  defaults: RefDefaults,
): string | undefined {
  if (!value) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(value, defaults));
  } catch {
    return undefined;
  }
}

/** The value the form keeps for an entity. */
export function valueOf(entity: Entity, format: ValueFormat): string {
  return format === 'name' ? entity.metadata.name : stringifyEntityRef(entity);
}

/** The values of a field, one or a list, without the empty ones. */
export function valuesOf(formData: unknown): string[] {
  const list = Array.isArray(formData) ? formData : [formData];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}
