import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { argocdTargetOf } from '@pcscol/plugin-argocd-common';
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
