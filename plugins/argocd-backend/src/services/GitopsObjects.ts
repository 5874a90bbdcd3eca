/*
 * The ArgoCD objects of the GitOps repository as pegase-node reads them: the
 * Application each ApplicationSet generates and the app-of-apps with their
 * children. The repository is the source the catalog providers read
 * (`catalog.providers.pegase`), read again only when it changed; what the
 * views need is kept compact in the shared cache, so a replica reads the
 * repository at most once a cache lifetime.
 */
import type {
  LoggerService,
  RootConfigService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import {
  openSource,
  readGitopsRepository,
  readPegaseGitopsSourceConfig,
  redactErrorCredentials,
  SourceNotModified,
  withoutVault,
  type GeneratedApplication,
  type GitopsSnapshot,
  type SourceState,
} from '@pcscol/plugin-pegase-node';
import { SharedCache } from './SharedCache';

/** A generated Application as the cache keeps it. @internal */
export interface GeneratedEntry {
  name: string;
  namespace?: string;
  applicationSet: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
  sourceFile?: string;
  cluster?: string;
}

/** An ApplicationSet: its file and the Applications it generates. @internal */
export interface ApplicationSetEntry {
  name: string;
  file: string;
  role: string;
  /** Names of the Applications it generates (instances or clusters). */
  applications: string[];
}

/** An Application written in the repository (an app-of-apps when it has children). @internal */
export interface WrittenApplicationEntry {
  name: string;
  namespace?: string;
  file: string;
  path?: string;
  children: string[];
}

/** What the views need of the repository's ArgoCD objects. @internal */
export interface GitopsArgocdIndex {
  readAt: string;
  /** Instance name -> the Application its ApplicationSet generates. */
  instances: Record<string, GeneratedEntry>;
  applicationSets: ApplicationSetEntry[];
  applications: WrittenApplicationEntry[];
}

/** Where the index comes from (a stub in tests). @internal */
export interface GitopsSnapshotReader {
  snapshot(): Promise<GitopsSnapshot>;
}

const compact = (a: GeneratedApplication): GeneratedEntry => ({
  name: a.name,
  ...(a.namespace ? { namespace: a.namespace } : {}),
  applicationSet: a.applicationSet,
  metadata: a.metadata,
  spec: a.spec,
  ...(a.sourceFile ? { sourceFile: a.sourceFile } : {}),
  ...(a.cluster ? { cluster: a.cluster } : {}),
});

/** The index of a snapshot. @internal */
export function indexOf(snapshot: GitopsSnapshot): GitopsArgocdIndex {
  const instances: Record<string, GeneratedEntry> = {};
  const bySet = new Map<string, string[]>();
  const add = (a: GeneratedApplication) => {
    const names = bySet.get(a.applicationSet) ?? [];
    names.push(a.name);
    bySet.set(a.applicationSet, names);
  };
  for (const a of snapshot.generatedApplications ?? []) {
    if (a.instance) instances[a.instance] = compact(a);
    add(a);
  }
  for (const addon of snapshot.addons ?? []) addon.applications.forEach(add);
  return {
    readAt: new Date().toISOString(),
    instances,
    applicationSets: (snapshot.applicationSets ?? []).map(s => ({
      name: s.name,
      file: s.file,
      role: s.role,
      applications: bySet.get(s.name) ?? [],
    })),
    applications: (snapshot.applications ?? []).map(a => ({
      name: a.name,
      ...(a.namespace ? { namespace: a.namespace } : {}),
      file: a.file,
      ...(a.path ? { path: a.path } : {}),
      children: a.children,
    })),
  };
}

/**
 * Reads the configured GitOps source with pegase-node (the catalog
 * providers' reading), again only when the source changed (commit, ETag).
 * @internal
 */
export class ConfiguredGitopsReader implements GitopsSnapshotReader {
  private readonly state: SourceState = {};
  private last?: GitopsSnapshot;

  constructor(
    private readonly options: {
      config: RootConfigService;
      urlReader: UrlReaderService;
    },
  ) {}

  async snapshot(): Promise<GitopsSnapshot> {
    const source = readPegaseGitopsSourceConfig(this.options.config);
    if (!source) {
      throw new ServiceUnavailableError(
        'catalog.providers.pegase is not configured: the GitOps repository, where the ApplicationSets are, cannot be read',
      );
    }
    try {
      const opened = await openSource(source.source, source.chart, {
        chartPath: source.chartPath,
        chartName: source.chartName,
        urlReader: this.options.urlReader,
        state: this.state,
        allowNotModified: this.last !== undefined,
        limits: source.limits,
      });
      this.last = await readGitopsRepository(withoutVault(opened.files), {
        chartPath: source.chartPath,
        chartName: source.chartName,
        defaultOwner: source.opsGroup,
        loadOpenApi: false,
      });
      return this.last;
    } catch (e) {
      if (e instanceof SourceNotModified && this.last) return this.last;
      // a clone or download error names the source's URL
      throw isError(e) ? redactErrorCredentials(e) : e;
    }
  }
}

/** Cache key of the index (plugin-scoped cache). */
const INDEX_KEY = 'gitops-argocd:v1';

/** The repository's ArgoCD objects, through the shared cache. @internal */
export class GitopsObjects {
  constructor(
    private readonly reader: GitopsSnapshotReader,
    private readonly cache: SharedCache,
    private readonly ttlSeconds: number,
    private readonly logger?: LoggerService,
  ) {}

  index(): Promise<GitopsArgocdIndex> {
    return this.cache.cached(INDEX_KEY, this.ttlSeconds, async () => {
      const started = Date.now();
      const index = indexOf(await this.reader.snapshot());
      this.logger?.debug(
        `GitOps repository's ArgoCD objects read in ${
          Date.now() - started
        } ms (${
          Object.keys(index.instances).length
        } generated instance Applications, ${
          index.applicationSets.length
        } ApplicationSets)`,
      );
      return index;
    });
  }
}
