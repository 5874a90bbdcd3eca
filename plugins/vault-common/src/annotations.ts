import type { Entity } from '@backstage/catalog-model';

/** `pegase/<namespace>`: the Vault path of an instance. @public */
export const VAULT_PATH_ANNOTATION = 'pc-scol.fr/vault-path';
/** Kubernetes namespace of an instance. @public */
export const NAMESPACE_ANNOTATION = 'pc-scol.fr/namespace';
/** Hosting region of an instance or cluster; chooses the Vault cluster. @public */
export const REGION_ANNOTATION = 'pc-scol.fr/region';
/** serviceAccount of a sub-chart's workloads (default: the entity name). @public */
export const SERVICE_ACCOUNT_ANNOTATION = 'pc-scol.fr/service-account';
/** The sub-chart of a component (present on every sub-chart entity). @public */
export const SUB_CHART_ANNOTATION = 'pc-scol.fr/sub-chart';

/** An instance with a Vault path: the instance card and tab apply. @public */
export function isVaultInstance(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    (entity.spec as { type?: unknown } | undefined)?.type ===
      'pegase-instance' &&
    Boolean(entity.metadata.annotations?.[VAULT_PATH_ANNOTATION])
  );
}

/** A sub-chart entity (component or resource): the component view applies. @public */
export function isVaultComponent(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[SUB_CHART_ANNOTATION]);
}
