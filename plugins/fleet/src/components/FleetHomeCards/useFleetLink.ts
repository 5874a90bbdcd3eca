import { useRouteRef } from '@backstage/frontend-plugin-api';
import { fleetRouteRef } from '../../routes';

/** The Fleet page's URL with these search params. */
export function useFleetLink(): (params?: Record<string, string>) => string {
  const fleetRoute = useRouteRef(fleetRouteRef);
  return params => {
    const base = fleetRoute?.() ?? '/fleet';
    const query = new URLSearchParams(params).toString();
    return query ? `${base}?${query}` : base;
  };
}
