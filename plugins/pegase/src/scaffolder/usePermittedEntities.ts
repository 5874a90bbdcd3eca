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
    const { items } = await catalogApi.getEntities({
      filter: toCatalogFilter(filter, fallbackFilter),
      fields: FIELDS,
    });
    const allowed = await authorizeEach(
      permissionApi,
      permission,
      items.map(e => stringifyEntityRef(e)),
    );
    return {
      entities: items.filter(e => allowed.has(stringifyEntityRef(e))),
      total: items.length,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, permissionApi, permission?.name, filterKey]);
  return {
    loading,
    error,
    entities: value?.entities ?? [],
    total: value?.total ?? 0,
  };
}
