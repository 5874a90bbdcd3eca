import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading metrics and alerts of a catalog entity through `/api/thanos`.
 * Checked on every route of the backend.
 *
 * @public
 */
export const thanosMetricsReadPermission = createPermission({
  name: 'thanos.metrics.read',
  attributes: { action: 'read' },
});

/** Every permission of the Thanos plugin. @public */
export const thanosPermissions = [thanosMetricsReadPermission];
