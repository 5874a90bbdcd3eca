/*
 * Query templates per component type. Placeholders are filled by
 * {@link renderTemplate} only, from values taken from catalog entities and
 * validated, as escaped PromQL literals.
 */
import { InputError } from '@backstage/errors';
import { MetricUnit } from '@pcscol/plugin-thanos-common';
import { promRegexOf, promString, regexEscape } from './promql';

/** One query template. @public */
export interface QueryTemplate {
  id: string;
  title: string;
  unit: MetricUnit;
  /** Component types, or `instance` for an instance's health page. */
  types: string[];
  /** For a component across instances: keeps a `namespace` label. */
  fleet?: string;
  /** For one instance. */
  instance?: string;
  /** Label naming a series of `instance` (default `pod`). */
  legend: string;
  rank: 'top' | 'bottom';
  source: 'default' | 'config';
}

const SPRING = ['service', 'connector'];
const DEPLOYMENTS = ['service', 'connector', 'website', 'tool'];
const STATEFUL = ['database', 'message-broker'];
const WORKLOADS = [...DEPLOYMENTS, ...STATEFUL];

const t = (
  id: string,
  title: string,
  unit: MetricUnit,
  types: string[],
  fleet: string | undefined,
  instance: string,
  legend = 'pod',
  rank: 'top' | 'bottom' = 'top',
): QueryTemplate => ({
  id,
  title,
  unit,
  types,
  fleet,
  instance,
  legend,
  rank,
  source: 'default',
});

const HTTP = 'http_server_requests_seconds';

