import type { Entity } from '@backstage/catalog-model';

/** Name of the ArgoCD Application of an instance (= instance name). @public */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';
/** Config name of the ArgoCD that manages an instance (default: the first configured). @public */
export const ARGOCD_INSTANCE_ANNOTATION = 'pc-scol.fr/argocd-instance';
/** @public */
export const NAMESPACE_ANNOTATION = 'pc-scol.fr/namespace';
/** Umbrella version of an instance; sub-chart version of a component. @public */
export const CHART_VERSION_ANNOTATION = 'pc-scol.fr/chart-version';
/** @public */
export const APP_VERSION_ANNOTATION = 'pc-scol.fr/app-version';
/** @public */
export const REGION_ANNOTATION = 'pc-scol.fr/region';
/** @public */
export const USAGE_ANNOTATION = 'pc-scol.fr/usage';
/** @public */
export const UNIVERSITY_ANNOTATION = 'pc-scol.fr/university';
/** Workload name of a component (default: the entity name). @public */
export const WORKLOAD_ANNOTATION = 'pc-scol.fr/workload';
/** The sub-chart's own chart name. @public */
export const SUB_CHART_ANNOTATION = 'pc-scol.fr/sub-chart';
/** `spec.type` of instance Resources. @public */
export const PEGASE_INSTANCE_TYPE = 'pegase-instance';

/** True for a Pégase instance that has an ArgoCD Application. @public */
export function isArgocdInstanceEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === PEGASE_INSTANCE_TYPE &&
    Boolean(entity.metadata.annotations?.[ARGOCD_APP_NAME_ANNOTATION])
  );
}

/** True for a sub-chart entity (a component the instances run). @public */
export function isArgocdComponentEntity(entity: Entity): boolean {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return (
    (kind === 'component' || kind === 'resource') &&
    Boolean(entity.metadata.annotations?.[SUB_CHART_ANNOTATION])
  );
}

/** The workload name of a component entity. @public */
export function workloadOf(entity: Entity): string {
  return (
    entity.metadata.annotations?.[WORKLOAD_ANNOTATION] ?? entity.metadata.name
  );
}
