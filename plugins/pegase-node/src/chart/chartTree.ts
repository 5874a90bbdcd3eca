/*
 * The umbrella as Helm loads it, for enabledChartPaths: every chart under
 * `charts/` (folders and .tgz, at every depth, listed by a dependency or
 * not) with its values.yaml and its Chart.yaml `dependencies`.
 */
import type { ChartDependency, Problem } from '../model/types';
import type { HelmChartTree } from './enabledCharts';
import {
  readValues,
  type Candidate,
  type ChartMeta,
  type Env,
} from './chartFiles';
import { vendoredCharts } from './subCharts';
import { mapLimit } from '../util/concurrency';
import { problem } from '../util/parse';

/** Sub-chart levels read below the umbrella (Helm has no bound; a read has). */
export const MAX_CHART_DEPTH = 8;

type Values = Record<string, unknown>;

function node(
  meta: ChartMeta,
  values: Values,
  dependencies: ChartDependency[],
  charts: HelmChartTree[],
): HelmChartTree {
  const tree: HelmChartTree = {
    name: meta.name,
    version: meta.version,
    values,
    charts,
  };
  // Helm keeps every chart below a chart whose Chart.yaml lists none
  if (dependencies.length > 0) tree.dependencies = dependencies;
  return tree;
}

const hasVendored = (cand: Candidate) =>
  [...cand.dir.files].some(f => /^charts\/[^/]+(\/Chart\.yaml|\.tgz)$/.test(f));

async function subTree(
  cand: Candidate,
  env: Env,
  depth: number,
): Promise<HelmChartTree> {
  if (!cand.values) cand.values = readValues(cand.dir, env, 'warning');
  // an unreadable values.yaml is reported by whoever else reads it: no defaults
  const values = (await cand.values) ?? {};
  if (depth >= MAX_CHART_DEPTH) {
    if (hasVendored(cand)) {
      env.problems.push(
        problem(
          cand.meta.ctx,
          'warning',
          `chart '${cand.meta.name}' is nested ${depth} levels below the umbrella: the charts under its charts/ are not read (at most ${MAX_CHART_DEPTH} levels)`,
          { subject: cand.meta.name },
        ),
      );
    }
    return node(cand.meta, values, [], []);
  }
  const cands = await vendoredCharts(cand.dir, env);
  const charts = await childTrees(cands, env, depth + 1);
  return node(cand.meta, values, cand.meta.dependencies, charts);
}

function childTrees(
  cands: Candidate[],
  env: Env,
  depth: number,
): Promise<HelmChartTree[]> {
  return mapLimit(cands, env.options.concurrency ?? 64, c =>
    subTree(c, env, depth),
  );
}

/**
 * The umbrella's tree: `candidates` are the charts under its `charts/`, and
 * `chosen` the sub-charts its dependencies use (a `file://` folder is
 * counted as vendored, as `helm dependency build` packs it there). What goes
 * wrong below the first level (a broken nested Chart.yaml, an unreadable
 * archive) is a warning: the umbrella's entities do not depend on it.
 */
export async function umbrellaTree(
  meta: ChartMeta,
  values: Values,
  dependencies: ChartDependency[],
  candidates: Candidate[],
  chosen: Array<Candidate | undefined>,
  env: Env,
): Promise<HelmChartTree> {
  const all = [...candidates];
  // a file:// chart counts once: what charts/ holds is what Helm renders
  for (const c of chosen)
    if (c && !all.some(a => a === c || a.meta.name === c.meta.name))
      all.push(c);
  const problems: Problem[] = [];
  const nested: Env = { ...env, problems };
  const charts = await childTrees(all, nested, 1);
  env.problems.push(
    ...problems.map(p => ({ ...p, severity: 'warning' as const })),
  );
  return node(meta, values, dependencies, charts);
}
