/*
 * The alerts of an entity: the firing and pending alerts of every querier,
 * kept when their labels name one of the entity's namespaces (and, for a
 * component, its workload).
 */
import { EntityAlert, EntityAlertsResult } from '@pcscol/plugin-thanos-common';
import { hiddenWarning, ResolvedEntity } from './EntityResolver';
import { AlertsData, QuerierError } from './QuerierClient';
import { QueryContext } from './QueryContext';

/** `GET .../alerts`: firing and pending alerts of a resolved entity, from every querier. */
export async function queryAlerts(
  ctx: QueryContext,
  r: ResolvedEntity,
): Promise<EntityAlertsResult> {
  const out: EntityAlertsResult = {
    configured: ctx.config.queriers.length > 0,
    alerts: [],
    warnings: hiddenWarning(r),
    errors: [],
  };
  const namespaces = new Map(r.instances.map(i => [i.namespace, i.name]));
  const workloadLabels = [
    'container',
    'deployment',
    'statefulset',
    'workload',
    'app_kubernetes_io_name',
    'app',
  ];
  const matches = (labels: Record<string, string>) => {
    if (!labels.namespace || !namespaces.has(labels.namespace)) return false;
    if (r.kind === 'instance') return true;
    return workloadLabels.some(l => labels[l] === r.workload);
  };
  await Promise.all(
    ctx.config.queriers.map(async q => {
      try {
        const answer = await ctx.cache.get(
          JSON.stringify(['alerts', q.name]),
          Math.min(15, ctx.config.cacheTtlSeconds),
          () => ctx.clients.get(q.name)!.alerts(),
        );
        out.warnings.push(...answer.warnings);
        for (const a of (answer.data as AlertsData).alerts ?? []) {
          if (
            (a.state !== 'firing' && a.state !== 'pending') ||
            !matches(a.labels ?? {})
          )
            continue;
          const alert: EntityAlert = {
            name: a.labels.alertname ?? '?',
            state: a.state,
            severity: a.labels.severity,
            summary: a.annotations?.summary,
            description: a.annotations?.description,
            namespace: a.labels.namespace,
            instance: namespaces.get(a.labels.namespace),
            activeAt: a.activeAt,
            value: a.value,
            labels: a.labels,
            querier: q.name,
            ...(q.uiUrl ? { url: `${q.uiUrl}/alerts` } : {}),
          };
          out.alerts.push(alert);
        }
      } catch (e) {
        if (e instanceof QuerierError) out.errors.push(e.message);
        else throw e;
      }
    }),
  );
  const rank = (a: EntityAlert) => (a.state === 'firing' ? 0 : 1);
  out.alerts.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.name.localeCompare(b.name) ||
      (a.instance ?? '').localeCompare(b.instance ?? ''),
  );
  return out;
}
