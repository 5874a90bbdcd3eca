import type {
  AddonCell,
  ClusterMatrixResponse,
  ClusterProblem,
  ClusterRow,
} from '@pcscol/plugin-pegase-common';

/** The Clusters view's filters, kept in the URL (`region`, `usage`, `clusterType`). */
export interface ClusterFilters {
  region?: string;
  usage?: string;
  clusterType?: string;
}

const KEYS = ['region', 'usage', 'clusterType'] as const;

/** The filters a URL holds. */
export function clusterFiltersFromParams(
  params: URLSearchParams,
): ClusterFilters {
  const f: ClusterFilters = {};
  for (const k of KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** The URL parameters with these filters (others kept). */
export function clusterFiltersToParams(
  f: ClusterFilters,
  params: URLSearchParams,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of KEYS) {
    if (f[k]) next.set(k, f[k]!);
    else next.delete(k);
  }
  return next;
}

/** The values of one cluster field, sorted, for a filter's options. */
export function valuesOf(
  clusters: ClusterRow[],
  key: keyof ClusterFilters,
): string[] {
  return [
    ...new Set(clusters.map(c => c[key]).filter((v): v is string => !!v)),
  ].sort();
}

/**
 * The matrix narrowed to the clusters the filters keep: their cells, and the
 * problems concerning them (a skew keeps its kept clusters only and is
 * dropped when they agree).
 */
export function filterMatrix(
  m: ClusterMatrixResponse,
  f: ClusterFilters,
): { clusters: ClusterRow[]; cells: AddonCell[]; problems: ClusterProblem[] } {
  const clusters = m.clusters.filter(
    c =>
      (!f.region || c.region === f.region) &&
      (!f.usage || c.usage === f.usage) &&
      (!f.clusterType || c.clusterType === f.clusterType),
  );
  const kept = new Set(clusters.map(c => c.name));
  const problems = m.problems.flatMap(p => {
    if (p.versions) {
      const versions = p.versions
        .map(v => ({ ...v, clusters: v.clusters.filter(c => kept.has(c)) }))
        .filter(v => v.clusters.length > 0);
      return versions.length > 1 ? [{ ...p, versions }] : [];
    }
    return p.cluster && kept.has(p.cluster) ? [p] : [];
  });
  return {
    clusters,
    cells: m.cells.filter(c => kept.has(c.cluster)),
    problems,
  };
}
