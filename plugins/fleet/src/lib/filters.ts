import type {
  FleetInstance,
  FleetProblemKind,
} from '@pcscol/plugin-pegase-common';

/** The filters of the instances list, as they are kept in the URL. */
export interface FleetFilters {
  q?: string;
  region?: string;
  usage?: string;
  cluster?: string;
  version?: string;
  problem?: FleetProblemKind;
}

const KEYS = ['q', 'region', 'usage', 'cluster', 'version', 'problem'] as const;

/** Reads the filters from the page's search params (unknown params are ignored). */
export function filtersFromParams(params: URLSearchParams): FleetFilters {
  const out: FleetFilters = {};
  for (const key of KEYS) {
    const v = params.get(key)?.trim();
    if (v) (out as Record<string, string>)[key] = v;
  }
  return out;
}

/** Writes the filters into search params, keeping the others (the tab). */
export function filtersToParams(
  filters: FleetFilters,
  base: URLSearchParams,
): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const key of KEYS) {
    const v = filters[key];
    if (v) next.set(key, v);
    else next.delete(key);
  }
  return next;
}

/** The instances that pass every filter; `q` searches name, university, cluster and owner. */
export function applyFilters(
  instances: readonly FleetInstance[],
  filters: FleetFilters,
): FleetInstance[] {
  const q = filters.q?.toLocaleLowerCase('fr');
  return instances.filter(
    i =>
      (!filters.region || i.region === filters.region) &&
      (!filters.usage || i.usage === filters.usage) &&
      (!filters.cluster || i.cluster === filters.cluster) &&
      (!filters.version || i.chartVersion === filters.version) &&
      (!filters.problem || i.problems.includes(filters.problem)) &&
      (!q ||
        [i.name, i.university, i.cluster, i.owner].some(v =>
          v?.toLocaleLowerCase('fr').includes(q),
        )),
  );
}

/** The distinct values of one field, sorted, for a filter's options. */
export function distinct(
  instances: readonly FleetInstance[],
  field: 'region' | 'usage' | 'cluster' | 'chartVersion',
): string[] {
  return [
    ...new Set(instances.map(i => i[field]).filter((v): v is string => !!v)),
  ].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
