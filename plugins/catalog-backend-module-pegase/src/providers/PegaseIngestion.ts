import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import type { EventParams } from '@backstage/plugin-events-node';
import type { PegaseProviderConfig } from '../config';
import {
  normaliseRepoUrl,
  parsePushPayload,
  providersForFiles,
} from '../events';
import { listArgocdClusters } from '../kubernetes/argocdClusters';
import {
  openSource,
  SourceNotModified,
  SourceState,
  withoutVault,
} from '../source/openSource';
import { ArgocdCluster } from '../transform/clusters';
import { formatProblem } from '../transform/common';
import { redactingLogger } from './redactingLogger';
import {
  GitopsReadCache,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import { PegaseEntities, transformSnapshot } from '../transform';
import {
  ApplyResult,
  CatalogStateLookup,
  PegaseEntityProvider,
} from './PegaseEntityProvider';

/** Names of the four providers. @public */
export const PROVIDER_NAMES = {
  chart: 'pegase-umbrella-chart',
  inventory: 'pegase-inventory',
  clusters: 'pegase-clusters',
  argocd: 'pegase-argocd',
} as const;

/** The key of one of the four providers in {@link PROVIDER_NAMES}. @public */
export type PegaseProviderKey = keyof typeof PROVIDER_NAMES;

/** Result of one run. @public */
export interface IngestionRunResult {
  status: 'applied' | 'unchanged' | 'failed' | 'ignored';
  reason: string;
  /** Per provider. */
  results: Partial<Record<PegaseProviderKey, ApplyResult>>;
  problems: number;
  readMs?: number;
}

/**
 * What a push webhook event got at once: `queued` (the read runs after the
 * answer; `read` resolves with its result) or `ignored` (with the reason).
 * @public
 */
export interface EventAck {
  status: 'queued' | 'ignored';
  reason: string;
  /** The read that will include this push (queued only). */
  read?: Promise<IngestionRunResult>;
}

/** Options of {@link PegaseIngestion}. @public */
export interface PegaseIngestionOptions {
  config: PegaseProviderConfig;
  logger: LoggerService;
  urlReader?: UrlReaderService;
  /** Looks up the catalog's entities of broken files after a restart. */
  catalogLookup?: CatalogStateLookup;
  /** Replaces the Kubernetes client (tests). */
  listArgocdClusters?: typeof listArgocdClusters;
  /**
   * Read the source as soon as the catalog has connected the four providers
   * (reason `startup`), without waiting for the first scheduled run.
   */
  readOnConnect?: boolean;
}

/**
 * Reads the GitOps repository (once for the four providers), transforms it,
 * merges the ArgoCD clusters, and applies full (schedule) or delta (events)
 * mutations. Runs are serialised.
 * @public
 */
export class PegaseIngestion {
  readonly providers: Record<PegaseProviderKey, PegaseEntityProvider>;
  private readonly state: SourceState = {};
  /** Parse results of the previous read: unchanged files are not parsed again. */
  private readonly readCache = new GitopsReadCache();
  private queue: Promise<unknown> = Promise.resolve();
  /** Pushes received and not yet taken by a read (coalesced). */
  private pendingPushes?: {
    files: Set<string>;
    complete: boolean;
    count: number;
    waiters: Array<(r: IngestionRunResult) => void>;
  };
  /** The loop taking pending pushes, while it runs. */
  private draining?: Promise<void>;
  /**
   * A read failed or skipped a provider: the next scheduled read reads the
   * source even if its version did not change.
   */
  private stale = false;
  private readonly seenPushes: string[] = [];
  private startupRead?: Promise<unknown>;

  private readonly options: PegaseIngestionOptions;

  constructor(options: PegaseIngestionOptions) {
    this.options = { ...options, logger: redactingLogger(options.logger) };
    const { logger, catalogLookup } = this.options;
    const onConnect = () => this.onProviderConnected();
    this.providers = {
      chart: new PegaseEntityProvider(
        PROVIDER_NAMES.chart,
        logger,
        catalogLookup,
        onConnect,
      ),
      inventory: new PegaseEntityProvider(
        PROVIDER_NAMES.inventory,
        logger,
        catalogLookup,
        onConnect,
      ),
      clusters: new PegaseEntityProvider(
        PROVIDER_NAMES.clusters,
        logger,
        catalogLookup,
        onConnect,
      ),
      argocd: new PegaseEntityProvider(
        PROVIDER_NAMES.argocd,
        logger,
        catalogLookup,
        onConnect,
      ),
    };
  }

  /**
   * The catalog connects the providers while it starts, before its processing
   * loop runs: entities applied now are processed at the loop's first poll,
   * where the scheduler would start the first run only at its next poll of the
   * task table (up to 5 s after the start). Not awaited: a slow or hanging
   * source must not hold the catalog's start.
   */
  private onProviderConnected() {
    if (!this.options.readOnConnect || this.startupRead) return;
    if (!Object.values(this.providers).every(p => p.connected)) return;
    this.startupRead = this.refresh('startup').catch(error => {
      this.options.logger.error(`Pégase catalog startup read failed: ${error}`);
    });
  }

  /** The four providers, for `addEntityProvider`. */
  entityProviders(): PegaseEntityProvider[] {
    return Object.values(this.providers);
  }

  /**
   * A full read and full mutations: the scheduled task (`schedule`), or the
   * read a replica makes when it starts (`startup`).
   */
  refresh(
    reason: 'schedule' | 'startup' = 'schedule',
  ): Promise<IngestionRunResult> {
    return this.enqueue(() =>
      this.run({ mode: 'full', reason, only: undefined }),
    );
  }

  private enqueue(fn: () => Promise<IngestionRunResult>) {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private transformOptions(argocdClusters?: ArgocdCluster[]) {
    const { config } = this.options;
    return {
      chartPath: config.chartPath,
      chartName: config.chartName,
      opsGroup: config.opsGroup,
      defaultArgocdInstance: config.defaultArgocdInstance,
      lifecycle: config.lifecycle,
      authProvider: config.clusterLocator.authProvider,
      oidcTokenProvider: config.clusterLocator.oidcTokenProvider,
      argocdClusters,
    };
  }

  private async readArgocd(
    chartOnly: boolean,
  ): Promise<{ clusters?: ArgocdCluster[]; failed: boolean }> {
    const kube = this.options.config.kubernetes;
    if (!kube || chartOnly) return { failed: false };
    try {
      const list = this.options.listArgocdClusters ?? listArgocdClusters;
      return { clusters: await list(kube), failed: false };
    } catch (e) {
      this.options.logger.error(
        `${PROVIDER_NAMES.clusters}: ${
          (e as Error).message
        }; the cluster entities are left as they were`,
      );
      return { failed: true };
    }
  }

  /** A source that cannot be read or parsed: one log line, nothing applied. */
  private unreadable(error: unknown, reason: string): IngestionRunResult {
    this.options.logger.error(
      `Pégase GitOps source cannot be read (${
        (error as Error).message
      }); the catalog is left as it was`,
    );
    return { status: 'failed', reason, results: {}, problems: 0 };
  }

  private async run(opts: {
    mode: 'full' | 'delta';
    reason: string;
    only?: Record<PegaseProviderKey, boolean>;
  }): Promise<IngestionRunResult> {
    const { config, logger } = this.options;
    const started = Date.now();
    let opened;
    try {
      opened = await openSource(config.source, config.chart, {
        chartPath: config.chartPath,
        chartName: config.chartName,
        urlReader: this.options.urlReader,
        state: this.state,
        limits: config.limits,
        // A scheduled read of an unchanged source can stop here, once every
        // provider has emitted in this process.
        allowNotModified:
          opts.mode === 'full' &&
          !this.stale &&
          Object.values(this.providers).every(p => p.hasState),
      });
    } catch (e) {
      if (e instanceof SourceNotModified) {
        return {
          status: 'unchanged',
          reason: opts.reason,
          results: {},
          problems: 0,
        };
      }
      this.stale = true;
      return this.unreadable(e, opts.reason);
    }

    let entities: PegaseEntities;
    let argocd: { clusters?: ArgocdCluster[]; failed: boolean };
    try {
      const [snapshot, known] = await Promise.all([
        readGitopsRepository(withoutVault(opened.files), {
          chartPath: config.chartPath,
          chartName: config.chartName,
          defaultOwner: config.opsGroup,
          cache: this.readCache,
          limits: config.limits,
        }),
        opts.only && !opts.only.clusters
          ? Promise.resolve({ failed: false })
          : this.readArgocd(opened.chartOnly),
      ]);
      argocd = known;
      entities = transformSnapshot(
        snapshot,
        this.transformOptions(argocd.clusters),
      );
    } catch (e) {
      this.stale = true;
      return this.unreadable(e, opts.reason);
    }
    const readMs = Date.now() - started;
    for (const p of entities.problems) {
      const line = formatProblem(p);
      if (p.severity === 'error') logger.error(line);
      else logger.warn(line);
    }

    const results: Partial<Record<PegaseProviderKey, ApplyResult>> = {};
    const wanted = (k: PegaseProviderKey) => !opts.only || opts.only[k];
    const apply = async (k: PegaseProviderKey) => {
      const provider = this.providers[k];
      if (!wanted(k) || !provider.connected) return;
      if (opened.chartOnly && k !== 'chart') return;
      if (k === 'chart' && entities.chartUnreadable) {
        logger.error(
          `${PROVIDER_NAMES.chart}: the umbrella chart cannot be read; its entities are left as they were`,
        );
        return;
      }
      if (k === 'clusters' && argocd.failed) return;
      results[k] = await provider.apply(
        entities[k],
        entities.badFiles[k],
        opts.mode,
        { startup: opts.reason === 'startup' },
      );
    };
    await apply('chart');
    await apply('inventory');
    await apply('clusters');
    await apply('argocd');
    // A provider left as it was (unreadable chart, ArgoCD down, broken files
    // without a previous state) must be read again by the next scheduled run
    // even though the source's version will not have changed.
    const skipped = (Object.keys(PROVIDER_NAMES) as PegaseProviderKey[]).some(
      k =>
        wanted(k) &&
        this.providers[k].connected &&
        !(opened.chartOnly && k !== 'chart') &&
        (!results[k] || results[k]!.type === 'skipped'),
    );
    if (opts.mode === 'full') this.stale = skipped;
    else if (skipped) this.stale = true;
    const summary = Object.entries(results)
      .map(
        ([k, r]) =>
          `${k}: ${r!.type} ${r!.added} added/updated, ${r!.removed} removed, ${
            r!.kept
          } kept, ${r!.total} total`,
      )
      .join('; ');
    logger.info(
      `Pégase catalog (${opts.reason}) read in ${readMs} ms, ${entities.problems.length} problem(s); ${summary}`,
    );
    return {
      status: 'applied',
      reason: opts.reason,
      results,
      problems: entities.problems.length,
      readMs,
    };
  }

  /** Whether a push concerns the configured source. */
  private concernsSource(urls: string[], branch?: string): boolean {
    const { source } = this.options.config;
    if (
      source.type === 'dir' ||
      source.type === 'tgz' ||
      source.type === 'helm-index'
    ) {
      return true;
    }
    const target = normaliseRepoUrl(
      source.type === 'git' ? source.url : source.target,
    );
    const sameRepo = urls.some(u => {
      const n = normaliseRepoUrl(u);
      return n === target || target.startsWith(`${n}/`) || n.endsWith(target);
    });
    if (!sameRepo) return false;
    if (source.type === 'git' && branch && branch !== source.branch)
      return false;
    if (source.type === 'url' && branch) {
      const m = source.target.match(/\/(?:-\/)?(?:tree|blob)\/([^/?#]+)/);
      if (m && m[1] !== branch) return false;
    }
    return true;
  }

  /**
   * Handles a push webhook event and returns at once: the events service
   * awaits its subscribers before the webhook answers, and both forges give
   * up after 10 s (GitLab disables a hook after 4 failures in a row), so the
   * read is queued, never awaited here. Pushes arriving within `debounceMs`,
   * or while a read runs, are coalesced into the next read; none is lost:
   * each stays pending until a read takes it. A push whose file lists may
   * under-report (see `parsePushPayload`) re-reads every provider.
   */
  async onEvent(params: EventParams): Promise<EventAck> {
    const push = parsePushPayload(
      params.eventPayload,
      params.metadata as Record<string, unknown> | undefined,
    );
    const ignored = (reason: string): EventAck => ({
      status: 'ignored',
      reason,
    });
    if (!push) return ignored(`${params.topic}: not a push payload`);
    if (push.tag !== undefined) {
      return ignored(`${params.topic}: tag push ${push.tag} changes no branch`);
    }
    if (!this.concernsSource(push.repositoryUrls, push.branch)) {
      return ignored(`${params.topic}: push to another repository or branch`);
    }
    if (push.after && /^0+$/.test(push.after)) {
      return ignored(`${params.topic}: branch ${push.branch} deleted`);
    }
    if (push.after) {
      // the same push may arrive on several topics (gitlab and gitlab.push)
      const key = `${push.after}:${push.branch}`;
      if (this.seenPushes.includes(key)) return ignored('duplicate push');
      this.seenPushes.push(key);
      if (this.seenPushes.length > 100) this.seenPushes.shift();
    }
    const only = push.complete
      ? providersForFiles(push.changedFiles, this.options.config.chartPath)
      : undefined;
    if (only && !Object.values(only).some(Boolean)) {
      return ignored(`${params.topic}: no file of the contract changed`);
    }
    this.options.logger.info(
      `Pégase catalog: ${push.forge} push ${push.after ?? ''} to ${
        push.branch ?? '?'
      }, ${push.changedFiles.length} file(s) changed${
        push.complete ? '' : ` (${push.doubt}: every provider re-read)`
      }; read queued`,
    );
    const read = new Promise<IngestionRunResult>(resolve => {
      const pending = (this.pendingPushes ??= {
        files: new Set(),
        complete: true,
        count: 0,
        waiters: [],
      });
      for (const f of push.changedFiles) pending.files.add(f);
      pending.complete = pending.complete && push.complete;
      pending.count += 1;
      pending.waiters.push(resolve);
    });
    this.draining ??= this.drain();
    return { status: 'queued', reason: `${params.topic}: push`, read };
  }

  /**
   * Takes the pending pushes, one read at a time, until none is left. The
   * loop's end clears `draining` in the same turn as its last look at
   * `pendingPushes`: a push arriving after that starts a new loop instead of
   * waiting on one that has ended.
   */
  private async drain(): Promise<void> {
    try {
      while (this.pendingPushes) {
        await new Promise(r =>
          setTimeout(r, this.options.config.events.debounceMs),
        );
        const taken = this.pendingPushes;
        this.pendingPushes = undefined;
        const result = await this.readPushes(taken);
        taken.waiters.forEach(w => w(result));
      }
    } finally {
      this.draining = undefined;
    }
  }

  /** One read for the pushes taken together: a delta of what they concern. */
  private async readPushes(taken: {
    files: Set<string>;
    complete: boolean;
    count: number;
  }): Promise<IngestionRunResult> {
    const scope = taken.complete
      ? providersForFiles([...taken.files], this.options.config.chartPath)
      : undefined;
    try {
      return await this.enqueue(() =>
        this.run({
          mode: 'delta',
          reason: taken.count > 1 ? `${taken.count} push events` : 'push event',
          only: scope,
        }),
      );
    } catch (error) {
      this.stale = true;
      this.options.logger.error(
        `Pégase catalog: the read of ${taken.count} push(es) failed: ${error}; the next scheduled read reads everything`,
      );
      return {
        status: 'failed',
        reason: 'push event',
        results: {},
        problems: 0,
      };
    }
  }
}
