import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the state of ArgoCD Applications (overview, history, resource tree,
 * component fleet). Checked on every read route of `/api/argocd`.
 * @public
 */
export const argocdApplicationReadPermission = createPermission({
  name: 'argocd.application.read',
  attributes: { action: 'read' },
});

/** Start a sync of an Application. @public */
export const argocdApplicationSyncPermission = createPermission({
  name: 'argocd.application.sync',
  attributes: { action: 'update' },
});

/** Ask ArgoCD to refresh (re-compare) an Application. @public */
export const argocdApplicationRefreshPermission = createPermission({
  name: 'argocd.application.refresh',
  attributes: {},
});

/** Roll an Application back to a history entry. @public */
export const argocdApplicationRollbackPermission = createPermission({
  name: 'argocd.application.rollback',
  attributes: { action: 'update' },
});

/** Every permission of the ArgoCD plugins. @public */
export const argocdPermissions = [
  argocdApplicationReadPermission,
  argocdApplicationSyncPermission,
  argocdApplicationRefreshPermission,
  argocdApplicationRollbackPermission,
];
