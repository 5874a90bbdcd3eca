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

/** Names of the three providers. @public */
export const PROVIDER_NAMES = {
  chart: 'pegase-umbrella-chart',
  inventory: 'pegase-inventory',
  clusters: 'pegase-clusters',
} as const;

type Key = keyof typeof PROVIDER_NAMES;

/** Result of one run. @public */
export interface IngestionRunResult {
  status: 'applied' | 'unchanged' | 'failed' | 'ignored';
  reason: string;
  /** Per provider. */
  results: Partial<Record<Key, ApplyResult>>;
  problems: number;
  readMs?: number;
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
   * Read the source as soon as the catalog has connected the three providers
   * (reason `startup`), without waiting for the first scheduled run.
   */
  readOnConnect?: boolean;
}

/**
 * Reads the GitOps repository (once for the three providers), transforms it,
 * merges the ArgoCD clusters, and applies full (schedule) or delta (events)
 * mutations. Runs are serialised.
 * @public
 */
export class PegaseIngestion {
  readonly providers: Record<Key, PegaseEntityProvider>;
  private readonly state: SourceState = {};
  /** Parse results of the previous read: unchanged files are not parsed again. */
  private readonly readCache = new GitopsReadCache();
  private queue: Promise<unknown> = Promise.resolve();
  private pendingEvent?: {
    files: Set<string>;
    complete: boolean;
    timer: NodeJS.Timeout;
    waiters: Array<(r: IngestionRunResult) => void>;
  };
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

  /** The three providers, for `addEntityProvider`. */
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
    only?: Record<Key, boolean>;
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
      return this.unreadable(e, opts.reason);
    }
    const readMs = Date.now() - started;
    for (const p of entities.problems) {
      const line = formatProblem(p);
      if (p.severity === 'error') logger.error(line);
      else logger.warn(line);
    }

    const results: Partial<Record<Key, ApplyResult>> = {};
    const wanted = (k: Key) => !opts.only || opts.only[k];
    const apply = async (k: Key) => {
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
   * Handles a push webhook event: coalesces bursts (`debounceMs`), then
   * re-reads and applies a delta mutation of only the changed entities of the
   * providers the changed files concern.
   */
  async onEvent(params: EventParams): Promise<IngestionRunResult> {
    const push = parsePushPayload(params.eventPayload);
    const ignored = (reason: string): IngestionRunResult => ({
      status: 'ignored',
      reason,
      results: {},
      problems: 0,
    });
    if (!push) return ignored(`${params.topic}: not a push payload`);
    if (!this.concernsSource(push.repositoryUrls, push.branch)) {
      return ignored(`${params.topic}: push to another repository or branch`);
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
    if (only && !only.chart && !only.inventory && !only.clusters) {
      return ignored(`${params.topic}: no file of the contract changed`);
    }
    this.options.logger.info(
      `Pégase catalog: ${push.forge} push ${push.after ?? ''} to ${
        push.branch ?? '?'
      }, ${push.changedFiles.length} file(s) changed${
        push.complete ? '' : ' (commit list incomplete: everything re-read)'
      }`,
    );
    return new Promise(resolve => {
      const pending = this.pendingEvent;
      if (pending) {
        for (const f of push.changedFiles) pending.files.add(f);
        pending.complete = pending.complete && push.complete;
        pending.waiters.push(resolve);
        return;
      }
      const state = {
        files: new Set(push.changedFiles),
        complete: push.complete,
        waiters: [resolve],
        timer: setTimeout(() => {
          this.pendingEvent = undefined;
          const scope = state.complete
            ? providersForFiles([...state.files], this.options.config.chartPath)
            : undefined;
          this.enqueue(() =>
            this.run({ mode: 'delta', reason: 'push event', only: scope }),
          ).then(r => state.waiters.forEach(w => w(r)));
        }, this.options.config.events.debounceMs),
      };
      this.pendingEvent = state;
    });
  }
}
