/*
 * The ArgoCD stand-in follows its GitOps repository (test and dev code only):
 * every reconciliation it re-reads the repository (the git server's branch,
 * or the folder it was fed) and, when an instance's declared chart version
 * changes, its Application sees the new target and goes OutOfSync; the
 * application controller's auto-sync (sandboxes, previews) or the
 * ApplicationSet's RollingSync (construction) syncs it, production waits for
 * a sync through the API; after the sync the app is Progressing, then
 * Healthy, or Degraded for a chosen version. The rules of the controllers
 * are named where they apply.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  directoryFileSource,
  readGitopsRepository,
  tgzFileSource,
  type GitopsSnapshot,
  type ResolvedInstance,
} from '@pcscol/plugin-pegase-node';
import {
  buildApplications,
  Json,
  resolveChartRevision,
  Scenario,
  shaOf,
  StandInApplication,
} from './fleet';
import type { OperationEngine } from './operations';
import type { ArgocdProfile } from './profiles';

const execFileAsync = promisify(execFile);

/**
 * Interval (ms) between two reads of the repository: the stand-in's
 * `timeout.reconciliation` (argocd-cm, 180 s by default in ArgoCD;
 * docs/operator-manual/argocd-cm.yaml @ v2.14.21). 0: never re-read. @public
 */
export const RECONCILIATION_ENV = 'PEGASE_ARGOCD_RECONCILIATION_MS';
/** Chart versions whose Applications end Degraded after their sync (comma-separated). @public */
export const DEGRADED_VERSIONS_ENV = 'PEGASE_STANDIN_DEGRADED_VERSIONS';
/** Time (ms) an Application stays Progressing after its sync. @public */
export const PROGRESS_ENV = 'PEGASE_ARGOCD_PROGRESS_MS';

/** Where the stand-in reads the GitOps repository from. @public */
export interface RepositoryRef {
  /** A git directory (bare or not), read at `branch`: the git server's repository. */
  gitDir?: string;
  /** Default `main`. */
  branch?: string;
  /** A plain folder, when there is no git directory. */
  gitopsDir?: string;
}

/** The repository at its current revision. */
export interface RepositoryRead {
  snapshot: GitopsSnapshot;
  /** The commit SHA of the branch (a content hash for a folder). */
  revision: string;
}

/** The commit of the branch of a git directory; undefined for a folder. */
export async function headRevision(
  ref: RepositoryRef,
): Promise<string | undefined> {
  if (!ref.gitDir) return undefined;
  const { stdout } = await execFileAsync('git', [
    '-C',
    ref.gitDir,
    'rev-parse',
    '--verify',
    `refs/heads/${ref.branch ?? 'main'}^{commit}`,
  ]);
  return stdout.trim();
}

/** Reads the repository: `git archive` of the branch, or the folder. @public */
export async function readRepository(
  ref: RepositoryRef,
): Promise<RepositoryRead> {
  if (ref.gitDir) {
    const branch = ref.branch ?? 'main';
    const revision = (await headRevision(ref))!;
    const archive = await execFileAsync(
      'git',
      ['-C', ref.gitDir, 'archive', '--format=tar.gz', revision],
      { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 },
    );
    const source = await tgzFileSource(
      archive.stdout as Buffer,
      `${ref.gitDir}#${branch}`,
    );
    const snapshot = await readGitopsRepository(source, { loadOpenApi: false });
    return { snapshot, revision };
  }
  if (!ref.gitopsDir)
    throw new Error('readRepository: no gitDir nor gitopsDir');
  const snapshot = await readGitopsRepository(
    directoryFileSource(ref.gitopsDir),
    { loadOpenApi: false },
  );
  const revision = shaOf(
    snapshot.instances.map(i => `${i.file}:${i.chartVersion}`).join('\n'),
  );
  return { snapshot, revision };
}

/** What the follower needs from the server. */
export interface FollowerContext {
  profile: ArgocdProfile;
  engine: OperationEngine;
  /** The served Applications, by `namespace/name`. */
  apps: Map<string, StandInApplication>;
  /** Chart versions the Helm repository serves (grows with the repository). */
  chartVersions: string[];
  touched(app: Json): void;
  progressMs(): number;
  degradedVersions(): string[];
}

function nowIso() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const automated = (app: Json): boolean => {
  const a = app.spec.syncPolicy?.automated;
  return Boolean(a) && a.enabled !== false;
};

const rollingSync = (app: Json): boolean =>
  (app.metadata.ownerReferences ?? []).some(
    (o: Json) =>
      o.kind === 'ApplicationSet' && o.name === 'pegase-construction',
  );

const sameRevisions = (a?: string[], b?: string[]) =>
  Boolean(a && b) && a!.length === b!.length && a!.every((x, i) => x === b![i]);

