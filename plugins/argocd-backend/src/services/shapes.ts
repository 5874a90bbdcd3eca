import {
  ApplicationHistory,
  ApplicationOverview,
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

/** The chart source of an Application (the `pegase` chart, else the first chart, else `source`). */
/** `sources`, else `[source]`, else `[]` (an Application spec or a history entry). */
export function sourcesOf(x: ArgoJson | undefined): ArgoJson[] {
  if (Array.isArray(x?.sources)) return x!.sources;
  return x?.source ? [x.source] : [];
}

export function chartSourceOf(
  spec: ArgoJson | undefined,
): ArgoJson | undefined {
  const sources = sourcesOf(spec);
  return (
    sources.find(s => s?.chart === 'pegase') ??
    sources.find(s => s?.chart) ??
    sources[0]
  );
}

/** What the fleet needs of one Application (from the light list). @internal */
export interface AppSummary {
  name: string;
  project?: string;
  sync: SyncStatusCode;
  revisions: string[];
  health: HealthStatusCode;
  healthMessage?: string;
  opPhase?: string;
  opStartedAt?: string;
  opFinishedAt?: string;
  chartVersion?: string;
  release: string;
  destination: { server?: string; name?: string; namespace?: string };
  autoSync: boolean;
  /** Workload name -> health, when the list carries per-resource health (persist on). */
  resourceHealth?: Record<string, HealthStatusCode>;
}

export function revisionsOf(sync: ArgoJson | undefined): string[] {
  if (Array.isArray(sync?.revisions))
    return sync!.revisions.filter((r: unknown) => typeof r === 'string');
  return str(sync?.revision) ? [sync!.revision] : [];
}

export function summarize(item: ArgoJson): AppSummary {
  const name = String(item.metadata?.name);
  const chart = chartSourceOf(item.spec);
  const s: AppSummary = {
    name,
    project: str(item.spec?.project),
    sync: syncCode(item.status?.sync?.status),
    revisions: revisionsOf(item.status?.sync),
    health: healthCode(item.status?.health?.status),
    healthMessage: str(item.status?.health?.message),
    opPhase: str(item.status?.operationState?.phase),
    opStartedAt: str(item.status?.operationState?.startedAt),
    opFinishedAt: str(item.status?.operationState?.finishedAt),
    chartVersion: chart?.chart ? str(chart.targetRevision) : undefined,
    release: str(chart?.helm?.releaseName) ?? name,
    destination: {
      server: str(item.spec?.destination?.server),
      name: str(item.spec?.destination?.name),
      namespace: str(item.spec?.destination?.namespace),
    },
    autoSync: Boolean(item.spec?.syncPolicy?.automated),
  };
  const resources: ArgoJson[] | undefined = item.status?.resources;
  if (Array.isArray(resources) && resources.some(r => r?.health?.status)) {
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
    s.revisions,
    s.opPhase,
    s.opFinishedAt,
    s.chartVersion,
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

function initiator(i: ArgoJson | undefined): {
  name: string;
  automated: boolean;
} {
  if (i?.automated) return { name: 'automated', automated: true };
  return { name: str(i?.username) ?? 'unknown', automated: false };
}

export function appUiUrl(uiUrl: string, name: string): string {
  return `${uiUrl}/applications/${encodeURIComponent(name)}`;
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
  const history: ArgoJson[] = Array.isArray(status.history)
    ? status.history
    : [];
  const op = status.operationState;
  const overview: ApplicationOverview = {
    argocdInstance,
    appName: app.metadata.name,
    project: str(spec.project),
    uiUrl: appUiUrl(uiUrl, app.metadata.name),
    sync: {
      status: syncCode(status.sync?.status),
      revisions: revisionsOf(status.sync),
    },
    health: {
      status: healthCode(status.health?.status),
      message: str(status.health?.message),
    },
    chartVersion: chart?.chart ? str(chart.targetRevision) : undefined,
    sources: sources.map(sourceView),
    destination: {
      server: str(spec.destination?.server),
      name: str(spec.destination?.name),
      namespace: str(spec.destination?.namespace),
    },
    lastSyncedAt:
      str(op?.finishedAt) ?? str(history[history.length - 1]?.deployedAt),
    reconciledAt: str(status.reconciledAt),
    autoSync: Boolean(spec.syncPolicy?.automated),
    conditions: (Array.isArray(status.conditions) ? status.conditions : []).map(
      (c: ArgoJson) => ({
        type: String(c?.type ?? ''),
        message: String(c?.message ?? ''),
      }),
    ),
  };
  if (op && str(op.phase)) {
    overview.operation = {
      phase: op.phase,
      message: str(op.message),
      startedAt: str(op.startedAt),
      finishedAt: str(op.finishedAt),
      initiatedBy: op.operation?.initiatedBy
        ? initiator(op.operation.initiatedBy).name
        : undefined,
    };
  }
  return JSON.parse(JSON.stringify(overview));
}

export function toHistory(
  app: ArgoJson,
  argocdInstance: string,
): ApplicationHistory {
  const history: ArgoJson[] = Array.isArray(app.status?.history)
    ? app.status.history
    : [];
  const entries: HistoryEntryView[] = history.map((h, i) => {
    const who = initiator(h.initiatedBy);
    const sources = sourcesOf(h);
    const chart =
      sources.find(s => s?.chart === 'pegase') ?? sources.find(s => s?.chart);
    const e: HistoryEntryView = {
      id: Number(h.id),
      revisions: revisionsOf(h),
      chartVersion: str(chart?.targetRevision),
      deployedAt: str(h.deployedAt),
      deployStartedAt: str(h.deployStartedAt),
      initiatedBy: who.name,
      automated: who.automated,
      current: i === history.length - 1,
    };
    return JSON.parse(JSON.stringify(e));
  });
  entries.reverse();
  return {
    argocdInstance,
    appName: app.metadata.name,
    entries,
    autoSync: Boolean(app.spec?.syncPolicy?.automated),
  };
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

function tagsOf(nodes: LiteNode[]): string[] {
  const tags = new Set<string>();
  for (const n of nodes) {
    if (!WORKLOAD_KINDS.has(n.kind)) continue;
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
