import type {
  ChartRelease,
  GitopsSnapshot,
  InstanceComponent,
  UmbrellaChart,
} from '../model/types';
import { deepMergeValues, isDependencyEnabled } from '../chart/conditions';

/** The instance fields the reading rule needs. @public */
export interface InstanceComponentsInput {
  /** Umbrella version; default the current chart's. */
  chartVersion?: string;
  /** Sub-chart names or aliases to leave out. */
  disabledComponents?: string[];
  /** The instance's values.yaml. */
  values?: Record<string, unknown>;
}

/**
 * Optional cache of the base values of each release, for callers resolving
 * many instances against one snapshot: `new WeakMap()`, kept by the caller.
 * @public
 */
export type ComponentsCache = WeakMap<ChartRelease, Record<string, unknown>>;

/** Result of {@link componentsOfInstance}. @public */
export interface InstanceComponentsResult {
  /** The release used; undefined when `chartVersion` is neither the current chart nor in index.yaml. */
  release?: ChartRelease;
  /** Entity names of the components it runs, in dependency order. */
  components: string[];
  componentVersions: InstanceComponent[];
  /** Entity name -> implied version (or the range when it cannot be resolved). */
  subChartVersions: Record<string, string>;
  /** `disabledComponents` entries that name no dependency of that version. */
  unknownDisabled: string[];
  /** Notes on conditions that resolved to a non-boolean value. */
  notes: string[];
}

/**
 * The reading rule: the umbrella dependencies of the instance's version
 * (current chart, else `charts/index.yaml`) whose condition/tags are true in
 * the umbrella values.yaml deep-merged with the instance's values.yaml (for
 * the current version the vendored sub-charts' own values.yaml come first,
 * under their key, as Helm coalesces them), minus `disabledComponents` (an
 * alias removes that dependency, a chart name every dependency of that chart).
 * @public
 */
export function componentsOfInstance(
  repo: Pick<GitopsSnapshot, 'chart' | 'releases'>,
  instance: InstanceComponentsInput,
  cache?: ComponentsCache,
): InstanceComponentsResult {
  const chart: UmbrellaChart | undefined = repo.chart;
  const version = instance.chartVersion ?? chart?.version;
  const release = repo.releases.find(r => r.version === version);
  const result: InstanceComponentsResult = {
    release,
    components: [],
    componentVersions: [],
    subChartVersions: {},
    unknownDisabled: [],
    notes: [],
  };
  if (!release) {
    result.unknownDisabled = [...(instance.disabledComponents ?? [])];
    return result;
  }
  let base = cache?.get(release);
  if (!base) {
    base = {};
    if (release.current && chart) {
      for (const s of chart.subCharts) {
        if (Object.keys(s.values).length > 0) base[s.entityName] = s.values;
      }
    }
    base = deepMergeValues(base, chart?.values ?? {});
    cache?.set(release, base);
  }
  const values =
    instance.values && Object.keys(instance.values).length > 0
      ? deepMergeValues(base, instance.values)
      : base;
  const disabled = new Set(instance.disabledComponents ?? []);
  const known = new Set<string>();
  for (const dep of release.dependencies) {
    known.add(dep.name);
    known.add(dep.entityName);
    if (disabled.has(dep.entityName) || disabled.has(dep.name)) continue;
    if (!isDependencyEnabled(dep, values, result.notes)) continue;
    result.components.push(dep.entityName);
    const c: InstanceComponent = {
      entityName: dep.entityName,
      chartName: dep.name,
      versionRange: dep.versionRange,
    };
    if (dep.version) c.version = dep.version;
    result.componentVersions.push(c);
    result.subChartVersions[dep.entityName] = dep.version ?? dep.versionRange;
  }
  result.unknownDisabled = [...disabled].filter(d => !known.has(d));
  return result;
}