/** The default templates, in display order. @public */
export const DEFAULT_TEMPLATES: QueryTemplate[] = [
  // Spring Boot backends and connectors (Micrometer)
  t(
    'http-request-rate',
    'HTTP request rate',
    'reqps',
    SPRING,
    `sum by (namespace) (rate(${HTTP}_count{namespace=~$namespaces, container=$workload, uri!~"/actuator.*"}[$window]))`,
    `sum by (uri) (rate(${HTTP}_count{namespace=$namespace, container=$workload, uri!~"/actuator.*"}[$window]))`,
    'uri',
  ),
  t(
    'http-5xx-ratio',
    'HTTP 5xx ratio',
    'ratio',
    SPRING,
    `sum by (namespace) (rate(${HTTP}_count{namespace=~$namespaces, container=$workload, status=~"5.."}[$window])) / sum by (namespace) (rate(${HTTP}_count{namespace=~$namespaces, container=$workload}[$window]))`,
    `sum by (pod) (rate(${HTTP}_count{namespace=$namespace, container=$workload, status=~"5.."}[$window])) / sum by (pod) (rate(${HTTP}_count{namespace=$namespace, container=$workload}[$window]))`,
  ),
  t(
    'http-p95-latency',
    'HTTP p95 latency',
    'seconds',
    SPRING,
    `histogram_quantile(0.95, sum by (namespace, le) (rate(${HTTP}_bucket{namespace=~$namespaces, container=$workload}[$window])))`,
    `histogram_quantile(0.95, sum by (uri, le) (rate(${HTTP}_bucket{namespace=$namespace, container=$workload}[$window])))`,
    'uri',
  ),
  t(
    'jvm-heap',
    'JVM heap used',
    'bytes',
    SPRING,
    `sum by (namespace) (avg_over_time(jvm_memory_used_bytes{namespace=~$namespaces, container=$workload, area="heap"}[$window]))`,
    `sum by (pod) (avg_over_time(jvm_memory_used_bytes{namespace=$namespace, container=$workload, area="heap"}[$window]))`,
  ),
  // every workload (cAdvisor, kube-state-metrics)
  t(
    'cpu',
    'CPU',
    'cores',
    WORKLOADS,
    'sum by (namespace) (rate(container_cpu_usage_seconds_total{namespace=~$namespaces, container=$workload}[$window]))',
    'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=$namespace, container=$workload}[$window]))',
  ),
  t(
    'memory',
    'Memory working set',
    'bytes',
    WORKLOADS,
    'sum by (namespace) (avg_over_time(container_memory_working_set_bytes{namespace=~$namespaces, container=$workload}[$window]))',
    'sum by (pod) (avg_over_time(container_memory_working_set_bytes{namespace=$namespace, container=$workload}[$window]))',
  ),
  t(
    'restarts',
    'Container restarts',
    'count',
    WORKLOADS,
    'sum by (namespace) (increase(kube_pod_container_status_restarts_total{namespace=~$namespaces, container=$workload}[$window]))',
    'sum by (pod) (increase(kube_pod_container_status_restarts_total{namespace=$namespace, container=$workload}[$window]))',
  ),
  t(
    'available-replicas',
    'Available replicas',
    'ratio',
    DEPLOYMENTS,
    'sum by (namespace) (avg_over_time(kube_deployment_status_replicas_available{namespace=~$namespaces, deployment=$workload}[$window])) / sum by (namespace) (avg_over_time(kube_deployment_spec_replicas{namespace=~$namespaces, deployment=$workload}[$window]))',
    'sum by (deployment) (avg_over_time(kube_deployment_status_replicas_available{namespace=$namespace, deployment=$workload}[$window])) / sum by (deployment) (avg_over_time(kube_deployment_spec_replicas{namespace=$namespace, deployment=$workload}[$window]))',
    'deployment',
    'bottom',
  ),
  t(
    'ready-replicas',
    'Ready replicas',
    'ratio',
    STATEFUL,
    'sum by (namespace) (avg_over_time(kube_statefulset_status_replicas_ready{namespace=~$namespaces, statefulset=$workload}[$window])) / sum by (namespace) (avg_over_time(kube_statefulset_replicas{namespace=~$namespaces, statefulset=$workload}[$window]))',
    'sum by (statefulset) (avg_over_time(kube_statefulset_status_replicas_ready{namespace=$namespace, statefulset=$workload}[$window])) / sum by (statefulset) (avg_over_time(kube_statefulset_replicas{namespace=$namespace, statefulset=$workload}[$window]))',
    'statefulset',
    'bottom',
  ),
  // PostgreSQL (postgres_exporter) and Kafka (kafka-exporter)
  t(
    'pg-connections',
    'PostgreSQL connections',
    'count',
    ['database'],
    'sum by (namespace) (avg_over_time(pg_stat_database_numbackends{namespace=~$namespaces, pod=~$workloadPods}[$window]))',
    'sum by (datname) (avg_over_time(pg_stat_database_numbackends{namespace=$namespace, pod=~$workloadPods}[$window]))',
    'datname',
  ),
  t(
    'pg-database-size',
    'PostgreSQL database size',
    'bytes',
    ['database'],
    'sum by (namespace) (avg_over_time(pg_database_size_bytes{namespace=~$namespaces, pod=~$workloadPods}[$window]))',
    'sum by (datname) (avg_over_time(pg_database_size_bytes{namespace=$namespace, pod=~$workloadPods}[$window]))',
    'datname',
  ),
  t(
    'kafka-consumer-lag',
    'Kafka consumer lag',
    'count',
    ['message-broker'],
    'sum by (namespace) (avg_over_time(kafka_consumergroup_lag{namespace=~$namespaces}[$window]))',
    'sum by (consumergroup) (avg_over_time(kafka_consumergroup_lag{namespace=$namespace}[$window]))',
    'consumergroup',
  ),
  // an instance's health (the instance page): top workloads
  t(
    'instance-cpu',
    'CPU by workload',
    'cores',
    ['instance'],
    undefined,
    'sum by (container) (rate(container_cpu_usage_seconds_total{namespace=$namespace, container!="", container!="POD"}[$window]))',
    'container',
  ),
  t(
    'instance-memory',
    'Memory by workload',
    'bytes',
    ['instance'],
    undefined,
    'sum by (container) (avg_over_time(container_memory_working_set_bytes{namespace=$namespace, container!="", container!="POD"}[$window]))',
    'container',
  ),
  t(
    'instance-restarts',
    'Restarts by workload',
    'count',
    ['instance'],
    undefined,
    'sum by (container) (increase(kube_pod_container_status_restarts_total{namespace=$namespace}[$window]))',
    'container',
  ),
  t(
    'instance-missing-replicas',
    'Missing replicas by deployment',
    'count',
    ['instance'],
    undefined,
    'sum by (deployment) (avg_over_time(kube_deployment_spec_replicas{namespace=$namespace}[$window])) - sum by (deployment) (avg_over_time(kube_deployment_status_replicas_available{namespace=$namespace}[$window]))',
    'deployment',
  ),
  t(
    'instance-http-request-rate',
    'HTTP request rate by workload',
    'reqps',
    ['instance'],
    undefined,
    `sum by (container) (rate(${HTTP}_count{namespace=$namespace, uri!~"/actuator.*"}[$window]))`,
    'container',
  ),
  t(
    'instance-http-5xx-ratio',
    'HTTP 5xx ratio by workload',
    'ratio',
    ['instance'],
    undefined,
    `sum by (container) (rate(${HTTP}_count{namespace=$namespace, status=~"5.."}[$window])) / sum by (container) (rate(${HTTP}_count{namespace=$namespace}[$window]))`,
    'container',
  ),
];

