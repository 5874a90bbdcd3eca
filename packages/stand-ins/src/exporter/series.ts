/*
 * The metric series of the demo fleet, as kube-state-metrics, cAdvisor,
 * Micrometer (Spring Boot), postgres_exporter and kafka-exporter name them
 * (reference/infrastructure-apis.md §6). Every value is a pure function of
 * time, so the OpenMetrics backfill (prometheus/backfill.ts) and the live
 * exporter (./exporter.ts) write the same series and the live samples continue
 * the backfilled ones. Only the live exporter applies the "incidents" that make
 * alerting rules fire (backfilled data never fires an alert).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Component types (the `pc-scol.fr/component-type` annotation). */
export type DemoComponentType =
  | 'service'
  | 'connector'
  | 'website'
  | 'tool'
  | 'database'
  | 'message-broker';

/** One component the demo metrics cover. */
export interface FleetComponent {
  /** Entity name. */
  name: string;
  type: DemoComponentType;
  /** `pc-scol.fr/workload`: container, deployment and pod prefix. */
  workload: string;
}

/** One instance the demo metrics cover. */
export interface FleetInstance {
  name: string;
  namespace: string;
  /** Entity names it does not run. */
  disabled?: string[];
  /** The umbrella chart version it declares (`chartVersion` of its instance.json). */
  chartVersion?: string;
}

/** What the metrics are generated for. */
export interface FleetSpec {
  instances: FleetInstance[];
  components: FleetComponent[];
}

/**
 * The components whose graphs the demo fills: four Spring Boot backends, a
 * connector, a frontend, the PostgreSQL and Kafka servers (57 x 50 instances
 * of 7 days would be far more data than a demo needs).
 */
export const DEMO_COMPONENTS: FleetComponent[] = [
  { name: 'ref', type: 'service', workload: 'ref' },
  { name: 'ins', type: 'service', workload: 'ins' },
  { name: 'coc', type: 'service', workload: 'coc' },
  { name: 'pai', type: 'service', workload: 'pai' },
  {
    name: 'connecteur-parcoursup',
    type: 'connector',
    workload: 'connecteur-parcoursup',
  },
  { name: 'ins-web', type: 'website', workload: 'ins-web-nginx' },
  { name: 'postgresql', type: 'database', workload: 'postgresql-primary' },
  { name: 'kafka', type: 'message-broker', workload: 'kafka' },
];

/** The component that gets 30 days of history (the others: 7 days). */
export const LONG_HISTORY_COMPONENT = 'ins';

/** One sample series: metric name, labels, kind and value function. */
export interface SeriesDef {
  name: string;
  type: 'counter' | 'gauge';
  help: string;
  labels: Record<string, string>;
  /** Value at unix time `t` (seconds). */
  value(t: number): number;
  /** Component entity name it belongs to. */
  component: string;
  /** Instance entity name it belongs to. */
  instance: string;
}

const DAY = 86400;

/**
 * How long a deployment's daily dip lasts. Not a rolling update: with the
 * default strategy (maxSurge 25 % rounded up, maxUnavailable 25 % rounded
 * down: Kubernetes docs, concepts/workloads/controllers/deployment.md,
 * "Max Unavailable" / "Max Surge") a Deployment of two replicas never loses
 * one while it rolls. A pod evicted by a node drain does, until it is ready
 * elsewhere. The dip is shorter than the `for: 1m` of
 * PegaseDeploymentUnavailable (prometheus/rules.yml) less one 15 s scrape,
 * so that the alert goes pending and never fires. A dip of 20 minutes made
 * every deployment of two replicas fire a critical alert 20 minutes a day,
 * which failed a rollout's gate at some hours and not at others (a healthy
 * instance must pass its gate whatever the time of day). @public
 */
export const REPLICA_DIP_SECONDS = 30;

/** Small deterministic hash in [0, 1). */
export function unitHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return ((h >>> 0) % 100000) / 100000;
}

/**
 * A rate with a daily cycle (busy days, quiet nights) and a 3-hour wobble,
 * and its exact integral (the counter), so counters are smooth and monotonic.
 */
