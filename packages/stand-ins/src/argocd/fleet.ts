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

export function uid(text: string): string {
  const h = shaOf(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

export function iso(ms: number): string {
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

/** The live state scenario of one Application. @public */
export type Scenario =
  | 'healthy'
  | 'degraded'
  | 'progressing'
  | 'outofsync'
  | 'missing'
  | 'failedop'
  | 'erroredop';

/**
 * The scenario of an instance: ~3% degraded, 2% progressing, 4% out of sync,
 * 3% missing, 3% with a failed and 2% with an errored last operation (the app
 * itself Synced and Healthy).
 */
export function scenarioOf(name: string): Scenario {
  const r = hashOf(`scenario:${name}`) % 100;
  if (r < 3) return 'degraded';
  if (r < 5) return 'progressing';
  if (r < 9) return 'outofsync';
  if (r < 12) return 'missing';
  if (r < 15) return 'failedop';
  if (r < 17) return 'erroredop';
  return 'healthy';
}

/**
 * The scenarios of a whole fleet: {@link scenarioOf}, except that a fleet of
 * 8 or more instances always holds at least one Missing component, one
 * failed and one errored last operation (the demo shows each case).
 */
export function scenariosOf(names: string[]): Map<string, Scenario> {
  const out = new Map(names.map(n => [n, scenarioOf(n)] as const));
  if (names.length < 8) return out;
  for (const wanted of ['missing', 'failedop', 'erroredop'] as const) {
    if ([...out.values()].includes(wanted)) continue;
    const pick = names
      .filter(n => out.get(n) === 'healthy')
      .sort((a, b) => hashOf(`${wanted}:${a}`) - hashOf(`${wanted}:${b}`))[0];
    if (pick) out.set(pick, wanted);
  }
  return out;
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
    // group and uid are omitempty (pkg/apis/application/v1alpha1/types.go ResourceRef)
    ...(group ? { group } : {}),
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
    ...(n.group ? { group: n.group } : {}),
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
  release: string,
  ns: string = instance.namespace,
): TreeBuild {
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
        ...(n.group ? { group: n.group } : {}),
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
      // Declared but absent from the cluster: in the tree a node with its
      // ResourceRef only, no uid/resourceVersion/createdAt (and no health
      // before v3.2: the server adds it per profile), as
      // controller/appcontroller.go getResourceTree builds it @ v2.14.21.
      const absent = [
        {
          group: kind === 'CronJob' ? 'batch' : 'apps',
          version: 'v1',
          kind,
          namespace: ns,
          name,
        },
        ...(kind !== 'CronJob'
          ? [{ group: '', version: 'v1', kind: 'Service', namespace: ns, name }]
          : []),
      ];
      for (const n of absent) {
        const { group, ...rest } = n;
        nodes.push(group ? n : rest);
        managedOf({ ...n, health: { status: 'Missing' } });
      }
      continue;
    }
    const replicas = kind !== 'CronJob' && production ? 2 : 1;
    if (kind === 'Deployment') {
      // images on Pods only: controller/cache/info.go populatePodInfo @ v2.14.21
      const dep = node(ns, 'Deployment', 'apps', 'v1', name, {
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
        createdAt: created,
        ...workloadHealth,
      });
      nodes.push(cj);
      managedOf(cj);
      const jobName = `${name}-${29000000 + (hashOf(name) % 900000)}`;
      const job = node(ns, 'Job', 'batch', 'v1', jobName, {
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

/** Control-plane namespace of the stand-in's ArgoCD. @public */
export const ARGOCD_NAMESPACE = 'argocd';
/**
 * Namespace of the sandboxes' Applications, generated by an ApplicationSet of
 * that namespace (ArgoCD's applications in any namespace,
 * docs/operator-manual/app-any-namespace.md @ v2.14.21). @public
 */
export const SANDBOX_APPS_NAMESPACE = 'pegase-sandboxes';
/** Namespace of the preview copies, which reuse the names of a few instances. @public */
export const PREVIEW_APPS_NAMESPACE = 'pegase-previews';

/**
 * `targetRevision` of the umbrella chart: sandboxes track a patch range
 * (`25.0.*`, docs/user-guide/tracking_strategies.md @ v2.14.21), the others
 * the pinned version.
 */
function chartTarget(instance: ResolvedInstance): string {
  if (instance.usage !== 'sandbox') return instance.chartVersion;
  const m = instance.chartVersion.match(/^(\d+)\.(\d+)\./);
  return m ? `${m[1]}.${m[2]}.*` : instance.chartVersion;
}

/** The released version a range resolves to (the highest), else the revision itself. */
export function resolveChartRevision(
  revision: string,
  released: string[],
): string {
  if (!revision.includes('*')) return revision;
  const prefix = revision.slice(0, revision.indexOf('*'));
  const match = released
    .filter(v => v.startsWith(prefix) && !v.includes('-'))
    .sort((a, b) =>
      b.localeCompare(a, undefined, { numeric: true, sensitivity: 'base' }),
    );
  return match[0] ?? revision;
}

/**
 * The Helm release of an instance: the Application name, except for a third
 * of them, whose ApplicationSet template sets `helm.releaseName: pegase`
 * (the release name then differs from the Application name).
 */
export function releaseNameOf(instanceName: string): string {
  return hashOf(`release:${instanceName}`) % 3 === 0 ? 'pegase' : instanceName;
}

function sourcesFor(
  instance: ResolvedInstance,
  targetRevision: string,
  releaseName: string,
): Json[] {
  const folder = instance.file.replace(/\/instance\.json$/, '');
  return [
    {
      repoURL: PEGASE_CHART_REPO,
      targetRevision,
      helm: {
        valueFiles: [`$values/${folder}/values.yaml`],
        releaseName,
      },
      chart: 'pegase',
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

/**
 * How an instance's Application is generated: sandboxes by an auto-sync
 * ApplicationSet in their own namespace; construction instances by a
 * RollingSync ApplicationSet, which removes `automated` from the apps and
 * syncs them itself (applicationset/controllers/applicationset_controller.go
 * syncValidApplications @ v2.14.21); production ones manual.
 */
function generatorOf(instance: ResolvedInstance): {
  appSet: string;
  namespace: string;
  autoSync: boolean;
  rollingSync: boolean;
} {
  if (instance.usage === 'sandbox')
    return {
      appSet: 'pegase-sandboxes',
      namespace: SANDBOX_APPS_NAMESPACE,
      autoSync: true,
      rollingSync: false,
    };
  if (instance.usage === 'construction')
    return {
      appSet: 'pegase-construction',
      namespace: ARGOCD_NAMESPACE,
      autoSync: false,
      rollingSync: true,
    };
  return {
    appSet: 'pegase-instances',
    namespace: ARGOCD_NAMESPACE,
    autoSync: false,
    rollingSync: false,
  };
}

/** Initiator of the syncs of a RollingSync ApplicationSet (syncApplication @ v2.14.21). */
const ROLLING_SYNC_INITIATOR = {
  username: 'applicationset-controller',
  automated: true,
};

/** Builds one Application per instance of a GitOps snapshot. @public */
export function buildApplications(
  snapshot: GitopsSnapshot,
  options: {
    /** Overrides the scenario of some instances (the world that moves: follow.ts). */
    scenarioOf?: (name: string) => Scenario | undefined;
  } = {},
): StandInApplication[] {
  const subCharts = new Map(
    (snapshot.chart?.subCharts ?? []).map(s => [s.entityName, s]),
  );
  const clusters = new Map<string, ClusterDefinition>(
    snapshot.clusters.map(c => [c.name, c]),
  );
  const releaseVersions = snapshot.releases.map(r => r.version); // newest first
  const scenarios = scenariosOf(snapshot.instances.map(i => i.name));
  const built = snapshot.instances.map(instance => {
    const cluster = clusters.get(instance.cluster);
    const scenario =
      options.scenarioOf?.(instance.name) ??
      scenarios.get(instance.name) ??
      'healthy';
    const withWorkloads = instance.componentVersions.filter(
      c => workloadKind(subCharts.get(c.entityName)) !== 'None',
    );
    const target = withWorkloads.length
      ? withWorkloads[hashOf(`target:${instance.name}`) % withWorkloads.length]
          .entityName
      : undefined;
    const releaseName = releaseNameOf(instance.name);
    const tree = buildTree(instance, subCharts, scenario, target, releaseName);
    const h = hashOf(instance.name);
    const generator = generatorOf(instance);
    const autoSync = generator.autoSync;
    const server =
      cluster?.apiServer ??
      `https://${instance.cluster}.k8s.pc-scol.invalid:6443`;
    const targetRevision = chartTarget(instance);
    const sources = sourcesFor(instance, targetRevision, releaseName);
    const running = resolveChartRevision(targetRevision, [
      ...releaseVersions,
      instance.chartVersion,
    ]);

    // history: older umbrella versions first, the current one last; what ran
    // is in revisions[0] (the sources keep the range)
    const idx = Math.max(0, releaseVersions.indexOf(running));
    const count = 2 + (h % 4);
    const history: Json[] = [];
    for (let i = 0; i < count; i++) {
      const back = count - 1 - i; // 0 = current
      const version =
        releaseVersions[
          Math.min(releaseVersions.length - 1, idx + Math.ceil(back / 2))
        ] ?? running;
      const deployedAt =
        REFERENCE_TIME - (back * 11 + (h % 7)) * 86400000 - (h % 3600) * 1000;
      let initiatedBy: Json = { username: USERS[(h + i) % USERS.length] };
      if (generator.rollingSync && i % 2 === 0)
        initiatedBy = ROLLING_SYNC_INITIATOR;
      else if (autoSync && i % 2 === 0) initiatedBy = { automated: true };
      history.push({
        deployedAt: iso(deployedAt),
        id: i + 1,
        deployStartedAt: iso(deployedAt - 35000 - (h % 40) * 1000),
        sources: sourcesFor(
          instance,
          targetRevision.includes('*') ? targetRevision : version,
          releaseName,
        ),
        revisions: [version, shaOf(`${instance.name}:rev:${i}`)],
        initiatedBy,
      });
    }
    const last = history[history.length - 1];
    const outOfSync = scenario === 'outofsync' || scenario === 'missing';
    const healthStatus = worst(
      tree.managed.map(m => m.health?.status ?? 'Healthy'),
    );
    const revisions = outOfSync
      ? [running, shaOf(`${instance.name}:rev:next`)]
      : last.revisions;
    const images = [
      ...new Set(
        tree.nodes.flatMap(n => (n.kind === 'Pod' ? n.images ?? [] : [])),
      ),
    ].sort();
    const lastOperation: Json = {
      sync: { revisions: last.revisions, syncStrategy: { hook: {} } },
      initiatedBy: last.initiatedBy,
      ...(last.initiatedBy === ROLLING_SYNC_INITIATOR
        ? {
            info: [
              {
                name: 'Reason',
                value:
                  'ApplicationSet RollingSync triggered a sync of this Application resource.',
              },
            ],
          }
        : {}),
      retry: {},
    };
    const lastFailedAt = REFERENCE_TIME - (h % 5000) * 1000;
    const failingWorkload = target
      ? workloadName(releaseName, subCharts.get(target)?.workload ?? target)
      : releaseName;
    let operationState: Json;
    if (scenario === 'failedop') {
      // a sync that failed after the last good one: no history entry, the
      // app still Synced and Healthy (gitops-engine pkg/sync/sync_context.go
      // executeSyncFailPhase, vendored in argo-cd @ v3.5.1)
      const message = `Deployment.apps "${failingWorkload}" is invalid: spec.template.spec.containers[0].resources.limits: Invalid value: "2Gi": must be greater than or equal to memory request`;
      operationState = {
        operation: {
          ...lastOperation,
          sync: { ...lastOperation.sync, revisions },
          initiatedBy: { username: USERS[h % USERS.length] },
        },
        phase: 'Failed',
        message: `one or more objects failed to apply, reason: ${message}`,
        syncResult: {
          resources: [
            {
              group: 'apps',
              version: 'v1',
              kind: 'Deployment',
              namespace: instance.namespace,
              name: failingWorkload,
              status: 'SyncFailed',
              message,
              hookPhase: 'Failed',
              syncPhase: 'Sync',
            },
          ],
          revision: '',
          sources,
          revisions,
        },
        startedAt: iso(lastFailedAt - 9000),
        finishedAt: iso(lastFailedAt),
      };
    } else if (scenario === 'erroredop') {
      // controller/sync.go SyncAppState @ v2.14.21: phase Error, no result
      operationState = {
        operation: {
          ...lastOperation,
          initiatedBy: { username: USERS[h % USERS.length] },
        },
        phase: 'Error',
        message: `rpc error: code = Unknown desc = Manifest generation error (cached): failed to execute helm template command: Error: chart "pegase" version "${running}" not found in ${PEGASE_CHART_REPO} repository`,
        startedAt: iso(lastFailedAt - 2000),
        finishedAt: iso(lastFailedAt),
      };
    } else if (scenario === 'progressing') {
      operationState = {
        operation: {
          ...lastOperation,
          sync: { ...lastOperation.sync, revisions },
        },
        phase: 'Running',
        message: 'waiting for healthy state of apps/Deployment',
        startedAt: last.deployStartedAt,
      };
    } else {
      operationState = {
        operation: lastOperation,
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        syncResult: {
          resources: [],
          revision: '',
          sources: last.sources,
          revisions: last.revisions,
        },
        startedAt: last.deployStartedAt,
        finishedAt: last.deployedAt,
      };
    }
    const destination = { server, namespace: instance.namespace };
    // as the API server answers: no apiVersion/kind (not in the swagger)
    const app: Json = {
      metadata: {
        name: instance.name,
        namespace: generator.namespace,
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
            name: generator.appSet,
            uid: uid(`appset:${generator.appSet}`),
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        destination,
        project: 'pegase',
        syncPolicy: {
          ...(autoSync ? { automated: { prune: true, selfHeal: true } } : {}),
          syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
        },
        revisionHistoryLimit: 10,
        sources,
      },
      status: {
        resources: tree.managed,
        sync: {
          status: outOfSync ? 'OutOfSync' : 'Synced',
          comparedTo: { destination, sources },
          revisions,
        },
        health: {
          status: healthStatus,
          lastTransitionTime: iso(REFERENCE_TIME - (h % 86400) * 1000),
        },
        history,
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
        reconciledAt: iso(REFERENCE_TIME - (h % 180) * 1000),
        operationState,
        summary: { images },
        sourceTypes: ['Helm', 'Directory'],
        controllerNamespace: ARGOCD_NAMESPACE,
      },
    };
    return { app, nodes: tree.nodes, argocd: cluster?.argocd };
  });
  return [...built, ...previewCopies(snapshot, subCharts, clusters)];
}

/**
 * Preview copies of the first two construction instances, in their own
 * namespace under the same names: the list then holds the same name in two
 * namespaces (server/application/application.go List @ v2.14.21 lists every
 * enabled namespace). Single-source Helm, auto-sync, project `previews`.
 */
function previewCopies(
  snapshot: GitopsSnapshot,
  subCharts: Map<string, SubChart>,
  clusters: Map<string, ClusterDefinition>,
): StandInApplication[] {
  return snapshot.instances
    .filter(i => i.usage === 'construction')
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, 2)
    .map(instance => {
      const cluster = clusters.get(instance.cluster);
      const ns = `${instance.namespace}-preview`;
      const tree = buildTree(
        instance,
        subCharts,
        'healthy',
        undefined,
        instance.name,
        ns,
      );
      const h = hashOf(`preview:${instance.name}`);
      const server =
        cluster?.apiServer ??
        `https://${instance.cluster}.k8s.pc-scol.invalid:6443`;
      const source = {
        repoURL: PEGASE_CHART_REPO,
        targetRevision: instance.chartVersion,
        helm: { releaseName: instance.name },
        chart: 'pegase',
      };
      const destination = { server, namespace: ns };
      const deployedAt = iso(REFERENCE_TIME - (h % 20) * 86400000);
      const started = iso(REFERENCE_TIME - (h % 20) * 86400000 - 40000);
      const images = [
        ...new Set(
          tree.nodes.flatMap(n => (n.kind === 'Pod' ? n.images ?? [] : [])),
        ),
      ].sort();
      const app: Json = {
        metadata: {
          name: instance.name,
          namespace: PREVIEW_APPS_NAMESPACE,
          uid: uid(`preview:${instance.name}`),
          resourceVersion: String(7000000 + (h % 1000000)),
          generation: 1 + (h % 9),
          creationTimestamp: iso(REFERENCE_TIME - (5 + (h % 30)) * 86400000),
          labels: { 'pc-scol.fr/preview': 'true' },
        },
        spec: {
          source,
          destination,
          project: 'previews',
          syncPolicy: { automated: {} },
        },
        status: {
          resources: tree.managed,
          sync: {
            status: 'Synced',
            comparedTo: { source, destination },
            revision: instance.chartVersion,
          },
          health: { status: 'Healthy' },
          history: [
            {
              revision: instance.chartVersion,
              deployedAt,
              id: 0,
              source,
              deployStartedAt: started,
              initiatedBy: { automated: true },
            },
          ],
          reconciledAt: iso(REFERENCE_TIME - (h % 180) * 1000),
          operationState: {
            operation: {
              sync: { revision: instance.chartVersion },
              initiatedBy: { automated: true },
              retry: {},
            },
            phase: 'Succeeded',
            message: 'successfully synced (all tasks run)',
            syncResult: {
              resources: [],
              revision: instance.chartVersion,
              source,
            },
            startedAt: started,
            finishedAt: deployedAt,
          },
          sourceType: 'Helm',
          summary: { images },
          controllerNamespace: ARGOCD_NAMESPACE,
        },
      };
      return { app, nodes: tree.nodes, argocd: cluster?.argocd };
    });
}
