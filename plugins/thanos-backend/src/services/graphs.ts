/*
 * One graph of an entity: picks the scope (across instances, or one
 * instance), ranks the instances once when there are more than the top k,
 * asks the querier (cached) and turns the matrix into labelled series.
 */
import { GraphResult, InstanceRef } from '@pcscol/plugin-thanos-common';
import { InputError, NotFoundError } from '@backstage/errors';
import { hiddenWarning, ResolvedEntity } from './EntityResolver';
import { buildGraphQuery } from './graphQuery';
import { isValidNamespace, queryWindow } from './promql';
import { Matrix, QuerierAnswer, QuerierError } from './QuerierClient';
import { QueryContext } from './QueryContext';
import { topQuery } from './templates';

/** What a graph request asks. @public */
export interface GraphRequest {
  graphId: string;
  rangeSeconds: number;
  instance?: string;
  querier?: string;
}

/** `GET .../graphs/:graphId` of a resolved entity. */
export async function queryGraph(
  ctx: QueryContext,
  r: ResolvedEntity,
  request: GraphRequest,
): Promise<GraphResult> {
  const template = r.graphs.find(t => t.id === request.graphId);
  if (!template)
    throw new NotFoundError(`no graph "${request.graphId}" for ${r.ref}`);
  const q = r.querier;
  const w = queryWindow(
    request.rangeSeconds,
    ctx.now(),
    q?.scrapeIntervalSeconds ?? 30,
  );
  const result: GraphResult = {
    id: template.id,
    title: template.title,
    unit: template.unit,
    start: w.start,
    end: w.end,
    step: w.step,
    series: [],
    warnings: [
      ...(r.invalidInstances.length
        ? [
            `instances skipped (invalid namespace): ${r.invalidInstances.join(
              ', ',
            )}`,
          ]
        : []),
      ...hiddenWarning(r),
    ],
  };
  if (!q) {
    result.error = 'no querier configured';
    return result;
  }
  let scope: 'fleet' | 'instance';
  let instance: InstanceRef | undefined;
  if (r.kind === 'instance') {
    scope = 'instance';
    instance = r.instances[0];
  } else if (request.instance) {
    instance = r.instances.find(i => i.name === request.instance);
    if (!instance)
      throw new InputError(
        `${request.instance} is not an instance of ${r.ref}`,
      );
    scope = 'instance';
  } else {
    scope = 'fleet';
    if (!r.instances.length) {
      result.warnings.push('no instance runs this component');
      return result;
    }
  }
  const client = ctx.clients.get(q.name)!;
  const ttl = ctx.config.cacheTtlSeconds;
  const k = ctx.config.topInstances;
  let answer: QuerierAnswer<Matrix>;
  let legend: string;
  try {
    let top: string[] | undefined;
    const rankWarnings: string[] = [];
    if (scope === 'fleet' && r.instances.length > k) {
      // rank the instances once over the range, then draw only the top k
      const all = buildGraphQuery(r, template, 'fleet', w).query;
      const ranking = topQuery(all, k, template.rank, w);
      const ranked = await ctx.cache.get(
        JSON.stringify(['rank', q.name, ranking, w.end]),
        ttl,
        () => client.query(ranking, w.end),
      );
      rankWarnings.push(...ranked.warnings);
      top = ranked.data.map(s => s.metric.namespace).filter(isValidNamespace);
    }
    const built = buildGraphQuery(r, template, scope, w, instance, top);
    legend = built.legend;
    if (q.uiUrl) {
      result.exploreUrl = `${q.uiUrl}/graph?g0.expr=${encodeURIComponent(
        built.query,
      )}&g0.tab=0&g0.range_input=${request.rangeSeconds}s`;
    }
    if (top && top.length === 0) {
      answer = { data: [], warnings: rankWarnings };
    } else {
      const ranged = await ctx.cache.get(
        JSON.stringify(['range', q.name, built.query, w.start, w.end, w.step]),
        ttl,
        () => client.queryRange(built.query, w.start, w.end, w.step),
      );
      answer = {
        data: ranged.data,
        warnings: [...rankWarnings, ...ranged.warnings],
      };
    }
  } catch (e) {
    if (e instanceof QuerierError) {
      result.error = e.message;
      return result;
    }
    throw e;
  }
  const byNamespace = new Map(r.instances.map(i => [i.namespace, i.name]));
  result.warnings.push(...answer.warnings);
  result.series = answer.data.map(s => {
    const key = s.metric[legend];
    const label =
      scope === 'fleet'
        ? byNamespace.get(key) ?? key ?? '?'
        : key ??
          (Object.entries(s.metric)
            .map(([name, v]) => `${name}=${v}`)
            .join(',') ||
            template.title);
    return {
      label,
      points: s.values.map(([t, v]) => {
        const n = Number(v);
        return [Number(t), Number.isFinite(n) ? n : null] as [
          number,
          number | null,
        ];
      }),
    };
  });
  result.series.sort((a, b) => a.label.localeCompare(b.label));
  return result;
}