function cyclic(base: number, seed: string) {
  const phase = unitHash(seed) * 2 * Math.PI;
  const a = 0.6;
  const b = 0.15;
  const w1 = (2 * Math.PI) / DAY;
  const w2 = (2 * Math.PI) / (3 * 3600);
  return {
    rate: (t: number) =>
      base *
      (1 + a * Math.sin(w1 * t + phase) + b * Math.sin(w2 * t + 2 * phase)),
    total: (t: number) =>
      base *
        (t -
          (a / w1) * Math.cos(w1 * t + phase) -
          (b / w2) * Math.cos(w2 * t + 2 * phase)) -
      base * 1.6e9 +
      base * 1e5,
  };
}

/** Pod name of a workload in an instance (stable). */
export function podName(instance: string, workload: string, i = 0): string {
  const h = Math.floor(unitHash(`${instance}/${workload}`) * 1e9).toString(36);
  return `${workload}-${h.padStart(6, 'x').slice(0, 6)}-${i}`;
}

const isSpring = (c: FleetComponent) =>
  c.type === 'service' || c.type === 'connector';

/** Latency bucket bounds (seconds) of `http_server_requests_seconds_bucket`. */
export const LATENCY_BUCKETS = ['0.05', '0.1', '0.25', '0.5', '1', '+Inf'];