/** One Application the repository moved: its new target, until it is live. */
interface Moved {
  instance: ResolvedInstance;
  snapshot: GitopsSnapshot;
  /** The resolved chart version it must run. */
  version: string;
  /** The RollingSync already synced this target (it syncs a step once). */
  rolled?: boolean;
}

/** Follows the repository for one stand-in. @public */
export class RepositoryFollower {
  /** Instance name -> the chart version its Application was built for. */
  private readonly declared = new Map<string, string>();
  /** Instance name -> the chart version running (the last synced one). */
  private readonly live = new Map<string, string>();
  private readonly moved = new Map<string, Moved>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running?: Promise<void>;
  /** The repository revision of the last pass. */
  revision?: string;
  private interval?: NodeJS.Timeout;

  constructor(
    private readonly ctx: FollowerContext,
    private readonly ref: RepositoryRef,
    initial: GitopsSnapshot,
  ) {
    for (const i of initial.instances)
      this.declared.set(i.name, i.chartVersion);
    for (const entry of ctx.apps.values()) {
      const name = entry.app.metadata.labels?.['pegase/instance'];
      if (!name) continue;
      const history: Json[] = entry.app.status.history ?? [];
      const running = history[history.length - 1]?.revisions?.[0];
      this.live.set(name, running ?? this.declared.get(name) ?? '');
    }
  }

