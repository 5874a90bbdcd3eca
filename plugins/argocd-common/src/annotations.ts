/*
 * The annotation keys the ArgoCD plugins read, as aliases of the Pégase entity
 * contract (`@pcscol/plugin-pegase-common`, docs/entity-model.md): this
 * package's public API keeps its names, the keys are spelled only there.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
  annotationOf,
  isArgocdManagedInstance,
  isPegaseSubChart,
  workloadOf,
} from '@pcscol/plugin-pegase-common';

export {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  PEGASE_INSTANCE_TYPE,
  workloadOf,
};

/** Config name of the ArgoCD that manages an instance (default: the first configured). @public */
export const ARGOCD_INSTANCE_ANNOTATION = PEGASE_ANNOTATIONS.argocdInstance;
/** @public */
export const NAMESPACE_ANNOTATION = PEGASE_ANNOTATIONS.namespace;
/** Umbrella version of an instance; sub-chart version of a component. @public */
export const CHART_VERSION_ANNOTATION = PEGASE_ANNOTATIONS.chartVersion;
/** @public */
export const APP_VERSION_ANNOTATION = PEGASE_ANNOTATIONS.appVersion;
/** @public */
export const REGION_ANNOTATION = PEGASE_ANNOTATIONS.region;
/** @public */
export const USAGE_ANNOTATION = PEGASE_ANNOTATIONS.usage;
/** @public */
export const UNIVERSITY_ANNOTATION = PEGASE_ANNOTATIONS.university;
/** Workload name of a component (default: the entity name). @public */
export const WORKLOAD_ANNOTATION = PEGASE_ANNOTATIONS.workload;
/** The sub-chart's own chart name. @public */
export const SUB_CHART_ANNOTATION = PEGASE_ANNOTATIONS.subChart;
/** On an instance: JSON map entity name -> sub-chart version its umbrella version implies. @public */
export const SUB_CHART_VERSIONS_ANNOTATION =
  PEGASE_ANNOTATIONS.subChartVersions;

/** True for a Pégase instance that has an ArgoCD Application. @public */
export function isArgocdInstanceEntity(entity: Entity): boolean {
  return isArgocdManagedInstance(entity);
}

/** True for a sub-chart entity (a component the instances run). @public */
export function isArgocdComponentEntity(entity: Entity): boolean {
  return isPegaseSubChart(entity);
}

/**
 * The ArgoCD Application an instance entity names (`argocd/app-name`, in the
 * namespace `argocd/app-namespace` names, if any) and the ArgoCD that manages it (the `argocd-instance` annotation, undefined for the
 * first configured one); undefined when the entity names no Application.
 * @public
 */
export function argocdTargetOf(
  entity: Entity,
):
  | { appName: string; argocdInstance?: string; appNamespace?: string }
  | undefined {
  const appName = annotationOf(entity, ARGOCD_APP_NAME_ANNOTATION);
  if (!appName) return undefined;
  const argocdInstance = annotationOf(entity, ARGOCD_INSTANCE_ANNOTATION);
  const appNamespace = annotationOf(entity, ARGOCD_APP_NAMESPACE_ANNOTATION);
  return {
    appName,
    ...(argocdInstance ? { argocdInstance } : {}),
    ...(appNamespace ? { appNamespace } : {}),
  };
}
