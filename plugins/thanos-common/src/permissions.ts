import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading metrics and alerts of a catalog entity (an instance, or a
 * component across its instances) through `/api/pegase-thanos` and the
 * `get-firing-alerts` action. A resource permission of type
 * `catalog-entity`: every check names the entity of the route or of the
 * action's input, so that a policy can answer per entity, with the catalog's
 * conditions (owner, annotation, spec.type...).
 *
 * @public
 */
export const thanosMetricsReadPermission = createPermission({
  name: 'thanos.metrics.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * See the Thanos action (`get-firing-alerts`) in the actions registry (MCP
 * tools, the CLI). A basic permission, as the registry wants; each answer is
 * still checked with `thanos.metrics.read` against the entity it is about.
 *
 * @public
 */
export const thanosAlertsActionsPermission = createPermission({
  name: 'thanos.alerts.actions',
  attributes: { action: 'read' },
});

/** Every permission of the Thanos plugin. @public */
export const thanosPermissions = [
  thanosMetricsReadPermission,
  thanosAlertsActionsPermission,
];
