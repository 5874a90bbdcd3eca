/*
 * The cluster add-ons' and the app-of-apps' live Applications the ArgoCD
 * stand-in serves (test and dev code only), built from what the repository's
 * ApplicationSets and Applications generate (pegase-node reads them): one
 * single-source Helm Application per add-on × selected cluster, owned by its
 * ApplicationSet, and one Application per app-of-apps whose resources are the
 * ArgoCD objects of its folder. A deterministic pick makes one add-on
 * Degraded and another OutOfSync (its auto-sync to the declared version
 * failed, the previous version still runs), so the views show both problems.
 */
import type {
  ArgoApplicationFile,
  GeneratedApplication,
  GitopsSnapshot,
} from '@pcscol/plugin-pegase-node';
import {
  ARGOCD_NAMESPACE,
  hashOf,
  iso,
  shaOf,
  uid,
  type Json,
  type StandInApplication,
} from './fleet';

/** Reference time of the generated timestamps (as fleet.ts). */
const REFERENCE_TIME = Date.parse('2026-11-24T08:00:00Z');

/** The live state of one add-on Application. @public */
export type AddonScenario = 'healthy' | 'degraded' | 'outofsync';

/**
 * The add-on Applications' scenarios: the one with the lowest hash is
 * Degraded, the next OutOfSync, every other Healthy and Synced (with two
 * Applications or more; a single one stays healthy).
 * @public
 */
export function addonScenarios(names: string[]): Map<string, AddonScenario> {
  const out = new Map<string, AddonScenario>(names.map(n => [n, 'healthy']));
  if (names.length < 2) return out;
  const ranked = [...names].sort(
    (a, b) =>
      hashOf(`addon-scenario:${a}`) - hashOf(`addon-scenario:${b}`) ||
      a.localeCompare(b),
  );
  out.set(ranked[0], 'degraded');
  out.set(ranked[1], 'outofsync');
  return out;
}

/**
 * The version before `version` (patch, else minor, else major lowered by
 * one), keeping a `v` prefix: what ran before the declared one.
 */
export function previousVersion(version: string): string {
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version);
  if (!m) return version;
  const [, v, major, minor, patch] = m;
  if (Number(patch) > 0) return `${v}${major}.${minor}.${Number(patch) - 1}`;
  if (Number(minor) > 0) return `${v}${major}.${Number(minor) - 1}.0`;
  return Number(major) > 0 ? `${v}${Number(major) - 1}.0.0` : version;
}

