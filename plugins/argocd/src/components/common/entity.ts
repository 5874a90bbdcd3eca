import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { argocdTargetOf } from '@pcscol/plugin-argocd-common';
import { PEGASE_ENTITY_TYPES } from '@pcscol/plugin-pegase-common';
import type { ArgocdAppTarget } from '../../api/ArgocdApi';

/** The ArgoCD application of an instance entity, and the ArgoCD it names. */
export function targetOf(
  entity: Entity,
): ArgocdAppTarget & { argocd?: string } {
  const t = argocdTargetOf(entity);
  return {
    appName: t?.appName ?? entity.metadata.name,
    argocd: t?.argocdInstance,
    entityRef: stringifyEntityRef(entity),
  };
}

/**
 * An app-of-apps entity: a Resource of `spec.type: argocd-app-of-apps`; its
 * Application is its `argocd/app-name`, else its own name (the catalog
 * module emits it under its ArgoCD name).
 */
export function isArgocdAppOfAppsEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === PEGASE_ENTITY_TYPES.appOfApps
  );
}
