import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import useAsync from 'react-use/esm/useAsync';
import { authorizeEach } from './authorizeEach';
import { type PickerFilter, toCatalogFilter } from './catalogFilter';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.type',
  'spec.profile.displayName',
];

/** The state of a picker's options: the entities the user may choose. */
export type PermittedEntities = {
  loading: boolean;
  error?: Error;
  /** The catalog's matches the user holds the permission on, by ref. */
  entities: Entity[];
  /** How many matched the filter before the permission check. */
  total: number;
};

/**
 * Lists the catalog entities matching `filter` (EntityPicker's
 * `catalogFilter`), then keeps those on which the user holds `permission`.
 * No permission (a misconfigured field) lists nothing.
 */
export function usePermittedEntities(
  permission: ResourcePermission | undefined,
  filter: PickerFilter | PickerFilter[] | undefined,
  fallbackFilter: PickerFilter,
): PermittedEntities {
  const catalogApi = useApi(catalogApiRef);
  const permissionApi = useApi(permissionApiRef);
  const filterKey = JSON.stringify(filter ?? fallbackFilter);
  const { value, loading, error } = useAsync(async () => {
    if (!permission) return { entities: [], total: 0 };
    // page by page, as EntityPicker reads the catalog; each page's
    // decisions are asked before the next page is read
    const entities: Entity[] = [];
    let total = 0;
    for await (const page of catalogApi.streamEntities({
      filter: toCatalogFilter(filter, fallbackFilter),
      fields: FIELDS,
    })) {
      total += page.length;
      const allowed = await authorizeEach(
        permissionApi,
        permission,
        page.map(e => stringifyEntityRef(e)),
      );
      entities.push(...page.filter(e => allowed.has(stringifyEntityRef(e))));
    }
    entities.sort((a, b) =>
      stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
    );
    return { entities, total };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, permissionApi, permission?.name, filterKey]);
  return {
    loading,
    error,
    entities: value?.entities ?? [],
    total: value?.total ?? 0,
  };
}
