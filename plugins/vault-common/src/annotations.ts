import type { Entity } from '@backstage/catalog-model';
import {
  annotationOf,
  isPegaseInstance,
  isPegaseSubChart,
  PEGASE_ANNOTATIONS,
} from '@pcscol/plugin-pegase-common';

/*
 * The annotations the Vault plugins read are part of the Pégase entity
 * contract (@pcscol/plugin-pegase-common, docs/entity-model.md). The names
 * below are aliases of its keys, kept for the plugins' public API; new code
 * reads `PEGASE_ANNOTATIONS` directly.
 */

/** Alias of `PEGASE_ANNOTATIONS.vaultPath` (`pegase/<namespace>`). @public */
export const VAULT_PATH_ANNOTATION = PEGASE_ANNOTATIONS.vaultPath;
/** Alias of `PEGASE_ANNOTATIONS.namespace`. @public */
export const NAMESPACE_ANNOTATION = PEGASE_ANNOTATIONS.namespace;
/** Alias of `PEGASE_ANNOTATIONS.region` (chooses the Vault cluster). @public */
export const REGION_ANNOTATION = PEGASE_ANNOTATIONS.region;
/** Alias of `PEGASE_ANNOTATIONS.serviceAccount`. @public */
export const SERVICE_ACCOUNT_ANNOTATION = PEGASE_ANNOTATIONS.serviceAccount;
/** Alias of `PEGASE_ANNOTATIONS.subChart`. @public */
export const SUB_CHART_ANNOTATION = PEGASE_ANNOTATIONS.subChart;

/** A Pégase instance with a Vault path: the instance card and tab apply. @public */
export function isVaultInstance(entity: Entity): boolean {
  return (
    isPegaseInstance(entity) &&
    Boolean(annotationOf(entity, PEGASE_ANNOTATIONS.vaultPath))
  );
}

/** A sub-chart entity (Component or Resource): the component view applies. @public */
export function isVaultComponent(entity: Entity): boolean {
  return isPegaseSubChart(entity);
}
