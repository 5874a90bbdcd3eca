import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/frontend-plugin-api';

/** The Fleet page (`/fleet`). @public */
export const fleetRouteRef = createRouteRef();

/**
 * A scaffolder template's page (`/create/templates/:namespace/:templateName`):
 * the "Remove a Pégase instance" link of expired sandboxes. Bound to the
 * scaffolder by default; without the scaffolder, the link is not shown.
 * @public
 */
export const selectedTemplateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
