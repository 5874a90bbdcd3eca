import type {
  ChartRelease,
  GitopsSnapshot,
  InstanceComponent,
  UmbrellaChart,
} from '../model/types';
import {
  deepMergeValues,
  isDependencyEnabledWith,
  lookupMerged,
} from '../chart/conditions';
import { renderedSubChartPaths } from '../chart/enabledCharts';

/** Names and aliases of the dependencies of each release, computed once. */
const knownNames = new WeakMap<ChartRelease, Set<string>>();

function namesOf(release: ChartRelease): Set<string> {
  let known = knownNames.get(release);
  if (!known) {
    known = new Set();
    for (const dep of release.dependencies) {
      known.add(dep.name);
      known.add(dep.entityName);
    }
    knownNames.set(release, known);
  }
  return known;
}

function lookupBase(values: Record<string, unknown>, segs: readonly string[]) {
  return lookupMerged(values, {}, segs);
}

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
  /**
   * Every chart Helm renders below the umbrella, as dotted paths of chart
   * names (aliases for aliased ones): `ins`, `ins.postgresql`, and charts
   * vendored under `charts/` that no dependency lists; minus the
   * `disabledComponents` and what is below them. Only for the current
   * version read with its charts (`chart.tree`): undefined otherwise.
   */
  charts?: string[];
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
  // conditions are looked up in base deep-merged with the instance values,
  // without building the merge for every instance
  const baseValues = base;
  const own = instance.values;
  const lookup =
    own && Object.keys(own).length > 0
      ? (segs: readonly string[]) => lookupMerged(baseValues, own, segs)
      : (segs: readonly string[]) => lookupBase(baseValues, segs);
  const disabled = new Set(instance.disabledComponents ?? []);
  const isDisabled = (dep: ChartRelease['dependencies'][number]) =>
    disabled.size > 0 &&
    (disabled.has(dep.entityName) || disabled.has(dep.name));
  const known = namesOf(release);
  // the current version read with its charts: Helm's whole rule, nested
  // sub-charts and unlisted vendored charts included (enabledCharts.ts)
  const tree = release.current ? chart?.tree : undefined;
  let rendered: Set<string> | undefined;
  let inTree: Set<string> | undefined;
  if (tree && chart) {
    const off =
      disabled.size > 0
        ? new Set(
            release.dependencies.filter(isDisabled).map(d => d.entityName),
          )
        : undefined;
    result.charts = renderedSubChartPaths(
      tree,
      own ?? {},
      result.notes,
      off,
    ).sort();
    rendered = new Set(result.charts);
    inTree = new Set(chart.subCharts.map(s => s.entityName));
  }
  for (const dep of release.dependencies) {
    if (isDisabled(dep)) continue;
    // a dependency whose chart is not vendored is decided on its own
    const on =
      rendered && inTree?.has(dep.entityName)
        ? rendered.has(dep.entityName)
        : isDependencyEnabledWith(dep, lookup, result.notes);
    if (!on) continue;
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