/** The values a template may use. Only these are ever interpolated. @public */
export interface TemplateValues {
  namespace?: string;
  namespaces?: string[];
  workload?: string;
  window: number;
}

const PLACEHOLDER = /\$(namespaces|namespace|workloadPods|workload|window)\b/g;

/** Placeholders a template text uses. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map(m => m[1]))];
}

/**
 * Fills a template. Every value becomes a PromQL string literal (or a
 * duration built from a number), so a value can never end the literal or add
 * PromQL. A placeholder without a value is an error.
 *
 * @public
 */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    switch (name) {
      case 'namespace':
        if (values.namespace === undefined) break;
        return promString(values.namespace);
      case 'namespaces':
        if (!values.namespaces?.length) break;
        return promRegexOf(values.namespaces);
      case 'workload':
        if (values.workload === undefined) break;
        return promString(values.workload);
      case 'workloadPods':
        if (values.workload === undefined) break;
        return promString(`${regexEscape(values.workload)}-.*`);
      case 'window':
        return `${Math.max(1, Math.round(values.window))}s`;
      default:
        break;
    }
    throw new InputError(
      `the template needs $${name}, which this entity does not provide`,
    );
  });
}

/**
 * Wraps a query so that only the `k` series with the highest (or lowest)
 * average over the whole range are kept, ranked once at the end of the range
 * (no series swapping from one step to the next).
 *
 * @public
 */
export function rankQuery(
  query: string,
  label: string,
  k: number,
  rank: 'top' | 'bottom',
  range: { start: number; end: number; step: number },
): string {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) {
    throw new InputError(`invalid legend label "${label}"`);
  }
  const span = range.end - range.start;
  const rankStep = Math.max(range.step, Math.ceil(span / 50));
  const fn = rank === 'bottom' ? 'bottomk' : 'topk';
  return `(${query}) and on (${label}) ${fn}(${Math.floor(
    k,
  )}, avg_over_time((${query})[${Math.max(span, rankStep)}s:${rankStep}s] @ ${
    range.end
  }))`;
}

/**
 * The instant query ranking the series of `query` by their average over the
 * whole range (evaluated at the end of the range): its answer names the `k`
 * series to draw, so the range query only asks for those.
 */
export function topQuery(
  query: string,
  k: number,
  rank: 'top' | 'bottom',
  range: { start: number; end: number; step: number },
): string {
  const span = range.end - range.start;
  const rankStep = Math.max(range.step, Math.ceil(span / 50));
  const fn = rank === 'bottom' ? 'bottomk' : 'topk';
  return `${fn}(${Math.floor(k)}, avg_over_time((${query})[${Math.max(
    span,
    rankStep,
  )}s:${rankStep}s]))`;
}