/** All series of one component in one instance. */
export function seriesOf(
  inst: FleetInstance,
  comp: FleetComponent,
): SeriesDef[] {
  const ns = inst.namespace;
  const w = comp.workload;
  const pod = podName(inst.name, w);
  const key = `${inst.name}/${comp.name}`;
  const size = 0.5 + unitHash(`${key}/size`) * 1.5; // instance size factor
  const out: SeriesDef[] = [];
  const base = { component: comp.name, instance: inst.name };
  const podLabels = {
    namespace: ns,
    pod,
    container: w,
    instance: 'demo-exporter',
  };

  const cpu = cyclic((isSpring(comp) ? 0.25 : 0.05) * size, `${key}/cpu`);
  out.push({
    ...base,
    name: 'container_cpu_usage_seconds_total',
    type: 'counter',
    help: 'Cumulative cpu time consumed in seconds (cAdvisor).',
    labels: { ...podLabels, job: 'cadvisor' },
    value: cpu.total,
  });
  let baseMemory = 120e6;
  if (isSpring(comp)) baseMemory = 900e6;
  else if (comp.type === 'database') baseMemory = 1.6e9;
  const mem = baseMemory * size;
  const memCycle = cyclic(1, `${key}/mem`);
  out.push({
    ...base,
    name: 'container_memory_working_set_bytes',
    type: 'gauge',
    help: 'Current working set in bytes (cAdvisor).',
    labels: { ...podLabels, job: 'cadvisor' },
    value: t => Math.round(mem * (0.85 + 0.1 * memCycle.rate(t))),
  });
  const restartsPerDay = [0, 0, 0, 0, 0.5, 2][
    Math.floor(unitHash(`${key}/rs`) * 6)
  ];
  out.push({
    ...base,
    name: 'kube_pod_container_status_restarts_total',
    type: 'counter',
    help: 'The number of container restarts per container (kube-state-metrics).',
    labels: { ...podLabels, job: 'kube-state-metrics' },
    value: t => Math.floor((Math.max(0, t - 1.7e9) / DAY) * restartsPerDay),
  });
  const replicas = isSpring(comp) ? 2 : 1;
  const ksm = {
    namespace: ns,
    job: 'kube-state-metrics',
    instance: 'demo-exporter',
  };
  if (comp.type === 'database' || comp.type === 'message-broker') {
    out.push({
      ...base,
      name: 'kube_statefulset_replicas',
      type: 'gauge',
      help: 'Number of desired pods for a StatefulSet (kube-state-metrics).',
      labels: { ...ksm, statefulset: w },
      value: () => replicas,
    });
    out.push({
      ...base,
      name: 'kube_statefulset_status_replicas_ready',
      type: 'gauge',
      help: 'The number of ready replicas per StatefulSet (kube-state-metrics).',
      labels: { ...ksm, statefulset: w },
      value: () => replicas,
    });
  } else {
    out.push({
      ...base,
      name: 'kube_deployment_spec_replicas',
      type: 'gauge',
      help: 'Number of desired pods for a deployment (kube-state-metrics).',
      labels: { ...ksm, deployment: w },
      value: () => replicas,
    });
    // once a day, at a time hashed from its name, a deployment of several
    // replicas loses one for REPLICA_DIP_SECONDS
    const dipAt = unitHash(`${key}/dip`) * DAY;
    out.push({
      ...base,
      name: 'kube_deployment_status_replicas_available',
      type: 'gauge',
      help: 'The number of available replicas per deployment (kube-state-metrics).',
      labels: { ...ksm, deployment: w },
      value: t =>
        Math.abs((t % DAY) - dipAt) < REPLICA_DIP_SECONDS / 2 && replicas > 1
          ? replicas - 1
          : replicas,
    });
  }

  if (isSpring(comp)) {
    const app = { ...podLabels, job: 'pegase-apps', method: 'GET' };
    const rps = 2 + unitHash(`${key}/rps`) * 20 * size;
    const okA = cyclic(rps * 0.7, `${key}/a`);
    const okB = cyclic(rps * 0.3, `${key}/b`);
    const err = cyclic(
      rps * 0.004 * (1 + unitHash(`${key}/err`) * 3),
      `${key}/e`,
    );
    const uriA = `/api/v1/${comp.name}/ressources`;
    const uriB = `/api/v1/${comp.name}/ressources/{id}`;
    const count = (uri: string, status: string, fn: (t: number) => number) =>
      out.push({
        ...base,
        name: 'http_server_requests_seconds_count',
        type: 'counter',
        help: 'Duration of HTTP server request handling (Micrometer).',
        labels: {
          ...app,
          uri,
          status,
          outcome: status.startsWith('5') ? 'SERVER_ERROR' : 'SUCCESS',
          exception: 'none',
        },
        value: fn,
      });
    count(uriA, '200', okA.total);
    count(uriB, '200', okB.total);
    count(uriA, '500', err.total);
    // latency distribution of uriA: share of requests under each bound
    const slow = 0.6 + unitHash(`${key}/lat`) * 0.8;
    const shares = [0.5, 0.8, 0.95, 0.985, 0.997, 1].map(s => s ** slow);
    LATENCY_BUCKETS.forEach((le, i) =>
      out.push({
        ...base,
        name: 'http_server_requests_seconds_bucket',
        type: 'counter',
        help: 'Duration of HTTP server request handling (Micrometer).',
        labels: {
          ...app,
          uri: uriA,
          status: '200',
          outcome: 'SUCCESS',
          exception: 'none',
          le,
        },
        value: t => okA.total(t) * shares[i],
      }),
    );
    const heapMax = 1024 * 1024 * 1024 * (size > 1 ? 2 : 1);
    const gc = 20 * 60; // sawtooth: a GC cycle every 20 min
    const jvm = {
      ...podLabels,
      job: 'pegase-apps',
      area: 'heap',
      id: 'G1 Old Gen',
    };
    out.push({
      ...base,
      name: 'jvm_memory_used_bytes',
      type: 'gauge',
      help: 'The amount of used memory (Micrometer).',
      labels: jvm,
      value: t => Math.round(heapMax * (0.35 + 0.3 * ((t % gc) / gc))),
    });
    out.push({
      ...base,
      name: 'jvm_memory_max_bytes',
      type: 'gauge',
      help: 'The maximum amount of memory that can be used (Micrometer).',
      labels: jvm,
      value: () => heapMax,
    });
  }

  if (comp.type === 'database') {
    const conn = cyclic(20 * size, `${key}/pg`);
    out.push({
      ...base,
      name: 'pg_stat_database_numbackends',
      type: 'gauge',
      help: 'Number of backends currently connected to this database (postgres_exporter).',
      labels: {
        namespace: ns,
        pod,
        datname: 'pegase',
        job: 'postgres-exporter',
        instance: 'demo-exporter',
      },
      value: t => Math.round(conn.rate(t)),
    });
    out.push({
      ...base,
      name: 'pg_database_size_bytes',
      type: 'gauge',
      help: 'Disk space used by the database (postgres_exporter).',
      labels: {
        namespace: ns,
        pod,
        datname: 'pegase',
        job: 'postgres-exporter',
        instance: 'demo-exporter',
      },
      value: t => Math.round(5e9 * size + (t % (30 * DAY)) * 400 * size),
    });
  }
  if (comp.type === 'message-broker') {
    for (const group of ['outbox-relay', 'notification']) {
      const lag = cyclic(40 * size, `${key}/${group}`);
      out.push({
        ...base,
        name: 'kafka_consumergroup_lag',
        type: 'gauge',
        help: 'Current approximate lag of a consumer group at topic/partition (kafka-exporter).',
        labels: {
          namespace: ns,
          consumergroup: group,
          topic: 'ins.inscription-validee',
          partition: '0',
          job: 'kafka-exporter',
          instance: 'demo-exporter',
        },
        value: t => Math.max(0, Math.round(lag.rate(t))),
      });
    }
  }
  return out;
}