  /** Re-reads the repository every `ms` (0: never). */
  start(ms: number): void {
    if (!(ms > 0)) return;
    this.interval = setInterval(() => {
      this.reconcile().catch(() => {
        // an unreadable commit: ArgoCD keeps the last state (ComparisonError)
      });
    }, ms);
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Instance name -> the chart version its Application runs. */
  liveVersions(): Record<string, string> {
    return Object.fromEntries(this.live);
  }

  /** One reconciliation (a running one is joined, not repeated). */
  reconcile(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private entryOf(name: string): StandInApplication | undefined {
    for (const entry of this.ctx.apps.values())
      if (entry.app.metadata.labels?.['pegase/instance'] === name) return entry;
    return undefined;
  }

  private async pass(): Promise<void> {
    // an unchanged commit holds nothing new (ArgoCD's manifest cache is
    // keyed by revision too): only the pending syncs are looked at
    if (this.revision && this.revision === (await headRevision(this.ref))) {
      this.syncMoved();
      return;
    }
    const { snapshot, revision } = await readRepository(this.ref);
    this.revision = revision;
    // the Helm repository serves what the repository releases and declares
    for (const v of [
      ...snapshot.releases.map(r => r.version),
      ...snapshot.instances.map(i => i.chartVersion),
    ])
      if (!this.ctx.chartVersions.includes(v)) this.ctx.chartVersions.push(v);
    const changed = snapshot.instances.filter(
      i =>
        this.declared.has(i.name) &&
        this.declared.get(i.name) !== i.chartVersion,
    );
    if (changed.length) {
      const fresh = buildApplications(
        { ...snapshot, instances: changed },
        { scenarioOf: () => 'healthy' },
      );
      for (const instance of changed) {
        this.declared.set(instance.name, instance.chartVersion);
        const entry = this.entryOf(instance.name);
        const built = fresh.find(
          f => f.app.metadata.labels?.['pegase/instance'] === instance.name,
        );
        if (entry && built)
          this.retarget(entry, built, instance, snapshot, revision);
      }
    }
    this.syncMoved();
  }

  private syncMoved() {
    for (const [name, moved] of this.moved) {
      const entry = this.entryOf(name);
      if (entry) this.autoSync(entry, moved);
    }
  }

  /** The new declared version: new sources, OutOfSync against the new revisions. */
  private retarget(
    entry: StandInApplication,
    built: StandInApplication,
    instance: ResolvedInstance,
    snapshot: GitopsSnapshot,
    revision: string,
  ) {
    const app = entry.app;
    const chartSource = built.app.spec.sources[0];
    const version = resolveChartRevision(
      chartSource.targetRevision,
      this.ctx.chartVersions,
    );
    const sourcesChanged =
      JSON.stringify(app.spec.sources) !==
      JSON.stringify(built.app.spec.sources);
    app.spec.sources = built.app.spec.sources;
    if (sourcesChanged) app.metadata.generation += 1;
    const name = instance.name;
    if (version === this.live.get(name)) {
      // back to what runs: Synced again, nothing to do
      this.moved.delete(name);
      app.status.sync = {
        status: 'Synced',
        comparedTo: {
          destination: app.spec.destination,
          sources: app.spec.sources,
        },
        revisions: [version, revision],
      };
      app.status.resources = (app.status.resources ?? []).map((r: Json) => ({
        ...r,
        status: 'Synced',
      }));
    } else {
      this.moved.set(name, { instance, snapshot, version });
      app.status.sync = {
        status: 'OutOfSync',
        comparedTo: {
          destination: app.spec.destination,
          sources: app.spec.sources,
        },
        revisions: [version, revision],
      };
      app.status.resources = (app.status.resources ?? []).map((r: Json) => ({
        ...r,
        status: 'OutOfSync',
      }));
    }
    app.status.reconciledAt = nowIso();
    this.ctx.touched(app);
  }

  /**
   * controller/appcontroller.go autoSync @ v2.14.21 / v3.5.1: only an
   * automated app, OutOfSync, with no operation running; a sync already
   * attempted to the same revisions is not started again: after a failure
   * it sets a SyncError condition instead ("Failed sync attempt to ..." in
   * 2.x, "Failed last sync attempt to ..." in 3.x), after a success it waits
   * (selfHeal only re-applies drifted resources at the same revision, which
   * the stand-in never has). Construction apps: the RollingSync step of
   * their ApplicationSet syncs them once per new target (one step, maxUpdate
   * 100%). Production: nothing, it waits for a sync through the API.
   */
  private autoSync(entry: StandInApplication, moved: Moved) {
    const app = entry.app;
    if (app.operation || app.status.sync?.status !== 'OutOfSync') return;
    const desired: string[] = app.status.sync.revisions ?? [];
    if (automated(app)) {
      const last = app.status.operationState;
      const attempted = sameRevisions(
        last?.syncResult?.revisions ?? last?.operation?.sync?.revisions,
        desired,
      );
      if (attempted && last.phase !== 'Succeeded') {
        const message =
          this.ctx.profile.name === 'v2.14'
            ? `Failed sync attempt to ${desired.join(', ')}: ${last.message}`
            : `Failed last sync attempt to [${desired.join(' ')}]: ${
                last.message
              }`;
        if (app.status.conditions?.[0]?.message !== message) {
          app.status.conditions = [
            { type: 'SyncError', message, lastTransitionTime: nowIso() },
          ];
          this.ctx.touched(app);
        }
        return;
      }
      if (attempted) return;
      this.ctx.engine.startAutomated(entry, { automated: true });
      return;
    }
    if (rollingSync(app) && !moved.rolled) {
      moved.rolled = true;
      this.ctx.engine.startAutomated(
        entry,
        { username: 'applicationset-controller', automated: true },
        [
          {
            name: 'Reason',
            value:
              'ApplicationSet RollingSync triggered a sync of this Application resource.',
          },
        ],
      );
    }
  }

  /** After a successful sync: the new workloads roll out, then settle. */
  synced(entry: StandInApplication, operation: Json): void {
    const name = entry.app.metadata.labels?.['pegase/instance'];
    const moved = name ? this.moved.get(name) : undefined;
    if (!name || !moved) return;
    const version: string =
      operation.sync?.revisions?.[0] ??
      operation.sync?.revision ??
      moved.version;
    this.live.set(name, version);
    if (version !== moved.version) {
      // the repository moved during the sync: still OutOfSync against the
      // newer target, which the next reconciliation syncs (or waits for)
      const app = entry.app;
      app.status.sync = {
        ...app.status.sync,
        status: 'OutOfSync',
        revisions: [moved.version, this.revision ?? ''],
      };
      this.ctx.touched(app);
      // a finished operation requests a refresh of its app, whose
      // comparison runs autoSync again (appcontroller.go
      // processRequestedAppOperation, requestAppRefresh); after the engine
      // has cleared `.operation`
      const again = setTimeout(() => {
        this.timers.delete(again);
        const newer = this.moved.get(name);
        if (newer) this.autoSync(entry, newer);
      }, 0);
      this.timers.add(again);
      return;
    }
    this.moved.delete(name);
    delete entry.app.status.conditions;
    this.show(entry, moved, 'progressing');
    const settle = setTimeout(() => {
      this.timers.delete(settle);
      if (this.live.get(name) !== version) return;
      const degraded = this.ctx.degradedVersions().includes(version);
      this.show(entry, moved, degraded ? 'degraded' : 'healthy');
    }, Math.max(0, this.ctx.progressMs()));
    this.timers.add(settle);
  }

  /** The live tree, resources, health and images of one scenario at the new version. */
  private show(entry: StandInApplication, moved: Moved, scenario: Scenario) {
    const [built] = buildApplications(
      { ...moved.snapshot, instances: [moved.instance] },
      { scenarioOf: () => scenario },
    );
    const app = entry.app;
    entry.nodes = built.nodes;
    app.status.resources = built.app.status.resources;
    app.status.summary = built.app.status.summary;
    const status = built.app.status.health.status;
    if (app.status.health?.status !== status)
      app.status.health = { status, lastTransitionTime: nowIso() };
    app.status.reconciledAt = nowIso();
    this.ctx.touched(app);
  }
}
