import { Entity } from '@backstage/catalog-model';

/**
 * Annotations of the Pégase entity model (ARCHITECTURE.md) that the cards read.
 * @public
 */
export const PEGASE_ANNOTATIONS = {
  university: 'pc-scol.fr/university',
  region: 'pc-scol.fr/region',
  usage: 'pc-scol.fr/usage',
  namespace: 'pc-scol.fr/namespace',
  cluster: 'pc-scol.fr/cluster',
  chartVersion: 'pc-scol.fr/chart-version',
  appVersion: 'pc-scol.fr/app-version',
  ttl: 'pc-scol.fr/ttl',
  subChart: 'pc-scol.fr/sub-chart',
  /** On an instance: JSON map entity name -> sub-chart version its umbrella version implies. */
  subChartVersions: 'pc-scol.fr/sub-chart-versions',
  disabledComponents: 'pc-scol.fr/disabled-components',
} as const;

/** `spec.type` of instance Resources. @public */
export const PEGASE_INSTANCE_TYPE = 'pegase-instance';

/** `spec.type` of cluster Resources. @public */
export const KUBERNETES_CLUSTER_TYPE = 'kubernetes-cluster';

const SUB_CHART_KINDS = ['component', 'resource'];

/**
 * True for a Pégase instance: a Resource of `spec.type: pegase-instance`.
 * @public
 */
export function isPegaseInstance(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === PEGASE_INSTANCE_TYPE
  );
}

/**
 * True for the entity of a sub-chart of the umbrella chart: a Component or a
 * Resource carrying `pc-scol.fr/sub-chart`.
 * @public
 */
export function isPegaseSubChart(entity: Entity): boolean {
  return (
    SUB_CHART_KINDS.includes(entity.kind.toLocaleLowerCase('en-US')) &&
    Boolean(entity.metadata.annotations?.[PEGASE_ANNOTATIONS.subChart]) &&
    !isPegaseInstance(entity)
  );
}

/** An annotation's value, or undefined when absent or blank. */
export function annotation(entity: Entity, key: string): string | undefined {
  const value = entity.metadata.annotations?.[key];
  return value && value.trim() !== '' ? value : undefined;
}

/**
 * Parses `pc-scol.fr/sub-chart-versions` (a JSON object of entity name ->
 * version). Returns undefined when the annotation is absent, and `'invalid'`
 * when it is not such an object.
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

/** Compares versions, newest first (numeric-aware, so 24.10.0 > 24.9.1). */
export function compareVersionsDesc(a: string, b: string): number {
  return b.localeCompare(a, 'en', { numeric: true, sensitivity: 'base' });
}
