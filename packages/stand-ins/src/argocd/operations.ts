/*
 * Sync and rollback as ArgoCD runs them (test and dev code only): the API
 * server only records the operation on the Application and answers at once;
 * the application controller starts it later (phase Running), finishes it
 * (Succeeded, Failed or Error), drops `.operation` and, on success, appends a
 * history entry. Learned from server/application/application.go Sync,
 * Rollback, resolveSourceRevisions; util/argo/argo.go SetAppOperation;
 * controller/appcontroller.go processRequestedAppOperation, setOperationState;
 * controller/sync.go (persistRevisionHistory) @ v2.14.21 and v3.5.1.
 */
import type { Json, StandInApplication } from './fleet';
import { resolveChartRevision, shaOf } from './fleet';
import type { ArgocdProfile } from './profiles';

/** An error the API server answers, as grpc-gateway writes it. @public */
export class ArgocdApiError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message);
  }
}

const precondition = (message: string) => new ArgocdApiError(400, 9, message);

/** util/argo/argo.go ErrAnotherOperationInProgress, wrapped by Sync and Rollback. */
const ANOTHER_OPERATION =
  'error setting app operation: another operation is already in progress';

function nowIso() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The body fields of ApplicationSyncRequest / ApplicationRollbackRequest the stand-in reads. */
export interface OperationRequest {
  revision?: string;
  revisions?: string[];
  sourcePositions?: number[];
  prune?: boolean;
  dryRun?: boolean;
  id?: number;
  resources?: Json[];
  strategy?: Json;
  syncOptions?: { items?: string[] };
}

/** What the engine needs from the server: timing, outcome switches, versions. */
export interface OperationContext {
  profile: ArgocdProfile;
  /** Time from the request to the end of the operation. */
  operationMs(): number;
  /** Names of the apps whose operations fail. */
  failing(name: string): boolean;
  /** Chart versions the Helm repository serves (to resolve ranges). */
  chartVersions: string[];
  /** Called on every change of an Application (resourceVersion bump). */
  touched(app: Json): void;
  /** Called when a real (not dry-run) sync succeeded: the live state now follows it. */
  synced?(entry: StandInApplication, operation: Json): void;
  /** The commit a git source's branch points to, when the stand-in follows a repository. */
  gitRevision?(): string | undefined;
}

function qualifiedName(app: Json): string {
  // Application.QualifiedName: the name alone in the control-plane namespace
  return app.metadata.namespace === 'argocd'
    ? app.metadata.name
    : `${app.metadata.namespace}/${app.metadata.name}`;
}

const automated = (app: Json): boolean => {
  const a = app.spec.syncPolicy?.automated;
  // v3.x IsAutomatedSyncEnabled: automated set and not `enabled: false`
  return Boolean(a) && a.enabled !== false;
};

function resolve(source: Json, revision: string, ctx: OperationContext) {
  if (source.chart || String(source.repoURL).startsWith('oci://')) {
    const resolved = resolveChartRevision(revision, ctx.chartVersions);
    if (!ctx.chartVersions.includes(resolved))
      // reposerver ResolveRevision fails; Sync wraps it as FailedPrecondition
      throw precondition(
        `error resolving repo revision: rpc error: code = Unknown desc = chart ${
          source.chart ?? source.repoURL
        } version "${revision}" not found in repository ${source.repoURL}`,
      );
    return resolved;
  }
  if (/^[0-9a-f]{40}$/.test(revision)) return revision;
  return (
    ctx.gitRevision?.() ?? shaOf(`${source.repoURL}@${revision || 'HEAD'}`)
  );
}

/**
 * Validates a sync request and returns the operation to record, or throws
 * the API error ArgoCD answers. Multi-source: `revisions[i]` applies to
 * source `sourcePositions[i]` (1-based, v2.14+); without positions the
 * sources' own targets are synced.
 */
