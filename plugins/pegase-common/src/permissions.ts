import { createPermission } from '@backstage/plugin-permission-common';

/** Read the fleet views (home problems, `/fleet`, release diffs). @public */
export const pegaseFleetReadPermission = createPermission({
  name: 'pegase.fleet.read',
  attributes: { action: 'read' },
});

/** Upgrade or remove production instances through self-service. @public */
export const pegaseInstanceUpgradeProductionPermission = createPermission({
  name: 'pegase.instance.upgrade.production',
  attributes: { action: 'update' },
});

/**
 * Requesting anything for production usage (an instance, a DBaaS or a KaaS
 * cluster) through self-service. @public
 */
export const pegaseInstanceCreateProductionPermission = createPermission({
  name: 'pegase.instance.create.production',
  attributes: { action: 'create' },
});

/** The permissions of the Pégase fleet plugin. @public */
export const pegaseFleetPermissions = [
  pegaseFleetReadPermission,
  pegaseInstanceUpgradeProductionPermission,
];

/*
 * The self-service writes, each checked against the entity it touches
 * (resource permissions of the catalog's type `catalog-entity`, spelled here
 * so that the contract package needs no catalog dependency; the permission
 * module's tests check it is the catalog's type), so that a policy can grant
 * them with conditions on the owner, usage and region of that entity.
 */
const CATALOG_ENTITY = 'catalog-entity';

/**
 * Remove an instance from the GitOps repository (`pegase:instance:remove`),
 * checked against the instance. @public
 */
export const pegaseInstanceRemovePermission = createPermission({
  name: 'pegase.instance.remove',
  attributes: { action: 'delete' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Upgrade an instance (`pegase:fleet:upgrade`), checked against every
 * instance of the plan. @public
 */
export const pegaseInstanceUpgradePermission = createPermission({
  name: 'pegase.instance.upgrade',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Create an instance (`pegase:instance:create`), checked against its owner
 * group (the group entity). @public
 */
export const pegaseInstanceCreatePermission = createPermission({
  name: 'pegase.instance.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Request a DBaaS PostgreSQL cluster (`pegase:dbaas:create`), checked against
 * the entity it serves (the instance, whose values.yaml it changes). @public
 */
export const pegaseDbaasCreatePermission = createPermission({
  name: 'pegase.dbaas.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Request a KaaS Kafka cluster (`pegase:kaas:create`), checked against the
 * entity it serves (the instance, whose values.yaml it changes). @public
 */
export const pegaseKaasCreatePermission = createPermission({
  name: 'pegase.kaas.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Move a cluster add-on to another chart version (`pegase:addon:upgrade`),
 * checked against every add-on ApplicationSet and every cluster the change
 * touches. @public
 */
export const pegaseAddonUpgradePermission = createPermission({
  name: 'pegase.addon.upgrade',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** The permissions of the Pégase self-service actions (scaffolder module). @public */
export const pegaseSelfServicePermissions = [
  pegaseInstanceCreateProductionPermission,
  pegaseInstanceUpgradeProductionPermission,
  pegaseInstanceCreatePermission,
  pegaseInstanceRemovePermission,
  pegaseInstanceUpgradePermission,
  pegaseDbaasCreatePermission,
  pegaseKaasCreatePermission,
  pegaseAddonUpgradePermission,
];

/*
 * Rollouts (plugins/fleet-backend, issue 25): the quarterly upgrade as gated
 * waves. Reading is a basic permission; every write is checked against each
 * instance the rollout (or the wave) touches, so that a policy may let a
 * product team act on its own sandboxes only.
 */

/** Read the rollouts (list, one rollout, its events). @public */
export const pegaseRolloutReadPermission = createPermission({
  name: 'pegase.rollout.read',
  attributes: { action: 'read' },
});

/** Start a rollout, checked against every instance of its plan. @public */
export const pegaseRolloutStartPermission = createPermission({
  name: 'pegase.rollout.start',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/** Approve a wave that waits for it, checked against every instance of the wave. @public */
export const pegaseRolloutApprovePermission = createPermission({
  name: 'pegase.rollout.approve',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Pause, resume or abort a rollout, checked against every instance of it. @public */
export const pegaseRolloutManagePermission = createPermission({
  name: 'pegase.rollout.manage',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Roll a wave back, checked against every instance of the wave. @public */
export const pegaseRolloutRollbackPermission = createPermission({
  name: 'pegase.rollout.rollback',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** The rollout permissions (registered by the fleet backend). @public */
export const pegaseRolloutPermissions = [
  pegaseRolloutReadPermission,
  pegaseRolloutStartPermission,
  pegaseRolloutApprovePermission,
  pegaseRolloutManagePermission,
  pegaseRolloutRollbackPermission,
];
