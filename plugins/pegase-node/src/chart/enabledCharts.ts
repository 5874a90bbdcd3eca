/*
 * Which charts of a chart tree Helm renders for given values: the rule of
 * processDependencyEnabled in Helm's pkg/chart/v2/util/dependencies.go
 * (v4.2.4), learned from its tests (dependencies_test.go, testdata/subpop).
 */
import type { ChartDependency } from '../model/types';
import {
  deepMergeValues,
  isDependencyEnabledWith,
  type HelmValues,
} from './conditions';
import { satisfies } from './dependencies';
import {
  lookupCursor,
  mergedCursor,
  plainCursor,
  type ValuesCursor,
} from './valuesCursor';

/**
 * A chart as Helm loads it: its values.yaml, its Chart.yaml `dependencies`
 * (undefined when Chart.yaml has none) and the charts vendored under its
 * `charts/` (folders and `.tgz` alike).
 * @public
 */
export interface HelmChartTree {
  name: string;
  version?: string;
  values?: HelmValues;
  dependencies?: Array<
    Pick<ChartDependency, 'name' | 'alias' | 'conditions' | 'tags'> & {
      versionRange?: string;
    }
  >;
  charts?: HelmChartTree[];
}

type Dep = NonNullable<HelmChartTree['dependencies']>[number];

function matches(dep: Dep, chart: HelmChartTree): boolean {
  if (chart.name !== dep.name) return false;
  if (!dep.versionRange || !chart.version) return true;
  return satisfies(chart.version, dep.versionRange);
}

/*
 * Children and defaults are computed once per chart node (callers resolve
 * many instances against one tree): the alias copies made here are kept, so
 * their defaults are cached too. Trees are read-only.
 */
const rawDefaults = new WeakMap<HelmChartTree, HelmValues>();
const levelChildren = new WeakMap<HelmChartTree, HelmChartTree[]>();
const levelDefaults = new WeakMap<HelmChartTree, HelmValues>();

/** A chart's defaults as loaded: its values.yaml over its sub-charts' under their names. */
function defaultsOf(chart: HelmChartTree): HelmValues {
  let d = rawDefaults.get(chart);
  if (!d) {
    d = mergedDefaults(chart, chart.charts ?? []);
    rawDefaults.set(chart, d);
  }
  return d;
}

function mergedDefaults(chart: HelmChartTree, charts: HelmChartTree[]) {
  const subs: HelmValues = {};
  for (const c of charts) {
    const d = defaultsOf(c);
    if (Object.keys(d).length > 0) subs[c.name] = d;
  }
  return deepMergeValues(subs, chart.values ?? {});
}

/**
 * The sub-charts Helm processes under a chart with a `dependencies` list:
 * the charts under `charts/` no dependency names (always kept), then one per
 * dependency that finds its chart (name and version range), named by alias.
 */
function childrenOf(chart: HelmChartTree, deps: Dep[]): HelmChartTree[] {
  let children = levelChildren.get(chart);
  if (!children) {
    children = (chart.charts ?? []).filter(c => !deps.some(d => matches(d, c)));
    for (const d of deps) {
      const c = (chart.charts ?? []).find(x => matches(d, x));
      if (c) children.push(d.alias ? { ...c, name: d.alias } : c);
    }
    levelChildren.set(chart, children);
  }
  return children;
}

/** This level's defaults: its values.yaml over its processed sub-charts' (aliases) defaults. */
function levelDefaultsOf(chart: HelmChartTree, children: HelmChartTree[]) {
  let d = levelDefaults.get(chart);
  if (!d) {
    d = mergedDefaults(chart, children);
    levelDefaults.set(chart, d);
  }
  return d;
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

function allPaths(chart: HelmChartTree, path: string, out: string[]) {
  if (path) out.push(path);
  for (const c of chart.charts ?? []) allPaths(c, join(path, c.name), out);
}

function visit(
  chart: HelmChartTree,
  path: string,
  prefix: readonly string[],
  incoming: ValuesCursor,
  out: string[],
  notes: string[] | undefined,
  skip?: ReadonlySet<string>,
) {
  // Helm leaves a chart without a `dependencies` list, and all below it, as loaded
  if (!chart.dependencies) {
    allPaths(chart, path, out);
    return;
  }
  if (path) out.push(path);
  const deps = chart.dependencies;
  const children = childrenOf(chart, deps);
  // the incoming values over this chart's own defaults, at the top (as Helm)
  const values = mergedCursor(levelDefaultsOf(chart, children), incoming);
  const off = new Set<string>(skip);
  for (const d of deps) {
    const name = d.alias ?? d.name;
    if (off.has(name)) continue;
    const on = isDependencyEnabledWith(
      d,
      segs => lookupCursor(values, segs),
      notes,
      prefix,
    );
    if (!on) off.add(name);
  }
  for (const c of children) {
    if (off.has(c.name)) continue;
    visit(c, join(path, c.name), [...prefix, c.name], values, out, notes);
  }
}

/**
 * The dotted paths (`parent.sub.subsub`, alias names) of the charts Helm
 * renders from `chart` with the user's `values`, sorted: a dependency is
 * disabled by its tags/conditions read in the coalesced values, a nested one's
 * conditions under its parents' names; a disabled chart takes its sub-charts
 * with it; charts under `charts/` without a dependency entry are kept.
 * Non-boolean tags and condition values are reported in `notes`.
 * @public
 */
export function enabledChartPaths(
  chart: HelmChartTree,
  values: HelmValues = {},
  notes?: string[],
): string[] {
  const out: string[] = [];
  visit(chart, chart.name, [], plainCursor(values), out, notes);
  return out.sort();
}

/**
 * {@link enabledChartPaths} below the root (paths without its name, in no
 * order), leaving out the root's dependencies named in `skip` (by alias,
 * else name) and all below them, their conditions unread.
 */
export function renderedSubChartPaths(
  chart: HelmChartTree,
  values: HelmValues,
  notes?: string[],
  skip?: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  visit(chart, '', [], plainCursor(values), out, notes, skip);
  return out;
}