function treeNode(
  ns: string,
  kind: string,
  group: string,
  name: string,
  extra: Json,
): Json {
  return {
    ...(group ? { group } : {}),
    version: 'v1',
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

function parentRef(n: Json): Json {
  return {
    ...(n.group ? { group: n.group } : {}),
    version: n.version,
    kind: n.kind,
    namespace: n.namespace,
    name: n.name,
    uid: n.uid,
  };
}

/** One add-on Application, as the API server answers it (no apiVersion/kind). */
function addonApplication(
  generated: GeneratedApplication,
  scenario: AddonScenario,
): StandInApplication {
  const name = generated.name;
  const h = hashOf(`addon:${name}`);
  const spec = JSON.parse(JSON.stringify(generated.spec)) as Json;
  const source: Json = spec.source ?? {};
  const declared = String(source.targetRevision ?? '');
  const chart = String(source.chart ?? name);
  const release = String(source.helm?.releaseName ?? chart);
  const destination: Json = spec.destination ?? {};
  const ns = String(destination.namespace ?? chart);
  const running =
    scenario === 'outofsync' ? previousVersion(declared) : declared;
  const created = iso(REFERENCE_TIME - (90 + (h % 300)) * 86400000);

  // the chart's controller: Deployment -> ReplicaSet -> Pod, and its Service
  const dep = treeNode(ns, 'Deployment', 'apps', release, {
    createdAt: created,
    info: [{ name: 'Revision', value: 'Rev:2' }],
    health:
      scenario === 'degraded'
        ? {
            status: 'Degraded',
            message: `Deployment "${release}" exceeded its progress deadline`,
          }
        : { status: 'Healthy' },
  });
  const rs = treeNode(
    ns,
    'ReplicaSet',
    'apps',
    `${release}-${shaOf(`rs:${name}:${running}`).slice(0, 10)}`,
    {
      createdAt: created,
      parentRefs: [parentRef(dep)],
      info: [{ name: 'Revision', value: 'Rev:2' }],
      health: { status: scenario === 'degraded' ? 'Progressing' : 'Healthy' },
    },
  );
  const pod = treeNode(
    ns,
    'Pod',
    '',
    `${rs.name}-${shaOf(`pod:${name}`).slice(0, 5)}`,
    {
      images: [`registry.k8s.invalid/${chart}:${running}`],
      createdAt: created,
      parentRefs: [parentRef(rs)],
      info: [
        {
          name: 'Status Reason',
          value: scenario === 'degraded' ? 'CrashLoopBackOff' : 'Running',
        },
        { name: 'Containers', value: scenario === 'degraded' ? '0/1' : '1/1' },
      ],
      health:
        scenario === 'degraded'
          ? {
              status: 'Degraded',
              message: `back-off 5m0s restarting failed container=controller pod=${release}`,
            }
          : { status: 'Healthy' },
    },
  );
  const svc = treeNode(ns, 'Service', '', release, {
    createdAt: created,
    health: { status: 'Healthy' },
  });
  const nodes = [dep, rs, pod, svc];
  const managed = [dep, svc].map(n => ({
    ...(n.group ? { group: n.group } : {}),
    version: n.version,
    kind: n.kind,
    namespace: n.namespace,
    name: n.name,
    status:
      scenario === 'outofsync' && n.kind === 'Deployment'
        ? 'OutOfSync'
        : 'Synced',
    health: n.health,
  }));

  // history: the previous version, then the one that runs (automated syncs)
  const history: Json[] = [];
  const versions =
    running === previousVersion(running)
      ? [running]
      : [previousVersion(running), running];
  versions.forEach((version, i) => {
    const back = versions.length - 1 - i;
    const deployedAt = REFERENCE_TIME - (back * 23 + 3 + (h % 9)) * 86400000;
    history.push({
      revision: version,
      deployedAt: iso(deployedAt),
      id: i,
      source: { ...source, targetRevision: version },
      deployStartedAt: iso(deployedAt - 20000 - (h % 30) * 1000),
      initiatedBy: { automated: true },
    });
  });
  const last = history[history.length - 1];
  const failedAt = REFERENCE_TIME - (h % 4000) * 1000;
  // auto-sync to the new revision failed: ArgoCD does not retry the same
  // revision (controller/appcontroller.go autoSync "already attempted sync
  // to ... with failure" @ v2.14.21), the app stays OutOfSync on the old one
  const operationState: Json =
    scenario === 'outofsync'
      ? {
          operation: {
            sync: { revision: declared },
            initiatedBy: { automated: true },
            retry: { limit: 5 },
          },
          phase: 'Failed',
          message: `one or more objects failed to apply, reason: Deployment.apps "${release}" is invalid: spec.selector: Invalid value: field is immutable`,
          syncResult: {
            resources: [
              {
                group: 'apps',
                version: 'v1',
                kind: 'Deployment',
                namespace: ns,
                name: release,
                status: 'SyncFailed',
                message: `Deployment.apps "${release}" is invalid: spec.selector: Invalid value: field is immutable`,
                hookPhase: 'Failed',
                syncPhase: 'Sync',
              },
            ],
            revision: declared,
            source: spec.source,
          },
          startedAt: iso(failedAt - 60000),
          finishedAt: iso(failedAt),
        }
      : {
          operation: {
            sync: { revision: last.revision },
            initiatedBy: { automated: true },
            retry: { limit: 5 },
          },
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          syncResult: {
            resources: [],
            revision: last.revision,
            source: last.source,
          },
          startedAt: last.deployStartedAt,
          finishedAt: last.deployedAt,
        };
  const app: Json = {
    metadata: {
      ...generated.metadata,
      name,
      namespace: generated.namespace ?? ARGOCD_NAMESPACE,
      uid: uid(`app:${ARGOCD_NAMESPACE}/${name}`),
      resourceVersion: String(6000000 + (h % 1000000)),
      generation: 1 + (h % 12),
      creationTimestamp: created,
      // the ApplicationSet owns what it generates and, unless
      // preserveResourcesOnDeletion, adds the resources finalizer
      // (applicationset/controllers/applicationset_controller.go
      // createOrUpdateInCluster @ v2.14.21)
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'ApplicationSet',
          name: generated.applicationSet,
          uid: uid(`appset:${generated.applicationSet}`),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec,
    status: {
      resources: managed,
      sync: {
        status: scenario === 'outofsync' ? 'OutOfSync' : 'Synced',
        comparedTo: { source: spec.source, destination },
        revision: declared,
      },
      health: {
        status: scenario === 'degraded' ? 'Degraded' : 'Healthy',
        lastTransitionTime: iso(REFERENCE_TIME - (h % 86400) * 1000),
      },
      history,
      reconciledAt: iso(REFERENCE_TIME - (h % 180) * 1000),
      operationState,
      sourceType: 'Helm',
      summary: { images: pod.images },
      controllerNamespace: ARGOCD_NAMESPACE,
    },
  };
  return { app, nodes };
}

/**
 * One app-of-apps: a Directory source on the repository's folder, deployed
 * in-cluster to ArgoCD's namespace; its resources are the ApplicationSets and
 * Applications of that folder, and the tree holds the Applications each
 * ApplicationSet owns (the tree follows ownerReferences,
 * controller/cache/cache.go @ v2.14.21). No health for these kinds: ArgoCD
 * assesses none for Applications since 1.8 (docs/operator-manual/health.md).
 */
function appOfAppsApplication(
  file: ArgoApplicationFile,
  snapshot: GitopsSnapshot,
  generatedBy: Map<string, GeneratedApplication[]>,
): StandInApplication {
  const h = hashOf(`app-of-apps:${file.name}`);
  const spec = JSON.parse(JSON.stringify(file.spec)) as Json;
  const ns = file.namespace ?? ARGOCD_NAMESPACE;
  const appSets = new Set((snapshot.applicationSets ?? []).map(a => a.name));
  const created = iso(REFERENCE_TIME - (200 + (h % 100)) * 86400000);
  const revision = shaOf(`gitops:${file.name}:main`);
  const nodes: Json[] = [];
  const managed: Json[] = [];
  for (const child of file.children) {
    const kind = appSets.has(child) ? 'ApplicationSet' : 'Application';
    const childNode = {
      ...treeNode(ARGOCD_NAMESPACE, kind, 'argoproj.io', child, {
        createdAt: created,
      }),
      version: 'v1alpha1',
    };
    nodes.push(childNode);
    managed.push({
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind,
      namespace: ARGOCD_NAMESPACE,
      name: child,
      status: 'Synced',
    });
    for (const generated of generatedBy.get(child) ?? []) {
      nodes.push({
        ...treeNode(
          generated.namespace ?? ARGOCD_NAMESPACE,
          'Application',
          'argoproj.io',
          generated.name,
          { createdAt: created, parentRefs: [parentRef(childNode)] },
        ),
        version: 'v1alpha1',
      });
    }
  }
  const deployedAt = REFERENCE_TIME - (h % 20) * 3600000;
  const source = spec.source;
  const app: Json = {
    metadata: {
      name: file.name,
      namespace: ns,
      uid: uid(`app:${ns}/${file.name}`),
      resourceVersion: String(8000000 + (h % 1000000)),
      generation: 1 + (h % 5),
      creationTimestamp: created,
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec,
    status: {
      resources: managed,
      sync: {
        status: 'Synced',
        comparedTo: { source, destination: spec.destination },
        revision,
      },
      health: { status: 'Healthy' },
      history: [
        {
          revision,
          deployedAt: iso(deployedAt),
          id: 0,
          source,
          deployStartedAt: iso(deployedAt - 4000),
          initiatedBy: { automated: true },
        },
      ],
      reconciledAt: iso(REFERENCE_TIME - (h % 180) * 1000),
      operationState: {
        operation: {
          sync: { revision },
          initiatedBy: { automated: true },
          retry: {},
        },
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        syncResult: { resources: [], revision, source },
        startedAt: iso(deployedAt - 4000),
        finishedAt: iso(deployedAt),
      },
      sourceType: 'Directory',
      summary: {},
      controllerNamespace: ARGOCD_NAMESPACE,
    },
  };
  return { app, nodes };
}

/**
 * The add-on Applications (one per add-on × selected cluster) and the
 * app-of-apps Applications of a snapshot. They belong to the default ArgoCD
 * (the admin cluster's, where the ApplicationSets live).
 * @public
 */
export function buildAddonApplications(
  snapshot: GitopsSnapshot,
): StandInApplication[] {
  const generated = (snapshot.addons ?? []).flatMap(a => a.applications);
  const scenarios = addonScenarios(generated.map(g => g.name));
  const addons = generated.map(g =>
    addonApplication(g, scenarios.get(g.name) ?? 'healthy'),
  );
  const generatedBy = new Map<string, GeneratedApplication[]>();
  for (const g of [...generated, ...(snapshot.generatedApplications ?? [])]) {
    const list = generatedBy.get(g.applicationSet) ?? [];
    list.push(g);
    generatedBy.set(g.applicationSet, list);
  }
  const appOfApps = (snapshot.applications ?? [])
    .filter(f => f.path !== undefined)
    .map(f => appOfAppsApplication(f, snapshot, generatedBy));
  return [...addons, ...appOfApps];
}
