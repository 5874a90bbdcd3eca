import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ARGOCD_APP_NAME_ANNOTATION, PEGASE_ANNOTATIONS } from './annotations';
import {
  ARGOCD_OBJECTS_NAMESPACE,
  KUBERNETES_CLUSTER_TYPE,
  PEGASE_ENTITY_TYPES,
  PEGASE_INSTANCE_TYPE,
} from './entityTypes';

const kindOf = (entity: Entity) => entity.kind.toLocaleLowerCase('en-US');
const typeOf = (entity: Entity) =>
  (entity.spec as { type?: unknown } | undefined)?.type;

/** An annotation's value, or undefined when absent or blank. @public */
export function annotationOf(entity: Entity, key: string): string | undefined {
  const value = entity.metadata.annotations?.[key];
  return value && value.trim() !== '' ? value : undefined;
}

/** True for a Pégase instance: a Resource of `spec.type: pegase-instance`. @public */
export function isPegaseInstance(entity: Entity): boolean {
  return (
    kindOf(entity) === 'resource' && typeOf(entity) === PEGASE_INSTANCE_TYPE
  );
}

/** True for a cluster: a Resource of `spec.type: kubernetes-cluster`. @public */
export function isPegaseCluster(entity: Entity): boolean {
  return (
    kindOf(entity) === 'resource' && typeOf(entity) === KUBERNETES_CLUSTER_TYPE
  );
}

/** True for a cluster add-on: a Resource of `spec.type: cluster-addon`. @public */
export function isClusterAddon(entity: Entity): boolean {
  return (
    kindOf(entity) === 'resource' &&
    typeOf(entity) === PEGASE_ENTITY_TYPES.clusterAddon
  );
}

/**
 * The Application generated for each cluster an add-on targets (its
 * `addon-applications` annotation): cluster entity name -\> Application name.
 * Empty when absent or not a JSON object of strings.
 * @public
 */
export function addonApplicationsOf(entity: Entity): Record<string, string> {
  return stringMapAnnotation(entity, PEGASE_ANNOTATIONS.addonApplications);
}

/**
 * The chart version an add-on declares for `cluster`: its override in the
 * `addon-versions` annotation, else the add-on's `chart-version`.
 * @public
 */
export function addonVersionOf(
  entity: Entity,
  cluster: string,
): string | undefined {
  return (
    stringMapAnnotation(entity, PEGASE_ANNOTATIONS.addonVersions)[cluster] ??
    annotationOf(entity, PEGASE_ANNOTATIONS.chartVersion)
  );
}

/** A JSON object of strings held in an annotation; empty when absent or malformed. */
function stringMapAnnotation(
  entity: Entity,
  key: string,
): Record<string, string> {
  const raw = annotationOf(entity, key);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return {};
    }
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    );
  } catch {
    return {};
  }
}

/** True for an ArgoCD ApplicationSet: a Resource of `spec.type: argocd-applicationset`. @public */
export function isApplicationSet(entity: Entity): boolean {
  return (
    kindOf(entity) === 'resource' &&
    typeOf(entity) === PEGASE_ENTITY_TYPES.applicationSet
  );
}

/** True for an ArgoCD app-of-apps: a Resource of `spec.type: argocd-app-of-apps`. @public */
export function isAppOfApps(entity: Entity): boolean {
  return (
    kindOf(entity) === 'resource' &&
    typeOf(entity) === PEGASE_ENTITY_TYPES.appOfApps
  );
}

/**
 * The entity ref of the ApplicationSet or app-of-apps named `name` in ArgoCD
 * (`resource:argocd/<name>`, {@link ARGOCD_OBJECTS_NAMESPACE}).
 * @public
 */
export function argocdObjectEntityRef(name: string): string {
  return stringifyEntityRef({
    kind: 'Resource',
    namespace: ARGOCD_OBJECTS_NAMESPACE,
    name,
  });
}

/** The entity ref of a cluster add-on (`resource:default/<name>`). @public */
export function clusterAddonEntityRef(name: string): string {
  return stringifyEntityRef({ kind: 'Resource', name });
}

/**
 * The names of an app-of-apps' children (its `app-of-apps-children`
 * annotation): the ApplicationSets and Applications under its path.
 * @public
 */
export function appOfAppsChildrenOf(entity: Entity): string[] {
  return (annotationOf(entity, PEGASE_ANNOTATIONS.appOfAppsChildren) ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

/**
 * True for the entity of a sub-chart of the umbrella chart: a Component or a
 * Resource carrying the `sub-chart` annotation.
 * @public
 */
export function isPegaseSubChart(entity: Entity): boolean {
  const kind = kindOf(entity);
  return (
    (kind === 'component' || kind === 'resource') &&
    Boolean(annotationOf(entity, PEGASE_ANNOTATIONS.subChart)) &&
    !isPegaseInstance(entity)
  );
}

/** True for an instance that names its ArgoCD Application. @public */
export function isArgocdManagedInstance(entity: Entity): boolean {
  return (
    isPegaseInstance(entity) &&
    Boolean(annotationOf(entity, ARGOCD_APP_NAME_ANNOTATION))
  );
}

/** Workload name of a component: its `workload` annotation, else its name. @public */
export function workloadOf(entity: Entity): string {
  return (
    annotationOf(entity, PEGASE_ANNOTATIONS.workload) ?? entity.metadata.name
  );
}

/** serviceAccount of a component: its `service-account` annotation, else its name. @public */
export function serviceAccountOf(entity: Entity): string {
  return (
    annotationOf(entity, PEGASE_ANNOTATIONS.serviceAccount) ??
    entity.metadata.name
  );
}

/** Entity names an instance disables (`disabled-components`). @public */
export function disabledComponentsOf(entity: Entity): string[] {
  return (annotationOf(entity, PEGASE_ANNOTATIONS.disabledComponents) ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

/**
 * Parses `sub-chart-versions` (a JSON object of entity name -\> version).
 * Returns undefined when the annotation is absent, and `'invalid'` when it is
 * not such an object.
 * @public
 */
export function parseSubChartVersions(
  value: string | undefined,
): Record<string, string> | 'invalid' | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return 'invalid';
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
    }
    return out;
  } catch {
    return 'invalid';
  }
}

/**
 * The entity refs an entity depends on (its `dependsOn` relations), split
 * into the instance's cluster and the rest. Works on a stored entity (with
 * `relations`) and, as a fallback, on `spec.dependsOn`.
 * @public
 */
export function dependsOnRefs(entity: Entity): string[] {
  const fromRelations = (entity.relations ?? [])
    .filter(r => r.type === RELATION_DEPENDS_ON)
    .map(r => r.targetRef);
  if (fromRelations.length > 0) return fromRelations;
  const spec = (entity.spec as { dependsOn?: unknown } | undefined)?.dependsOn;
  return Array.isArray(spec)
    ? spec
        .filter((r): r is string => typeof r === 'string')
        .flatMap(r => {
          try {
            return [stringifyEntityRef(parseEntityRef(r))];
          } catch {
            return []; // a dependsOn without a kind: the catalog rejects it too
          }
        })
    : [];
}

/** The cluster Resource ref of an instance, from its `cluster` annotation. @public */
export function instanceClusterRef(entity: Entity): string | undefined {
  const cluster = annotationOf(entity, PEGASE_ANNOTATIONS.cluster);
  return cluster ? `resource:default/${cluster}` : undefined;
}

/** Compares versions, newest first (numeric-aware, so 24.10.0 \> 24.9.1). @public */
export function compareVersionsDesc(a: string, b: string): number {
  return b.localeCompare(a, 'en', { numeric: true, sensitivity: 'base' });
}
