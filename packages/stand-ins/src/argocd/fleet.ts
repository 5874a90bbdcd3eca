/*
 * The live state the ArgoCD stand-in serves (test and dev code only): one
 * Application per instance of a GitOps snapshot, with its sources, sync and
 * health, resource tree and history, and a deterministic scenario per name
 * (a few degraded, progressing, out of sync or missing). One file because it
 * is one concept, the shape of an ArgoCD Application built from the repository.
 */
import { createHash } from 'node:crypto';
import type {
  ClusterDefinition,
  GitopsSnapshot,
  ResolvedInstance,
  SubChart,
} from '@pcscol/plugin-pegase-node';

/*
 * Derives the ArgoCD Applications of a GitOps repository the way the
 * `pegase-instances` ApplicationSet would (one multi-source Application per
 * instance), with live state spread realistically: mostly Healthy/Synced, a few
 * Degraded, Progressing, OutOfSync and Missing; history and resource trees.
 * Everything is deterministic (hash of the instance name).
 */

/** Helm repository of the umbrella chart (first source). @public */
export const PEGASE_CHART_REPO = 'https://charts.pc-scol.fr/pegase';
/** Git repository of the values (`$values` source). @public */
export const GITOPS_VALUES_REPO =
  'https://gitlab.pc-scol.fr/stack-ng/pegase-gitops.git';
/** Image registry of the workloads. @public */
export const IMAGE_REGISTRY = 'registry.pc-scol.fr/pegase';

/** Reference time of the generated timestamps. */
const REFERENCE_TIME = Date.parse('2026-11-24T08:00:00Z');
const USERS = ['admin', 'j.martin', 'c.dubois', 'ops-bot', 's.bernard'];

export type Json = Record<string, any>;

/** A live Application of the stand-in, with its tree. @public */
export interface StandInApplication {
  app: Json;
  /** All nodes of the resource tree. */
  nodes: Json[];
  /** ArgoCD config name that manages it (its cluster's `argocd` field). */
  argocd?: string;
}

export function hashOf(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0);
}

