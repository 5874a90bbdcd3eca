/*
 * The PromQL of one graph: a template filled with values that come from the
 * resolved entity only (never from the request).
 */
import { InputError } from '@backstage/errors';
import { InstanceRef } from '@pcscol/plugin-thanos-common';
import { ResolvedEntity } from './EntityResolver';
import type { QueryWindow } from './promql';
import { QueryTemplate, rankQuery, renderTemplate } from './templates';

/** Builds the PromQL of one graph, and the label its legend uses. */
export function buildGraphQuery(
  r: ResolvedEntity,
  template: QueryTemplate,
  scope: 'fleet' | 'instance',
  window: QueryWindow,
  instance?: InstanceRef,
  topNamespaces?: string[],
): { query: string; legend: string } {
  if (scope === 'fleet') {
    if (!template.fleet)
      throw new InputError(
        `graph ${template.id} has no query across instances`,
      );
    const query = renderTemplate(template.fleet, {
      namespaces: topNamespaces ?? r.instances.map(i => i.namespace),
      workload: r.workload,
      window: window.window,
    });
    return { query, legend: 'namespace' };
  }
  if (!template.instance)
    throw new InputError(`graph ${template.id} has no query for one instance`);
  const base = renderTemplate(template.instance, {
    namespace: instance!.namespace,
    workload: r.workload,
    window: window.window,
  });
  const query =
    r.kind === 'instance'
      ? rankQuery(base, template.legend, 8, template.rank, window)
      : base;
  return { query, legend: template.legend };
}
