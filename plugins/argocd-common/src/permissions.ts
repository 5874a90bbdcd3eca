import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/*
 * The ArgoCD permissions are resource permissions of type `catalog-entity`:
 * each check names the catalog entity (an instance, or a component for its
 * fleet) whose Application is read or acted on, so that a policy can answer
 * per entity, with the catalog's conditions (owner, annotation, spec.type...).
 */

/**
 * Read the state of an entity's ArgoCD Application (overview, history,
 * resource tree; a component's fleet and each of its rows). Checked on every
 * read route and read action of `/api/pegase-argocd`.
 * @public
 */
export const argocdApplicationReadPermission = createPermission({
  name: 'argocd.application.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Start a sync of an instance's Application. @public */
export const argocdApplicationSyncPermission = createPermission({
  name: 'argocd.application.sync',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Sync an instance's Application to a revision other than the one the GitOps
 * repository declares for it (its declared umbrella version): a hotfix or a
 * test of an unreleased chart. Without it, `argocd.application.sync` accepts
 * only the declared version, never a branch a request names. Ops holds it.
 * @public
 */
export const argocdApplicationSyncAnyRevisionPermission = createPermission({
  name: 'argocd.application.sync.any-revision',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Ask ArgoCD to refresh (re-compare) an instance's Application. @public */
export const argocdApplicationRefreshPermission = createPermission({
  name: 'argocd.application.refresh',
  attributes: {},
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Roll an instance's Application back to a history entry. @public */
export const argocdApplicationRollbackPermission = createPermission({
  name: 'argocd.application.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * See the ArgoCD read actions (`get-instance-status`, `get-component-status`)
 * in the actions registry (MCP tools). A basic permission, as the registry
 * wants; each answer is still checked with `argocd.application.read` against
 * the entity it is about.
 * @public
 */
export const argocdStatusActionsPermission = createPermission({
  name: 'argocd.status.actions',
  attributes: { action: 'read' },
});

/** Every permission of the ArgoCD plugins. @public */
export const argocdPermissions = [
  argocdApplicationReadPermission,
  argocdStatusActionsPermission,
  argocdApplicationSyncPermission,
  argocdApplicationSyncAnyRevisionPermission,
  argocdApplicationRefreshPermission,
  argocdApplicationRollbackPermission,
];