/** Every series of a fleet. */
export function fleetSeries(fleet: FleetSpec): SeriesDef[] {
  const out: SeriesDef[] = [];
  for (const inst of fleet.instances) {
    for (const comp of fleet.components) {
      if (inst.disabled?.includes(comp.name)) continue;
      out.push(...seriesOf(inst, comp));
    }
  }
  return out;
}

/** Escapes a label value for the text exposition formats. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** `name{a="b",...}` */
export function seriesKey(s: {
  name: string;
  labels: Record<string, string>;
}): string {
  const labels = Object.entries(s.labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
  return `${s.name}{${labels}}`;
}

function walk(dir: string, found: string[]) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, found);
    else if (e.name === 'instance.json') found.push(p);
  }
}

/**
 * The fleet of a GitOps repository folder (the demo one): its instances
 * (`instances/**\/instance.json`, arrays included, namespace defaulting to the
 * name) and the demo components, with `pc-scol.fr/workload` read from their
 * sub-chart's Chart.yaml when set there.
 */
export function readFleet(
  gitopsDir: string,
  options?: { maxInstances?: number; components?: FleetComponent[] },
): FleetSpec {
  const files: string[] = [];
  walk(path.join(gitopsDir, 'instances'), files);
  const instances: FleetInstance[] = [];
  for (const f of files.sort()) {
    try {
      const parsed = JSON.parse(fs.readFileSync(f, 'utf8'));
      for (const i of Array.isArray(parsed) ? parsed : [parsed]) {
        if (!i || typeof i.name !== 'string') continue;
        instances.push({
          name: i.name,
          namespace: typeof i.namespace === 'string' ? i.namespace : i.name,
          disabled: Array.isArray(i.disabledComponents)
            ? i.disabledComponents
            : [],
          ...(typeof i.chartVersion === 'string'
            ? { chartVersion: i.chartVersion }
            : {}),
        });
      }
    } catch {
      // a bad file is the catalog's business; the metrics skip it
    }
  }
  instances.sort((a, b) => a.name.localeCompare(b.name));
  const components = (options?.components ?? DEMO_COMPONENTS).map(c => {
    const chartYaml = path.join(
      gitopsDir,
      'charts/pegase/charts',
      c.name,
      'Chart.yaml',
    );
    if (!fs.existsSync(chartYaml)) return c;
    const m = fs
      .readFileSync(chartYaml, 'utf8')
      .match(/pc-scol\.fr\/workload:\s*["']?([A-Za-z0-9._-]+)/);
    return m ? { ...c, workload: m[1] } : c;
  });
  return {
    instances: instances.slice(0, options?.maxInstances ?? instances.length),
    components,
  };
}

/** A synthetic fleet (tests, bench): `count` instances named `univ-<i>`. */
export function syntheticFleet(
  count: number,
  components: FleetComponent[] = DEMO_COMPONENTS,
  prefix = 'univ',
): FleetSpec {
  return {
    instances: Array.from({ length: count }, (_, i) => ({
      name: `${prefix}-${String(i).padStart(4, '0')}`,
      namespace: `${prefix}-${String(i).padStart(4, '0')}`,
    })),
    components,
  };
}
