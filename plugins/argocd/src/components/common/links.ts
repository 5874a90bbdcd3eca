import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';

/** A function giving the catalog page of an entity ref (undefined without the catalog's route). */
export function useEntityLink(): (ref: string) => string | undefined {
  const entityRoute = useRouteRef(entityRouteRef);
  return (ref: string) => {
    if (!entityRoute) return undefined;
    const { kind, namespace, name } = parseEntityRef(ref);
    return entityRoute({
      kind: kind.toLocaleLowerCase('en-US'),
      namespace,
      name,
    });
  };
}
