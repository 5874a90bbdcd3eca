import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';

/**
 * A function giving the catalog page of an entity ref, e.g.
 * `resource:default/uca-recette` -\> `/catalog/default/resource/uca-recette`;
 * undefined when the app mounts no catalog entity page.
 * @public
 */
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
