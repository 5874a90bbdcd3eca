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

/** Chart versions whose instances fire an alert (comma-separated). @public */
export const ALERT_VERSIONS_ENV = 'PEGASE_STANDIN_ALERT_VERSIONS';
/** Interval (ms) between two reads of the declared versions from `gitopsDir`. @public */
export const EXPORTER_REFRESH_ENV = 'PEGASE_EXPORTER_REFRESH_MS';
/** The alert a version fires: critical, `for: 1m` (prometheus/rules.yml). @public */
export const VERSION_ALERT = 'PegaseDeploymentUnavailable';

/**
 * The component whose Deployment goes unavailable on an instance running an
 * alerting version: its first Spring Boot service (one alert per instance).
 */
export function versionAlertComponent(
  fleet: FleetSpec,
  instance: string,
): string | undefined {
  const inst = fleet.instances.find(i => i.name === instance);
  if (!inst) return undefined;
  return fleet.components.find(
    c => c.type === 'service' && !inst.disabled?.includes(c.name),
  )?.name;
}

/** An incident caused by the version an instance runs. */
export interface VersionIncident extends Incident {
  version: string;
}

/**
 * The version incidents at this moment: every instance whose running version
 * (`versions`) is one of `alertVersions`.
 */
export function versionIncidents(
  fleet: FleetSpec,
  versions: Record<string, string>,
  alertVersions: string[],
): VersionIncident[] {
  const out: VersionIncident[] = [];
  for (const inst of fleet.instances) {
    const version = versions[inst.name];
    if (!version || !alertVersions.includes(version)) continue;
    const component = versionAlertComponent(fleet, inst.name);
    if (component)
      out.push({
        alert: VERSION_ALERT,
        instance: inst.name,
        component,
        version,
      });
  }
  return out;
}

/** Series with the version incidents applied (replicas available drop to 0). */
export function applyVersionIncidents(
  series: SeriesDef[],
  incidents: VersionIncident[],
): SeriesDef[] {
  if (!incidents.length) return series;
  const hit = new Set(incidents.map(i => `${i.instance}/${i.component}`));
  return series.map(s =>
    s.name === 'kube_deployment_status_replicas_available' &&
    hit.has(`${s.instance}/${s.component}`)
      ? { ...s, value: () => 0 }
      : s,
  );
}

/** Options of {@link startMetricsExporter}. */
export interface MetricsExporterOptions extends StandInOptions {
  /** The fleet to expose; default: read from `gitopsDir`. */
  fleet?: FleetSpec;
  /** Incidents; default {@link incidentsOf}. */
  incidents?: Incident[];
  /**
   * Chart versions whose instances fire {@link VERSION_ALERT} while they run
   * them. Default `PEGASE_STANDIN_ALERT_VERSIONS`.
   */
  alertVersions?: string[];
  /**
   * Instance name -> the chart version it runs: the ArgoCD stand-in's live
   * state when both run in one process (start-all). Without it, the versions
   * the repository declares (`gitopsDir`, re-read every
   * `PEGASE_EXPORTER_REFRESH_MS`, default 5000).
   */
  liveVersions?: () => Record<string, string>;
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
  const alertVersions =
    options.alertVersions ??
    (process.env[ALERT_VERSIONS_ENV] ?? '')
      .split(',')
      .map(v => v.trim())
      .filter(Boolean);
  const refreshMs = Number(process.env[EXPORTER_REFRESH_ENV] ?? 5000);
  const declared = (f: FleetSpec) =>
    Object.fromEntries(
      f.instances.flatMap(i =>
        i.chartVersion ? [[i.name, i.chartVersion]] : [],
      ),
    );
  let repositoryVersions = declared(fleet);
  let readAt = Date.now();
  const versions = (): Record<string, string> => {
    if (options.liveVersions) return options.liveVersions();
    if (options.gitopsDir && Date.now() - readAt >= refreshMs) {
      readAt = Date.now();
      try {
        repositoryVersions = declared(readFleet(options.gitopsDir));
      } catch {
        // an unreadable folder: keep the last versions
      }
    }
    return repositoryVersions;
  };
  const current = () =>
    alertVersions.length
      ? versionIncidents(fleet, versions(), alertVersions)
      : [];
  return listen((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/metrics')) {
      const body = renderExposition(
        applyVersionIncidents(series, current()),
        Date.now() / 1000,
      );
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      });
      res.end(body);
    } else if (url.startsWith('/incidents')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          startedAt: t0,
          incidents,
          alertVersions,
          versionIncidents: current(),
        }),
      );
    } else if (url.startsWith('/healthz')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  }, options.port);
}