export function shaOf(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function uid(text: string): string {
  const h = shaOf(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function suffix(text: string, length: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = hashOf(text);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length) + hashOf(`${text}${i}`);
  }
  return out;
}

type Scenario =
  | 'healthy'
  | 'degraded'
  | 'progressing'
  | 'outofsync'
  | 'missing';

/** The scenario of an instance: ~3% degraded, 2% progressing, 4% out of sync, 1% missing. */
export function scenarioOf(name: string): Scenario {
  const r = hashOf(`scenario:${name}`) % 100;
  if (r < 3) return 'degraded';
  if (r < 5) return 'progressing';
  if (r < 9) return 'outofsync';
  if (r < 10) return 'missing';
  return 'healthy';
}

function workloadKind(
  sub: SubChart | undefined,
): 'Deployment' | 'StatefulSet' | 'CronJob' | 'None' {
  switch (sub?.componentType) {
    case 'database':
    case 'message-broker':
      return 'StatefulSet';
    case 'tool':
      return 'CronJob';
    case 'library':
      return 'None';
    default:
      return 'Deployment';
  }
}

/** Name of a component's workloads: `<release>-<workload>` for most charts, `<workload>` for some. */
export function workloadName(release: string, workload: string): string {
  return hashOf(`fullname:${workload}`) % 4 === 0
    ? workload
    : `${release}-${workload}`;
}

function imageTag(
  sub: SubChart | undefined,
  impliedRange: string | undefined,
): string {
  // a range (`~3.3.0`) when the version could not be pinned: its lowest version
  const implied = impliedRange?.match(/\d+\.\d+\.\d+(?:-[\w.]+)?/)?.[0];
  if (sub && (!implied || implied === sub.version))
    return sub.appVersion ?? sub.version;
  return implied ?? sub?.appVersion ?? sub?.version ?? 'latest';
}

interface TreeBuild {
  nodes: Json[];
  managed: Json[];
}

function node(
  ns: string,
  kind: string,
  group: string,
  version: string,
  name: string,
  extra: Json,
): Json {
  return {
    group,
    version,
    kind,
    namespace: ns,
    name,
    uid: uid(`${ns}/${kind}/${name}`),
    resourceVersion: String(
      100000 + (hashOf(`${ns}/${kind}/${name}`) % 900000),
    ),
    ...extra,
  };
}

function ref(n: Json): Json {
  return {
    group: n.group,
    version: n.version,
    kind: n.kind,
    namespace: n.namespace,
    name: n.name,
    uid: n.uid,
  };
}

function buildTree(
  instance: ResolvedInstance,
  subCharts: Map<string, SubChart>,
  scenario: Scenario,
  target: string | undefined,
): TreeBuild {
  const ns = instance.namespace;
  const release = instance.name;
  const nodes: Json[] = [];
  const managed: Json[] = [];
  const production = instance.usage === 'production';
  const created = iso(
    REFERENCE_TIME - (30 + (hashOf(instance.name) % 300)) * 86400000,
  );
  for (const component of instance.componentVersions) {
    const sub = subCharts.get(component.entityName);
    const workload = sub?.workload ?? component.entityName;
    const name = workloadName(release, workload);
    const kind = workloadKind(sub);
    const tag = imageTag(sub, instance.subChartVersions[component.entityName]);
    const image = `${IMAGE_REGISTRY}/${
      sub?.chartName ?? component.chartName
    }:${tag}`;
    const isTarget = component.entityName === target;
    const unhealthy = isTarget && scenario === 'degraded';
    const rolling = isTarget && scenario === 'progressing';
    const missing = isTarget && scenario === 'missing';
    const health = (s: string, message?: string) => ({
      health: message ? { status: s, message } : { status: s },
    });
    let podHealth = health('Healthy');
    let workloadHealth = health('Healthy');
    if (unhealthy) {
      podHealth = health(
        'Degraded',
        `back-off 5m0s restarting failed container=main pod=${name}`,
      );
      workloadHealth = health(
        'Degraded',
        `Deployment "${name}" exceeded its progress deadline`,
      );
    } else if (rolling) {
      podHealth = health('Progressing');
      workloadHealth = health(
        'Progressing',
        'Waiting for rollout to finish: 1 old replicas are pending termination...',
      );
    } else if (missing) {
      workloadHealth = health('Missing');
    }
    const managedOf = (n: Json) =>
      managed.push({
        group: n.group,
        version: n.version,
        kind: n.kind,
        namespace: n.namespace,
        name: n.name,
        status:
          missing || (isTarget && scenario === 'outofsync')
            ? 'OutOfSync'
            : 'Synced',
        health: n.health,
      });
    if (kind === 'None') {
      const cm = node(ns, 'ConfigMap', '', 'v1', `${name}-config`, {
        createdAt: created,
      });
      nodes.push(cm);
      managedOf(cm);
      continue;
    }
    if (missing) {
      // declared but absent from the cluster: only in status.resources
      managedOf({
        group: 'apps',
        version: 'v1',
        kind: kind === 'CronJob' ? 'CronJob' : kind,
        namespace: ns,
        name,
        health: { status: 'Missing' },
      });
      continue;
    }
    const replicas = kind !== 'CronJob' && production ? 2 : 1;
    if (kind === 'Deployment') {
      const dep = node(ns, 'Deployment', 'apps', 'v1', name, {
        images: [image],
        createdAt: created,
        info: [{ name: 'Revision', value: 'Rev:3' }],
        ...workloadHealth,
      });
      nodes.push(dep);
      managedOf(dep);
      const rs = node(
        ns,
        'ReplicaSet',
        'apps',
        'v1',
        `${name}-${suffix(`rs:${name}:${tag}`, 10)}`,
        {
          images: [image],
          createdAt: created,
          parentRefs: [ref(dep)],
          info: [{ name: 'Revision', value: 'Rev:3' }],
          ...(unhealthy ? health('Progressing') : health('Healthy')),
        },
      );
      nodes.push(rs);
      for (let i = 0; i < replicas; i++) {
        nodes.push(
          node(
            ns,
            'Pod',
            '',
            'v1',
            `${rs.name}-${suffix(`pod:${rs.name}:${i}`, 5)}`,
            {
              images: [image],
              createdAt: created,
              parentRefs: [ref(rs)],
              info: [
                {
                  name: 'Status Reason',
                  value: unhealthy ? 'CrashLoopBackOff' : 'Running',
                },
                {
                  name: 'Node',
                  value: `worker-${hashOf(`${rs.name}${i}`) % 40}`,
                },
                { name: 'Containers', value: unhealthy ? '0/1' : '1/1' },
                ...(unhealthy ? [{ name: 'Restart Count', value: '27' }] : []),
              ],
              ...podHealth,
            },
          ),
        );
      }
    } else if (kind === 'StatefulSet') {
      const sts = node(ns, 'StatefulSet', 'apps', 'v1', name, {
        images: [image],
        createdAt: created,
        ...workloadHealth,
      });
      nodes.push(sts);
      managedOf(sts);
      for (let i = 0; i < replicas; i++) {
        nodes.push(
          node(ns, 'Pod', '', 'v1', `${name}-${i}`, {
            images: [image],
            createdAt: created,
            parentRefs: [ref(sts)],
            info: [
              {
                name: 'Status Reason',
                value: unhealthy ? 'CrashLoopBackOff' : 'Running',
              },
              { name: 'Containers', value: unhealthy ? '0/1' : '1/1' },
            ],
            ...podHealth,
          }),
        );
      }
    } else {
      const cj = node(ns, 'CronJob', 'batch', 'v1', name, {
        images: [image],
        createdAt: created,
        ...workloadHealth,
      });
      nodes.push(cj);
      managedOf(cj);
      const jobName = `${name}-${29000000 + (hashOf(name) % 900000)}`;
      const job = node(ns, 'Job', 'batch', 'v1', jobName, {
        images: [image],
        createdAt: iso(REFERENCE_TIME - 3600000),
        parentRefs: [ref(cj)],
        ...(unhealthy
          ? health('Degraded', 'Job has reached the specified backoff limit')
          : health('Healthy')),
      });
      nodes.push(job);
      nodes.push(
        node(ns, 'Pod', '', 'v1', `${jobName}-${suffix(`pod:${jobName}`, 5)}`, {
          images: [image],
          createdAt: iso(REFERENCE_TIME - 3600000),
          parentRefs: [ref(job)],
          info: [
            { name: 'Status Reason', value: unhealthy ? 'Error' : 'Completed' },
          ],
          ...(unhealthy ? health('Degraded', 'Error') : health('Healthy')),
        }),
      );
    }
    if (kind !== 'CronJob') {
      const svc = node(ns, 'Service', '', 'v1', name, {
        createdAt: created,
        networkingInfo: {
          targetLabels: { 'app.kubernetes.io/name': workload },
        },
        ...health('Healthy'),
      });
      nodes.push(svc);
      managedOf(svc);
    }
  }
  return { nodes, managed };
}

function sourcesFor(instance: ResolvedInstance, chartVersion: string): Json[] {
  const folder = instance.file.replace(/\/instance\.json$/, '');
  return [
    {
      repoURL: PEGASE_CHART_REPO,
      chart: 'pegase',
      targetRevision: chartVersion,
      helm: {
        releaseName: instance.name,
        valueFiles: [`$values/${folder}/values.yaml`],
      },
    },
    { repoURL: GITOPS_VALUES_REPO, targetRevision: 'main', ref: 'values' },
  ];
}

function worst(statuses: string[]): string {
  const order = [
    'Degraded',
    'Missing',
    'Unknown',
    'Progressing',
    'Suspended',
    'Healthy',
  ];
  let w = 'Healthy';
  for (const s of statuses)
    if (order.indexOf(s) >= 0 && order.indexOf(s) < order.indexOf(w)) w = s;
  return w;
}

/** Builds one Application per instance of a GitOps snapshot. @public */
export function buildApplications(
  snapshot: GitopsSnapshot,
): StandInApplication[] {
  const subCharts = new Map(
    (snapshot.chart?.subCharts ?? []).map(s => [s.entityName, s]),
  );
  const clusters = new Map<string, ClusterDefinition>(
    snapshot.clusters.map(c => [c.name, c]),
  );
  const releaseVersions = snapshot.releases.map(r => r.version); // newest first
  return snapshot.instances.map(instance => {
    const cluster = clusters.get(instance.cluster);
    const scenario = scenarioOf(instance.name);
    const withWorkloads = instance.componentVersions.filter(
      c => workloadKind(subCharts.get(c.entityName)) !== 'None',
    );
    const target = withWorkloads.length
      ? withWorkloads[hashOf(`target:${instance.name}`) % withWorkloads.length]
          .entityName
      : undefined;
    const tree = buildTree(instance, subCharts, scenario, target);
    const h = hashOf(instance.name);
    const autoSync = instance.usage !== 'production';
    const server =
      cluster?.apiServer ??
      `https://${instance.cluster}.k8s.pc-scol.invalid:6443`;
    const sources = sourcesFor(instance, instance.chartVersion);

    // history: older umbrella versions first, the current one last
    const idx = Math.max(0, releaseVersions.indexOf(instance.chartVersion));
    const count = 2 + (h % 4);
    const history: Json[] = [];
    for (let i = 0; i < count; i++) {
      const back = count - 1 - i; // 0 = current
      const version =
        releaseVersions[
          Math.min(releaseVersions.length - 1, idx + Math.ceil(back / 2))
        ] ?? instance.chartVersion;
      const deployedAt =
        REFERENCE_TIME - (back * 11 + (h % 7)) * 86400000 - (h % 3600) * 1000;
      const automated = autoSync && i % 2 === 0;
      history.push({
        id: i + 1,
        revisions: [version, shaOf(`${instance.name}:rev:${i}`)],
        sources: sourcesFor(instance, version),
        deployStartedAt: iso(deployedAt - 35000 - (h % 40) * 1000),
        deployedAt: iso(deployedAt),
        initiatedBy: automated
          ? { automated: true }
          : { username: USERS[(h + i) % USERS.length] },
      });
    }
    const last = history[history.length - 1];
    const outOfSync = scenario === 'outofsync' || scenario === 'missing';
    const healthStatus = worst(
      tree.managed.map(m => m.health?.status ?? 'Healthy'),
    );
    const revisions = outOfSync
      ? [instance.chartVersion, shaOf(`${instance.name}:rev:next`)]
      : last.revisions;
    const running = scenario === 'progressing';
    const images = [
      ...new Set(
        tree.nodes.flatMap(n => (n.kind === 'Pod' ? n.images ?? [] : [])),
      ),
    ].sort();
    // as the API server answers: no apiVersion/kind (not in the swagger)
    const app: Json = {
      metadata: {
        name: instance.name,
        namespace: 'argocd',
        uid: uid(`app:${instance.name}`),
        resourceVersion: String(5000000 + (h % 1000000)),
        generation: 1 + (h % 40),
        creationTimestamp: iso(REFERENCE_TIME - (60 + (h % 600)) * 86400000),
        labels: {
          'pegase/instance': instance.name,
          'pc-scol.fr/region': instance.region ?? '',
          'pc-scol.fr/usage': instance.usage ?? '',
          'pc-scol.fr/cluster': instance.cluster,
          ...(instance.university
            ? { 'pc-scol.fr/university': instance.university }
            : {}),
        },
        annotations: { 'pc-scol.fr/instance-file': instance.file },
        ownerReferences: [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'ApplicationSet',
            name: 'pegase-instances',
            uid: uid('appset:pegase-instances'),
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: 'pegase',
        destination: { server, namespace: instance.namespace },
        sources,
        syncPolicy: {
          ...(autoSync ? { automated: { prune: true, selfHeal: true } } : {}),
          syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
        },
        revisionHistoryLimit: 10,
      },
      status: {
        sync: {
          status: outOfSync ? 'OutOfSync' : 'Synced',
          comparedTo: {
            destination: { server, namespace: instance.namespace },
            sources,
          },
          revisions,
        },
        health: {
          status: healthStatus,
          lastTransitionTime: iso(REFERENCE_TIME - (h % 86400) * 1000),
        },
        history,
        operationState: {
          operation: {
            sync: {
              revisions: running ? revisions : last.revisions,
              syncStrategy: { hook: {} },
            },
            initiatedBy: last.initiatedBy,
            retry: {},
          },
          phase: running ? 'Running' : 'Succeeded',
          message: running
            ? 'waiting for healthy state of apps/Deployment'
            : 'successfully synced (all tasks run)',
          startedAt: last.deployStartedAt,
          ...(running ? {} : { finishedAt: last.deployedAt }),
          syncResult: {
            revisions: last.revisions,
            sources: last.sources,
            resources: [],
          },
        },
        reconciledAt: iso(REFERENCE_TIME - (h % 180) * 1000),
        resources: tree.managed,
        resourceHealthSource: 'appTree',
        sourceTypes: ['Helm', 'Directory'],
        summary: { images },
        controllerNamespace: 'argocd',
        ...(outOfSync && scenario === 'missing'
          ? {
              conditions: [
                {
                  type: 'SyncError',
                  message: `one or more objects failed to apply`,
                  lastTransitionTime: iso(REFERENCE_TIME),
                },
              ],
            }
          : {}),
      },
    };
    return { app, nodes: tree.nodes, argocd: cluster?.argocd };
  });
}
