import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Architecture page (`/architecture`). @public */
export const architectureRouteRef = createRouteRef();
