import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the architecture graph. The graph itself only holds what the catalog
 * lets the user read: this permission gates the page, the catalog's own
 * `catalog.entity.read` decides the nodes.
 * @public
 */
export const architectureReadPermission = createPermission({
  name: 'architecture.graph.read',
  attributes: { action: 'read' },
});

/** Every permission of the architecture plugins. @public */
export const architecturePermissions = [architectureReadPermission];
