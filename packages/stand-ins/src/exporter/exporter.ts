/*
 * The small live exporter Prometheus scrapes in the demo and the tests: the
 * series of ./series.ts at the current time (so they continue the backfilled
 * ones), plus a few incidents that start when the exporter starts and make the
 * alerting rules of prometheus/rules.yml fire (backfilled data never does).
 */
import { listen } from '../listen';
import { RunningStandIn, StandInOptions } from '../types';
import {
  FleetSpec,
  SeriesDef,
  escapeLabelValue,
  fleetSeries,
  readFleet,
} from './series';

/** One incident: what it changes, where. */
export interface Incident {
  /** Alert it should raise (prometheus/rules.yml). */
  alert: string;
  instance: string;
  component: string;
}

/**
 * The incidents of a fleet: on its first instances (sorted by name), so that
 * the demo always has firing and pending alerts to show.
 */
export function incidentsOf(fleet: FleetSpec): Incident[] {
  const inst = (i: number) => fleet.instances[i % fleet.instances.length]?.name;
  const has = (c: string) => fleet.components.some(x => x.name === c);
  const out: Incident[] = [];
  if (!fleet.instances.length) return out;
  if (has('pai'))
    out.push({
      alert: 'PegaseDeploymentUnavailable',
      instance: inst(0),
      component: 'pai',
    });
  if (has('connecteur-parcoursup'))
    out.push({
      alert: 'PegaseContainerRestarting',
      instance: inst(1),
      component: 'connecteur-parcoursup',
    });
  if (has('ins')) {
    out.push({
      alert: 'PegaseHighErrorRate',
      instance: inst(2),
      component: 'ins',
    });
    out.push({
      alert: 'PegaseSlowResponses',
      instance: inst(0),
      component: 'ins',
    });
  }
  if (has('kafka'))
    out.push({
      alert: 'PegaseKafkaConsumerLag',
      instance: inst(3),
      component: 'kafka',
    });
  return out;
}

function applyIncidents(
  series: SeriesDef[],
  incidents: Incident[],
  t0: number,
): SeriesDef[] {
  return series.map(s => {
    const hit = incidents.filter(
      i => i.instance === s.instance && i.component === s.component,
    );
    let value = s.value;
    for (const inc of hit) {
      const prev = value;
      const since = (t: number) => Math.max(0, t - t0);
      if (
        inc.alert === 'PegaseDeploymentUnavailable' &&
        s.name === 'kube_deployment_status_replicas_available'
      ) {
        value = () => 0;
      } else if (
        inc.alert === 'PegaseContainerRestarting' &&
        s.name === 'kube_pod_container_status_restarts_total'
      ) {
        value = t => prev(t) + Math.floor(since(t) / 20);
      } else if (
        inc.alert === 'PegaseHighErrorRate' &&
        s.name === 'http_server_requests_seconds_count' &&
        s.labels.status === '500'
      ) {
        value = t => prev(t) + since(t) * 25;
      } else if (
        inc.alert === 'PegaseSlowResponses' &&
        s.name === 'http_server_requests_seconds_bucket' &&
        s.labels.le !== '+Inf'
      ) {
        // from now on, requests are slow: the buckets under 1s stop growing
        value = t => prev(Math.min(t, t0));
      } else if (
        inc.alert === 'PegaseKafkaConsumerLag' &&
        s.name === 'kafka_consumergroup_lag'
      ) {
        value = t => prev(t) + 5000 + since(t);
      }
    }
    return value === s.value ? s : { ...s, value };
  });
}

/** Prometheus text exposition (0.0.4) of series at time `t`. */
export function renderExposition(series: SeriesDef[], t: number): string {
  const byName = new Map<string, SeriesDef[]>();
  for (const s of series) {
    const list = byName.get(s.name) ?? [];
    list.push(s);
    byName.set(s.name, list);
  }
  const lines: string[] = [];
  for (const [name, list] of byName) {
    lines.push(`# HELP ${name} ${list[0].help}`);
    lines.push(`# TYPE ${name} ${list[0].type}`);
    for (const s of list) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
        .join(',');
      lines.push(`${name}{${labels}} ${s.value(t)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Options of {@link startMetricsExporter}. */
export interface MetricsExporterOptions extends StandInOptions {
  /** The fleet to expose; default: read from `gitopsDir`. */
  fleet?: FleetSpec;
  /** Incidents; default {@link incidentsOf}. */
  incidents?: Incident[];
}

/** Starts the exporter: `GET /metrics`, `GET /incidents` (JSON), `GET /healthz`. */
export async function startMetricsExporter(
  options: MetricsExporterOptions,
): Promise<RunningStandIn> {
  const fleet =
    options.fleet ??
    (options.gitopsDir
      ? readFleet(options.gitopsDir)
      : { instances: [], components: [] });
  const incidents = options.incidents ?? incidentsOf(fleet);
  const t0 = Date.now() / 1000;
  const series = applyIncidents(fleetSeries(fleet), incidents, t0);
  return listen((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/metrics')) {
      const body = renderExposition(series, Date.now() / 1000);
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      });
      res.end(body);
    } else if (url.startsWith('/incidents')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ startedAt: t0, incidents }));
    } else if (url.startsWith('/healthz')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  }, options.port);
}
