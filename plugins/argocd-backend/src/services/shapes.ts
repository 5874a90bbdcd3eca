import {
  ApplicationHistory,
  ApplicationOverview,
  OperationView,
  RUNNING_OPERATION_PHASES,
  ApplicationSourceView,
  HealthStatusCode,
  HistoryEntryView,
  ResourceGroupView,
  ResourceNodeView,
  SyncStatusCode,
  healthRank,
  worstHealth,
} from '@pcscol/plugin-argocd-common';
import type { ArgoJson } from './ArgocdClient';

/*
 * Pure transformations of ArgoCD answers into the shapes the cards need.
 */

const HEALTH: readonly string[] = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];
const SYNC: readonly string[] = ['Synced', 'OutOfSync', 'Unknown'];
/** Kinds whose name is the component's workload name. */
export const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'CronJob',
  'Job',
  'Rollout',
]);

export function healthCode(s: unknown): HealthStatusCode {
  return (
    typeof s === 'string' && HEALTH.includes(s) ? s : 'Unknown'
  ) as HealthStatusCode;
}

export function syncCode(s: unknown): SyncStatusCode {
  return (
    typeof s === 'string' && SYNC.includes(s) ? s : 'Unknown'
  ) as SyncStatusCode;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function arr(v: unknown): ArgoJson[] {
  return Array.isArray(v) ? v : [];
}

/**
 * `sources`, else `[source]`, else `[]` (an Application spec, a history
 * entry or `status.sync.comparedTo`). Go's encoding may give `sources: null`
 * or `[]` next to a `source`.
 */
export function sourcesOf(x: ArgoJson | undefined): ArgoJson[] {
  if (Array.isArray(x?.sources) && x!.sources.length) return x!.sources;
  return x?.source && typeof x.source === 'object' ? [x.source] : [];
}

/** An OCI Helm chart named by its repository (`oci://reg/charts/pegase`, no `chart`). */
function isOciChart(s: ArgoJson | undefined): boolean {
  return typeof s?.repoURL === 'string' && s.repoURL.startsWith('oci://');
}

/** A source whose revision is a chart version (Helm repository or OCI chart), not a git ref. */
function carriesChartVersion(s: ArgoJson | undefined): boolean {
  return Boolean(str(s?.chart)) || isOciChart(s);
}

/** A values-only source (`ref: values`, no chart, no Helm of its own). */
function isRefOnly(s: ArgoJson | undefined): boolean {
  return Boolean(str(s?.ref)) && !str(s?.chart) && !s?.helm && !isOciChart(s);
}

/**
 * Index of the chart source among `sources`: the `pegase` chart, else a
 * Helm chart, else an OCI chart without `chart`, else a git path rendered
 * with Helm, else the first source that is not a values `ref`; -1 for none.
 */
export function chartSourceIndex(sources: ArgoJson[]): number {
  const tests: Array<(s: ArgoJson) => boolean> = [
    s => s?.chart === 'pegase',
    s => Boolean(str(s?.chart)),
    s => isOciChart(s),
    s => Boolean(s?.helm) && !isRefOnly(s),
    s => !isRefOnly(s),
  ];
  for (const t of tests) {
    const i = sources.findIndex(t);
    if (i >= 0) return i;
  }
  return sources.length ? 0 : -1;
}

/** The chart source of an Application spec (see {@link chartSourceIndex}). */
export function chartSourceOf(
  spec: ArgoJson | undefined,
): ArgoJson | undefined {
  const sources = sourcesOf(spec);
  const i = chartSourceIndex(sources);
  return i >= 0 ? sources[i] : undefined;
}

/** The Helm release the Application deploys (its chart source's `releaseName`, else its name). */
export function releaseOf(app: ArgoJson): string {
  return (
    str(chartSourceOf(app.spec)?.helm?.releaseName) ??
    String(app.metadata?.name)
  );
}

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/;

/** True for a version (`4.2.1`), false for a range (`4.*`, `>=4.0.0`) or a branch. */
export function isExactVersion(v: string | undefined): boolean {
  return typeof v === 'string' && EXACT_VERSION.test(v);
}

/**
 * The chart version a deployment or a comparison carries: the revision at
 * the chart source's position (`revisions[i]`), or `revision` for a single
 * source; undefined when the chart source is a git path (its revision is a
 * commit, not a chart version).
 */
export function chartRevisionOf(
  withSources: ArgoJson | undefined,
  withRevisions: ArgoJson | undefined,
): string | undefined {
  const sources = sourcesOf(withSources);
  const i = chartSourceIndex(sources);
  if (i < 0 || !carriesChartVersion(sources[i])) return undefined;
  const revisions = arr(withRevisions?.revisions);
  let rev: string | undefined;
  if (revisions.length) rev = str(revisions[i]);
  else if (sources.length === 1) rev = str(withRevisions?.revision);
  if (isExactVersion(rev)) return rev;
  // an OCI chart resolves to a digest: the version is what the source named
  const target = str(sources[i].targetRevision);
  return isExactVersion(target) ? target : undefined;
}

/**
 * The umbrella version that runs, from a full Application (`GET`): the last
 * deployment of the history, else the compared revisions when Synced. Never
 * `targetRevision`, which may be a range.
 */
export function liveChartVersion(app: ArgoJson): string | undefined {
  const history = arr(app.status?.history);
  const last = history[history.length - 1];
  const fromHistory = last ? chartRevisionOf(last, last) : undefined;
  if (fromHistory) return fromHistory;
  const sync = app.status?.sync;
  if (sync?.status !== 'Synced') return undefined;
  const compared = sourcesOf(sync.comparedTo).length
    ? sync.comparedTo
    : app.spec;
  return chartRevisionOf(compared, sync);
}

/** What the list (every supported version's `fields`) tells of the live version. */
function listChartVersion(item: ArgoJson): string | undefined {
  const chart = chartSourceOf(item.spec);
  if (!chart || !carriesChartVersion(chart)) return undefined;
  const target = str(chart.targetRevision);
  return item.status?.sync?.status === 'Synced' && isExactVersion(target)
    ? target
    : undefined;
}

/** Auto-sync on (v3 may keep `automated` with `enabled: false`). */
export function autoSyncOf(spec: ArgoJson | undefined): boolean {
  const a = spec?.syncPolicy?.automated;
  return Boolean(a) && a.enabled !== false;
}

/** `namespace/name`: one Application key, as ArgoCD's applications in any namespace need. */
export function appKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** What the fleet needs of one Application (from the light list). @internal */
export interface AppSummary {
  name: string;
  /** `metadata.namespace` (applications in any namespace). */
  namespace?: string;
  project?: string;
  sync: SyncStatusCode;
  health: HealthStatusCode;
  healthMessage?: string;
  opPhase?: string;
  /** An operation is requested (`.operation` set) and not yet started. */
  opRequested?: boolean;
  opStartedAt?: string;
  opFinishedAt?: string;
  /** The umbrella version that runs, when the list tells it (Synced to an exact version). */
  chartVersion?: string;
  /** The chart source's `targetRevision` (a version or a range). */
  targetRevision?: string;
  /** The chart source carries a chart version the list cannot tell: the refresher reads the Application. */
  needsLive?: boolean;
  release: string;
  destination: { server?: string; name?: string; namespace?: string };
  autoSync: boolean;
  /** Workload name -> health, when the list carries per-resource health (persist on). */
  resourceHealth?: Record<string, HealthStatusCode>;
}

export function revisionsOf(sync: ArgoJson | undefined): string[] {
  const list = arr(sync?.revisions).filter(r => typeof r === 'string');
  if (list.length) return list;
  return str(sync?.revision) ? [sync!.revision] : [];
}

export function summarize(item: ArgoJson): AppSummary {
  const name = String(item.metadata?.name);
  const chart = chartSourceOf(item.spec);
  const chartVersion = listChartVersion(item);
  const s: AppSummary = {
    name,
    namespace: str(item.metadata?.namespace),
    project: str(item.spec?.project),
    sync: syncCode(item.status?.sync?.status),
    health: healthCode(item.status?.health?.status),
    healthMessage: str(item.status?.health?.message),
    opPhase: str(item.status?.operationState?.phase),
    opRequested: item.operation?.sync ? true : undefined,
    opStartedAt: str(item.status?.operationState?.startedAt),
    opFinishedAt: str(item.status?.operationState?.finishedAt),
    chartVersion,
    targetRevision: str(chart?.targetRevision),
    needsLive: !chartVersion && carriesChartVersion(chart) ? true : undefined,
    release: str(chart?.helm?.releaseName) ?? name,
    destination: {
      server: str(item.spec?.destination?.server),
      name: str(item.spec?.destination?.name),
      namespace: str(item.spec?.destination?.namespace),
    },
    autoSync: autoSyncOf(item.spec),
  };
  const resources: ArgoJson[] = arr(item.status?.resources);
  if (resources.some(r => r?.health?.status)) {
    s.resourceHealth = {};
    for (const r of resources) {
      if (WORKLOAD_KINDS.has(r?.kind) && r?.health?.status)
        s.resourceHealth[String(r.name)] = healthCode(r.health.status);
    }
  }
  for (const k of Object.keys(s) as Array<keyof AppSummary>)
    if (s[k] === undefined) delete s[k];
  return s;
}

/** Changes whenever what the tree shows may have changed. */
export function fingerprintOf(s: AppSummary): string {
  return JSON.stringify([
    s.health,
    s.sync,
    s.opPhase,
    s.opFinishedAt,
    s.chartVersion,
    s.targetRevision,
    s.release,
  ]);
}

function sourceView(s: ArgoJson): ApplicationSourceView {
  const v: ApplicationSourceView = { repoURL: String(s?.repoURL ?? '') };
  if (str(s?.chart)) v.chart = s.chart;
  if (str(s?.path)) v.path = s.path;
  if (str(s?.ref)) v.ref = s.ref;
  if (str(s?.targetRevision)) v.targetRevision = s.targetRevision;
  return v;
}

/**
 * Who starts the syncs of an ApplicationSet's progressive sync (argo-cd
 * applicationset/controllers/applicationset_controller.go `syncApplication`,
 * v2.14 to v3.5): the Application's auto-sync is off, yet it is not manual.
 */
export const ROLLING_SYNC_USER = 'applicationset-controller';

function initiator(i: ArgoJson | undefined): {
  name: string;
  automated: boolean;
} {
  if (i?.automated)
    return {
      name: i.username === ROLLING_SYNC_USER ? ROLLING_SYNC_USER : 'automated',
      automated: true,
    };
  return { name: str(i?.username) ?? 'unknown', automated: false };
}

function byRollingSync(op: ArgoJson | undefined): boolean {
  if (op?.initiatedBy?.username === ROLLING_SYNC_USER) return true;
  return arr(op?.info).some(
    i => typeof i?.value === 'string' && i.value.includes('RollingSync'),
  );
}

/** True when an ApplicationSet's RollingSync drives the Application (its operations or history say so). */
export function isRollingSyncManaged(app: ArgoJson): boolean {
  if (autoSyncOf(app.spec)) return false;
  return (
    byRollingSync(app.operation) ||
    byRollingSync(app.status?.operationState?.operation) ||
    arr(app.status?.history).some(
      h => h?.initiatedBy?.username === ROLLING_SYNC_USER,
    )
  );
}

export function appUiUrl(
  uiUrl: string,
  name: string,
  namespace?: string,
): string {
  return namespace
    ? `${uiUrl}/applications/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}`
    : `${uiUrl}/applications/${encodeURIComponent(name)}`;
}

/**
 * The current or last operation: `Running` while one is requested
 * (`.operation` set: `POST .../sync` returns before the controller starts it,
 * with the previous `operationState`; argo-cd util/argo/argo.go
 * `SetAppOperation`) or while ArgoCD says `Running`/`Terminating`; then the
 * phase and message ArgoCD gives.
 */
export function operationOf(app: ArgoJson): OperationView | undefined {
  const op = app.status?.operationState;
  const started = RUNNING_OPERATION_PHASES.includes(op?.phase);
  if (app.operation && typeof app.operation === 'object' && !started) {
    const who = app.operation.initiatedBy;
    return JSON.parse(
      JSON.stringify({
        phase: 'Running',
        running: true,
        message: 'waiting for ArgoCD to start the operation',
        initiatedBy: who ? initiator(who).name : undefined,
      }),
    );
  }
  if (!op || !str(op.phase)) return undefined;
  return JSON.parse(
    JSON.stringify({
      phase: op.phase,
      running: RUNNING_OPERATION_PHASES.includes(op.phase),
      message: str(op.message),
      startedAt: str(op.startedAt),
      finishedAt: str(op.finishedAt),
      initiatedBy: op.operation?.initiatedBy
        ? initiator(op.operation.initiatedBy).name
        : undefined,
    }),
  );
}

export function toOverview(
  app: ArgoJson,
  argocdInstance: string,
  uiUrl: string,
): ApplicationOverview {
  const status = app.status ?? {};
  const spec = app.spec ?? {};
  const sources = sourcesOf(spec);
  const chart = chartSourceOf(spec);
  const history = arr(status.history);
  const op = status.operationState;
  const namespace = str(app.metadata?.namespace);
  const overview: ApplicationOverview = {
    argocdInstance,
    appName: app.metadata.name,
    appNamespace: namespace,
    project: str(spec.project),
    uiUrl: appUiUrl(uiUrl, app.metadata.name, namespace),
    sync: {
      status: syncCode(status.sync?.status),
      revisions: revisionsOf(status.sync),
    },
    health: {
      status: healthCode(status.health?.status),
      message: str(status.health?.message),
    },
    chartVersion: liveChartVersion(app),
    targetRevision: str(chart?.targetRevision),
    sources: sources.map(sourceView),
    destination: {
      server: str(spec.destination?.server),
      name: str(spec.destination?.name),
      namespace: str(spec.destination?.namespace),
    },
    lastSyncedAt:
      str(op?.finishedAt) ?? str(history[history.length - 1]?.deployedAt),
    reconciledAt: str(status.reconciledAt),
    autoSync: autoSyncOf(spec),
    managedBy: isRollingSyncManaged(app) ? 'RollingSync' : undefined,
    conditions: arr(status.conditions).map((c: ArgoJson) => ({
      type: String(c?.type ?? ''),
      message: String(c?.message ?? ''),
    })),
    operation: operationOf(app),
  };
  return JSON.parse(JSON.stringify(overview));
}

export function toHistory(
  app: ArgoJson,
  argocdInstance: string,
): ApplicationHistory {
  const history = arr(app.status?.history);
  const entries: HistoryEntryView[] = history.map((h, i) => {
    const who = initiator(h.initiatedBy);
    const e: HistoryEntryView = {
      id: Number(h.id),
      revisions: revisionsOf(h),
      chartVersion: chartRevisionOf(h, h),
      deployedAt: str(h.deployedAt),
      deployStartedAt: str(h.deployStartedAt),
      initiatedBy: who.name,
      automated: who.automated,
      current: i === history.length - 1,
    };
    return JSON.parse(JSON.stringify(e));
  });
  entries.reverse();
  const h: ApplicationHistory = {
    argocdInstance,
    appName: app.metadata.name,
    entries,
    autoSync: autoSyncOf(app.spec),
  };
  if (isRollingSyncManaged(app)) h.managedBy = 'RollingSync';
  return h;
}

/** A resource tree node, reduced to what the views use (what the cache keeps). @internal */
export interface LiteNode {
  uid: string;
  kind: string;
  name: string;
  namespace?: string;
  group?: string;
  health?: HealthStatusCode;
  healthMessage?: string;
  images?: string[];
  createdAt?: string;
  parents?: string[];
}

export function liteNodes(nodes: ArgoJson[]): LiteNode[] {
  return nodes
    .filter(n => n && typeof n.kind === 'string' && typeof n.name === 'string')
    .map(n => {
      const l: LiteNode = {
        uid:
          str(n.uid) ??
          `${n.namespace ?? ''}/${n.group ?? ''}/${n.kind}/${n.name}`,
        kind: n.kind,
        name: n.name,
      };
      if (str(n.namespace)) l.namespace = n.namespace;
      if (str(n.group)) l.group = n.group;
      if (n.health?.status) l.health = healthCode(n.health.status);
      // a managed resource that does not exist: no uid and, before v3, no
      // health (argo-cd controller/appcontroller.go getResourceTree, v2.13)
      else if (!str(n.uid)) l.health = 'Missing';
      if (str(n.health?.message)) l.healthMessage = n.health.message;
      if (Array.isArray(n.images) && n.images.length) l.images = n.images;
      if (str(n.createdAt)) l.createdAt = n.createdAt;
      if (Array.isArray(n.parentRefs) && n.parentRefs.length) {
        l.parents = n.parentRefs.map(
          (p: ArgoJson) =>
            str(p?.uid) ??
            `${p.namespace ?? ''}/${p.group ?? ''}/${p.kind}/${p.name}`,
        );
      }
      return l;
    });
}

/** The tag of an image reference (`reg:5000/a/b:1.2.3` -> `1.2.3`; digests kept short). */
export function tagOf(image: string): string | undefined {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  if (colon >= 0) return last.slice(colon + 1);
  return at >= 0 ? image.slice(at + 1, at + 20) : undefined;
}

/** `<release>-<workload>` -> `<workload>`. */
export function baseName(name: string, release: string): string {
  return name.startsWith(`${release}-`) ? name.slice(release.length + 1) : name;
}

/** Per-workload health and version of one Application (what the refresher stores). @internal */
export interface AppDigest {
  fingerprint: string;
  release: string;
  /** Live umbrella version read from the Application when the list could not tell it. */
  live?: string;
  /** Base workload name -> health and image tags. */
  workloads: Record<string, { h: HealthStatusCode; v: string[] }>;
}

function childrenIndex(nodes: LiteNode[]) {
  const byUid = new Map(nodes.map(n => [n.uid, n]));
  const children = new Map<string, LiteNode[]>();
  const roots: LiteNode[] = [];
  for (const n of nodes) {
    const parents = (n.parents ?? []).filter(p => byUid.has(p));
    if (!parents.length) roots.push(n);
    for (const p of parents) {
      const list = children.get(p) ?? [];
      list.push(n);
      children.set(p, list);
    }
  }
  return { roots, children };
}

function descendants(
  n: LiteNode,
  children: Map<string, LiteNode[]>,
  seen = new Set<string>(),
): LiteNode[] {
  if (seen.has(n.uid)) return [];
  seen.add(n.uid);
  const out = [n];
  for (const c of children.get(n.uid) ?? [])
    out.push(...descendants(c, children, seen));
  return out;
}

/**
 * Image tags of a workload's resources: ArgoCD puts `images` on Pod nodes
 * only (argo-cd controller/cache/info.go `populatePodInfo`, v2.4 to v3.5),
 * so they are read from whatever node carries them under the workload.
 */
function tagsOf(nodes: LiteNode[]): string[] {
  const tags = new Set<string>();
  for (const n of nodes) {
    for (const i of n.images ?? []) {
      const t = tagOf(i);
      if (t) tags.add(t);
    }
  }
  return [...tags].sort();
}

export function digestOf(
  nodes: LiteNode[],
  release: string,
  fingerprint: string,
): AppDigest {
  const { roots, children } = childrenIndex(nodes);
  const workloads: AppDigest['workloads'] = {};
  for (const r of roots) {
    if (!WORKLOAD_KINDS.has(r.kind)) continue;
    const all = descendants(r, children);
    const base = baseName(r.name, release);
    const prev = workloads[base];
    const h = worstHealth(
      [...all.map(n => n.health), prev?.h].filter(Boolean) as string[],
    );
    workloads[base] = {
      h,
      v: [...new Set([...(prev?.v ?? []), ...tagsOf(all)])].sort(),
    };
  }
  return { fingerprint, release, workloads };
}

/** A component an instance runs, as the catalog describes it. @internal */
export interface ComponentInfo {
  name: string;
  workload: string;
  subChart?: string;
  expectedVersion?: string;
}

function toView(
  n: LiteNode,
  children: Map<string, LiteNode[]>,
  seen: Set<string>,
): ResourceNodeView {
  seen.add(n.uid);
  const v: ResourceNodeView = {
    kind: n.kind,
    name: n.name,
    images: n.images ?? [],
    children: (children.get(n.uid) ?? [])
      .filter(c => !seen.has(c.uid))
      .sort(
        (a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
      )
      .map(c => toView(c, children, seen)),
  };
  if (n.namespace) v.namespace = n.namespace;
  if (n.group) v.group = n.group;
  if (n.health) v.health = n.health;
  if (n.healthMessage) v.healthMessage = n.healthMessage;
  if (n.createdAt) v.createdAt = n.createdAt;
  return v;
}

function matches(name: string, release: string, workload: string): boolean {
  return (
    name === workload ||
    name === `${release}-${workload}` ||
    name.startsWith(`${release}-${workload}-`) ||
    name.startsWith(`${workload}-`)
  );
}

/**
 * Groups a resource tree by component: each root resource goes to the
 * component whose workload name (`<workload>` or `<release>-<workload>`,
 * longest match first) it carries; what hangs under it follows (parentRefs).
 * Without component information, components are named after the workloads.
 */
export function groupResources(
  nodes: LiteNode[],
  release: string,
  components: ComponentInfo[],
): ResourceGroupView[] {
  const { roots, children } = childrenIndex(nodes);
  let comps = components;
  if (!comps.length) {
    const names = new Set(
      roots
        .filter(r => WORKLOAD_KINDS.has(r.kind))
        .map(r => baseName(r.name, release)),
    );
    comps = [...names].map(n => ({ name: n, workload: n }));
  }
  // longest workload first, so that `pai-gw` wins over `pai`
  const ordered = [...comps].sort(
    (a, b) => b.workload.length - a.workload.length,
  );
  const buckets = new Map<string | null, LiteNode[]>();
  for (const r of roots.sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
  )) {
    const c = ordered.find(x => matches(r.name, release, x.workload));
    const key = c ? c.name : null;
    const list = buckets.get(key) ?? [];
    list.push(r);
    buckets.set(key, list);
  }
  const groups: ResourceGroupView[] = [];
  for (const [key, list] of buckets) {
    const info = comps.find(c => c.name === key);
    const seen = new Set<string>();
    const resources = list.map(r => toView(r, children, seen));
    const all = list.flatMap(r => descendants(r, children));
    const g: ResourceGroupView = {
      component: key,
      health: worstHealth(all.map(n => n.health).filter(Boolean) as string[]),
      versions: tagsOf(all),
      resources,
    };
    if (info?.subChart) g.subChart = info.subChart;
    if (info?.workload) g.workload = info.workload;
    if (info?.expectedVersion) g.expectedVersion = info.expectedVersion;
    groups.push(g);
  }
  return groups.sort(
    (a, b) =>
      Number(a.component === null) - Number(b.component === null) ||
      healthRank(a.health) - healthRank(b.health) ||
      String(a.component).localeCompare(String(b.component)),
  );
}
