import { useRouteRef } from '@backstage/frontend-plugin-api';
import { fleetRouteRef, selectedTemplateRouteRef } from '../../routes';

/** The Fleet page's URL with these search params. */
export function useFleetLink(): (params?: Record<string, string>) => string {
  const fleetRoute = useRouteRef(fleetRouteRef);
  return params => {
    const base = fleetRoute?.() ?? '/fleet';
    const query = new URLSearchParams(params).toString();
    return query ? `${base}?${query}` : base;
  };
}

/** The template that removes an instance (templates/pegase-remove). */
const REMOVE_TEMPLATE = { namespace: 'default', templateName: 'pegase-remove' };

/**
 * The "Remove a Pégase instance" form filled with one instance, or
 * `undefined` when the app has no scaffolder.
 */
export function useRemoveInstanceLink():
  | ((entityRef: string) => string)
  | undefined {
  const templateRoute = useRouteRef(selectedTemplateRouteRef);
  if (!templateRoute) return undefined;
  return entityRef => {
    const formData = JSON.stringify({ instance: entityRef });
    return `${templateRoute(REMOVE_TEMPLATE)}?${new URLSearchParams({
      formData,
    })}`;
  };
}
