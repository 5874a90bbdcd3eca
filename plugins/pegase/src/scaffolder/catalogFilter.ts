import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { EntityFilterQuery } from '@backstage/catalog-client';

/** One filter of `ui:options.catalogFilter`, as EntityPicker takes it. */
export type PickerFilter = Record<string, string | string[] | { exists: true }>;

/**
 * The catalog query of `ui:options.catalogFilter` (one filter or a list,
 * any of which may match), with EntityPicker's spelling: a value, a list of
 * values, or `{ exists: true }`.
 */
export function toCatalogFilter(
  filter: PickerFilter | PickerFilter[] | undefined,
  fallback: PickerFilter,
): EntityFilterQuery {
  const given = filter ?? fallback;
  const list = Array.isArray(given) ? given : [given];
  return list.map(one =>
    Object.fromEntries(
      Object.entries(one).map(([key, value]) => [
        key,
        typeof value === 'object' && !Array.isArray(value)
          ? CATALOG_FILTER_EXISTS
          : value,
      ]),
    ),
  );
}
