import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Fleet page (`/fleet`). @public */
export const fleetRouteRef = createRouteRef();
