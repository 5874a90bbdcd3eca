/**
 * The shapes `/api/pegase-thanos` answers (the frontend never sees upstream objects).
 */

import {
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
} from '@pcscol/plugin-pegase-common';

/** Where a graph is looked at from. @public */
export type MetricsScope =
  /** A component across its instances (top instances by the metric). */
  | 'fleet'
  /** A component in one instance, or an instance's own health. */
  | 'instance';

/** Unit of a metric, for axis formatting. @public */
export type MetricUnit =
  | 'cores'
  | 'bytes'
  | 'percent'
  | 'ratio'
  | 'seconds'
  | 'reqps'
  | 'count'
  | 'short';

/** One graph that can be drawn for an entity. @public */
export interface GraphDescriptor {
  /** Template id, e.g. `http-request-rate`. */
  id: string;
  /** Default English title (the frontend translates the known ids). */
  title: string;
  unit: MetricUnit;
  /** Where the template comes from. */
  source: 'default' | 'config' | 'annotation';
}

/** One instance of a component (a `pegase-instance` Resource depending on it). @public */
export interface InstanceRef {
  /** Entity name of the instance. */
  name: string;
  namespace: string;
  title?: string;
}

/** A link to an external UI (Grafana, Thanos). @public */
export interface ExternalLink {
  kind: 'grafana' | 'thanos';
  url: string;
  title: string;
}

/** What the metrics views of an entity can show. @public */
export interface EntityMetricsInfo {
  /** `component` (metrics across instances) or `instance` (health of one instance). */
  kind: 'component' | 'instance';
  /** False when no querier is configured: the cards say so. */
  configured: boolean;
  /** Querier names configured (the first is the default). */
  queriers: string[];
  /** How many instances the graphs across instances show. */
  topInstances: number;
  graphs: GraphDescriptor[];
  /** For a component: the instances running it (the ones the user may read). */
  instances: InstanceRef[];
  /** For a component: instances running it that the user may not read (left out). */
  hiddenInstances?: number;
  links: ExternalLink[];
  /** Workload label value used (the `workload` annotation), for a component. */
  workload?: string;
  /** Namespace (the `namespace` annotation), for an instance. */
  namespace?: string;
}

/** One point: unix seconds and value (null: no sample). @public */
export type MetricPoint = [number, number | null];

/** One series of a graph. @public */
export interface MetricSeries {
  /** Legend: the instance, pod, uri... */
  label: string;
  points: MetricPoint[];
}

/** The answer for one graph. @public */
export interface GraphResult {
  id: string;
  title: string;
  unit: MetricUnit;
  /** Range actually queried (unix seconds) and the step (seconds). */
  start: number;
  end: number;
  step: number;
  series: MetricSeries[];
  /** Thanos/Prometheus warnings (partial responses...): shown, never fatal. */
  warnings: string[];
  /** A clear error for this graph only (timeout, querier down, bad answer). */
  error?: string;
  /** The same query in the Thanos/Prometheus UI, when `uiUrl` is configured. */
  exploreUrl?: string;
}

/** One active alert of an entity. @public */
export interface EntityAlert {
  name: string;
  state: 'firing' | 'pending';
  severity?: string;
  summary?: string;
  description?: string;
  /** Namespace (instance) the alert is about. */
  namespace?: string;
  /** Instance entity name when known. */
  instance?: string;
  activeAt?: string;
  value?: string;
  labels: Record<string, string>;
  /** Querier (config `name`) the alert comes from. */
  querier?: string;
  /** The alerts page of that querier's UI, when its `uiUrl` is configured. */
  url?: string;
}

/** Alerts of an entity, per querier. @public */
export interface EntityAlertsResult {
  configured: boolean;
  alerts: EntityAlert[];
  warnings: string[];
  /** Querier that failed, with why (other queriers still answered). */
  errors: string[];
}

/** Time ranges the views offer (seconds). @public */
export const TIME_RANGES: Record<string, number> = {
  '1h': 3600,
  '6h': 6 * 3600,
  '24h': 24 * 3600,
  '7d': 7 * 86400,
  '30d': 30 * 86400,
};

/** Maximum points of one series (the step is chosen from the range). @public */
export const MAX_POINTS = 500;

/** Annotation of an instance: its Kubernetes namespace (`PEGASE_ANNOTATIONS.namespace`). @public */
export const NAMESPACE_ANNOTATION = PEGASE_ANNOTATIONS.namespace;
/** Annotation of a component: the `app.kubernetes.io/name` of its workloads (`PEGASE_ANNOTATIONS.workload`). @public */
export const WORKLOAD_ANNOTATION = PEGASE_ANNOTATIONS.workload;
/**
 * Annotation adding or overriding graphs (`PEGASE_ANNOTATIONS.thanosGraphs`):
 * a comma-separated list of template ids (`jvm-heap,http-p95-latency`) to
 * show, in that order. `-<id>` hides one. Templates themselves are never
 * taken from entities.
 * @public
 */
export const GRAPHS_ANNOTATION = PEGASE_ANNOTATIONS.thanosGraphs;
/** Annotation naming the querier to use for the entity (config `name`; `PEGASE_ANNOTATIONS.thanosQuerier`). @public */
export const QUERIER_ANNOTATION = PEGASE_ANNOTATIONS.thanosQuerier;
/** Entity type of an instance (a Resource; `PEGASE_INSTANCE_TYPE`). @public */
export const INSTANCE_TYPE = PEGASE_INSTANCE_TYPE;