function syncOperation(
  app: Json,
  body: OperationRequest,
  user: Json,
  ctx: OperationContext,
): Json {
  const spec = app.spec;
  const common = {
    ...(body.prune ? { prune: true } : {}),
    ...(body.dryRun ? { dryRun: true } : {}),
    ...(body.strategy ? { syncStrategy: body.strategy } : {}),
    ...(body.resources?.length ? { resources: body.resources } : {}),
  };
  const syncOptions = body.syncOptions?.items ?? spec.syncPolicy?.syncOptions;
  if (spec.sources?.length) {
    const sources: Json[] = spec.sources.map((s: Json) => ({ ...s }));
    const positions = body.sourcePositions ?? [];
    const desired: Array<string | undefined> = sources.map(() => undefined);
    positions.forEach((pos, i) => {
      if (pos <= 0 || pos > sources.length)
        throw new ArgocdApiError(500, 2, 'source position is out of range');
      if (body.revisions?.[i] === undefined)
        throw new ArgocdApiError(
          500,
          13,
          `runtime error: index out of range [${i}] with length ${
            body.revisions?.length ?? 0
          }`,
        );
      desired[pos - 1] = body.revisions[i];
    });
    const revisions = sources.map((source, index) => {
      const wanted = desired[index];
      if (
        wanted !== undefined &&
        wanted !== (source.targetRevision || 'HEAD') &&
        automated(app) &&
        !body.dryRun &&
        // v2.14.21 compares the request with the very sources it just
        // overwrote (GetSources shares the slice), so the check never fires
        // there; v3.5.1 compares with the app's own targets
        ctx.profile.name !== 'v2.14'
      )
        throw precondition(
          `Cannot sync source ${source.repoURL} to ${wanted}: auto-sync currently set to ${source.targetRevision}`,
        );
      if (wanted !== undefined && ctx.profile.name === 'v2.14')
        source.targetRevision = wanted; // the overwritten copy goes into the operation
      return resolve(source, wanted ?? source.targetRevision ?? 'HEAD', ctx);
    });
    return {
      sync: {
        ...common,
        ...(syncOptions ? { syncOptions } : {}),
        sources: ctx.profile.name === 'v2.14' ? sources : spec.sources,
        revisions,
      },
      initiatedBy: user,
      retry: spec.syncPolicy?.retry ?? {},
    };
  }
  const target = spec.source?.targetRevision || 'HEAD';
  if (
    body.revision &&
    body.revision !== target &&
    automated(app) &&
    !body.dryRun
  )
    throw precondition(
      `Cannot sync to ${body.revision}: auto-sync currently set to ${spec.source?.targetRevision}`,
    );
  return {
    sync: {
      revision: resolve(spec.source ?? {}, body.revision || target, ctx),
      ...common,
      ...(syncOptions ? { syncOptions } : {}),
    },
    initiatedBy: user,
    retry: spec.syncPolicy?.retry ?? {},
  };
}

/** Rollback: refused on auto-sync apps, then a sync to a history entry. */
function rollbackOperation(
  app: Json,
  body: OperationRequest,
  user: Json,
): Json {
  if (automated(app))
    throw precondition(
      'rollback cannot be initiated when auto-sync is enabled',
    );
  const entry = (app.status.history ?? []).find(
    (h: Json) => h.id === Number(body.id ?? 0),
  );
  if (!entry)
    throw new ArgocdApiError(
      400,
      3,
      `application ${qualifiedName(app)} does not have deployment with id ${
        body.id ?? 0
      }`,
    );
  return {
    sync: {
      ...(entry.revision ? { revision: entry.revision } : {}),
      ...(body.prune ? { prune: true } : {}),
      ...(body.dryRun ? { dryRun: true } : {}),
      syncStrategy: { apply: {} },
      // `Source: &deploymentInfo.Source`: a pointer to the zero source for a
      // multi-source entry, encoded {"repoURL": ""}
      source: entry.source ?? { repoURL: '' },
      ...(app.spec.syncPolicy?.syncOptions
        ? { syncOptions: app.spec.syncPolicy.syncOptions }
        : {}),
      ...(entry.sources ? { sources: entry.sources } : {}),
      ...(entry.revisions ? { revisions: entry.revisions } : {}),
    },
    initiatedBy: user,
    retry: {},
  };
}

