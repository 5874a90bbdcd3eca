import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_INSTANCE_ANNOTATION,
} from '@pcscol/plugin-argocd-common';

/** The ArgoCD application of an instance entity. */
export function targetOf(entity: Entity) {
  const a = entity.metadata.annotations ?? {};
  return {
    appName: a[ARGOCD_APP_NAME_ANNOTATION] ?? entity.metadata.name,
    argocd: a[ARGOCD_INSTANCE_ANNOTATION] || undefined,
    entityRef: stringifyEntityRef(entity),
  };
}