/** Runs the operations of one stand-in. @public */
export class OperationEngine {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly ctx: OperationContext) {}

  /**
   * Records a sync or rollback on the app (SetAppOperation: `.operation` set,
   * `status.operationState` removed) and schedules it; throws ArgoCD's error
   * when the request is refused.
   */
  start(
    entry: StandInApplication,
    kind: 'sync' | 'rollback',
    body: OperationRequest,
    user: Json,
  ): void {
    const app = entry.app;
    const operation =
      kind === 'sync'
        ? syncOperation(app, body, user, this.ctx)
        : rollbackOperation(app, body, user);
    if (app.operation) throw precondition(ANOTHER_OPERATION);
    app.operation = operation;
    delete app.status.operationState;
    this.ctx.touched(app);
    const total = Math.max(0, this.ctx.operationMs());
    this.later(Math.floor(total / 3), () => this.run(entry, kind));
    this.later(total, () => this.finish(entry, kind));
  }

  /**
   * Starts a sync the controllers initiate themselves: the application
   * controller's auto-sync (`initiatedBy: {automated: true}`, prune from the
   * policy, its retry; controller/appcontroller.go autoSync @ v2.14.21 and
   * v3.5.1) or an ApplicationSet's RollingSync step (`username:
   * applicationset-controller`, the Reason info; applicationset/controllers/
   * applicationset_controller.go syncApplication @ v2.14.21). Throws when an
   * operation is already running.
   */
  startAutomated(
    entry: StandInApplication,
    initiatedBy: Json,
    info?: Json[],
  ): void {
    const app = entry.app;
    const operation = syncOperation(
      app,
      { prune: Boolean(app.spec.syncPolicy?.automated?.prune) },
      initiatedBy,
      this.ctx,
    );
    if (info) operation.info = info;
    if (app.operation) throw precondition(ANOTHER_OPERATION);
    app.operation = operation;
    delete app.status.operationState;
    this.ctx.touched(app);
    const total = Math.max(0, this.ctx.operationMs());
    this.later(Math.floor(total / 3), () => this.run(entry, 'sync'));
    this.later(total, () => this.finish(entry, 'sync'));
  }

  /** Cancels the pending timers (on stop). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private later(ms: number, fn: () => void) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** processRequestedAppOperation: a new OperationState in phase Running. */
  private run(entry: StandInApplication, _kind: string) {
    const app = entry.app;
    if (!app.operation || app.status.operationState) return;
    app.status.operationState = {
      operation: app.operation,
      phase: 'Running',
      message: 'one or more tasks are running',
      startedAt: nowIso(),
    };
    this.ctx.touched(app);
  }

  private finish(entry: StandInApplication, kind: 'sync' | 'rollback') {
    const app = entry.app;
    const operation = app.operation;
    if (!operation) return;
    this.run(entry, kind);
    const state = app.status.operationState;
    const sync = operation.sync;
    const multi = Boolean(sync.revisions?.length);
    const sources = sync.sources ?? app.spec.sources;
    const result = (resources: Json[]) => ({
      resources,
      revision: sync.revision ?? '',
      ...(multi ? { sources, revisions: sync.revisions } : {}),
      ...(!multi
        ? { source: kind === 'rollback' ? sync.source : app.spec.source }
        : {}),
    });
    const workload = (app.status.resources ?? []).find((r: Json) =>
      ['Deployment', 'StatefulSet'].includes(r.kind),
    );
    const finishedAt = nowIso();
    if (this.ctx.failing(app.metadata.name)) {
      const message = `Deployment.apps "${
        workload?.name ?? app.metadata.name
      }" is invalid: spec.template.spec.containers[0].image: Required value`;
      app.status.operationState = {
        ...state,
        phase: 'Failed',
        // gitops-engine pkg/sync/sync_context.go executeSyncFailPhase
        message: `one or more objects failed to apply, reason: ${message}`,
        syncResult: result([
          {
            group: 'apps',
            version: 'v1',
            kind: workload?.kind ?? 'Deployment',
            namespace: workload?.namespace ?? app.spec.destination.namespace,
            name: workload?.name ?? app.metadata.name,
            status: 'SyncFailed',
            message,
            hookPhase: 'Failed',
            syncPhase: 'Sync',
          },
        ]),
        finishedAt,
      };
    } else {
      app.status.operationState = {
        ...state,
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        syncResult: result([]),
        finishedAt,
      };
      if (!sync.dryRun) {
        if (kind === 'sync') {
          app.status.sync.status = 'Synced';
          if (multi) app.status.sync.revisions = sync.revisions;
          else app.status.sync.revision = sync.revision;
          this.ctx.synced?.(entry, operation);
        } else {
          // the live state is now an older revision than the target
          app.status.sync.status = 'OutOfSync';
        }
        // controller/sync.go: history only for a full, successful, real sync
        if (!sync.resources?.length) {
          const history: Json[] = (app.status.history ??= []);
          const id = history.length ? history[history.length - 1].id + 1 : 0;
          history.push({
            ...(multi ? {} : { revision: sync.revision }),
            deployedAt: finishedAt,
            id,
            ...(multi
              ? {}
              : {
                  source: kind === 'rollback' ? sync.source : app.spec.source,
                }),
            deployStartedAt: state.startedAt,
            ...(multi ? { sources, revisions: sync.revisions } : {}),
            initiatedBy: operation.initiatedBy,
          });
          const limit = app.spec.revisionHistoryLimit ?? 10;
          if (history.length > limit) history.splice(0, history.length - limit);
        }
      }
    }
    delete app.operation; // setOperationState: `operation: null` once completed
    app.status.reconciledAt = finishedAt;
    this.ctx.touched(app);
  }
}
