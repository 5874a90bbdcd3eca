import type {
  LoggerService,
  RootConfigService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  openSource,
  readGitopsRepository,
  readPegaseGitopsSourceConfig,
  SourceNotModified,
  withoutVault,
  type SourceState,
  redactErrorCredentials,
  type ChartRelease,
  type GitopsFileSource,
  type GitopsSnapshot,
} from '@pcscol/plugin-pegase-node';

/** The umbrella releases (current chart and `charts/index.yaml`), with their sub-charts. */
export interface ReleaseSource {
  releases(): Promise<ChartRelease[]>;
}

/** The GitOps repository as pegase-node reads it (instances included, Vault left out). */
export interface SnapshotSource {
  snapshot(): Promise<GitopsSnapshot>;
}

/** Folders a release read never needs. */
const NOT_CHARTS = ['instances', 'vault', 'clusters', 'dbaas', 'kaas'];

function chartsOnly(files: GitopsFileSource): GitopsFileSource {
  return {
    list: options =>
      files.list({ exclude: [...(options?.exclude ?? []), ...NOT_CHARTS] }),
    read: path => files.read(path),
    describe: path => files.describe(path),
  };
}

/**
 * Reads the GitOps source the catalog providers read
 * (`catalog.providers.pegase`) again only when it changed (commit or
 * ETag); `charts` reads `charts/` only, `repository` the inventory too.
 */
class GitopsRead {
  private readonly state: SourceState = {};
  private last?: GitopsSnapshot;
  private pending?: Promise<GitopsSnapshot>;

  constructor(
    private readonly scope: 'charts' | 'repository',
    private readonly options: {
      config: RootConfigService;
      urlReader: UrlReaderService;
      logger: LoggerService;
    },
  ) {}

  read(): Promise<GitopsSnapshot> {
    // one read at a time: concurrent requests share it
    this.pending ??= this.readOnce().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async readOnce(): Promise<GitopsSnapshot> {
    const providerConfig = readPegaseGitopsSourceConfig(this.options.config);
    if (!providerConfig) {
      throw new Error(
        'catalog.providers.pegase is not configured: the GitOps repository cannot be read',
      );
    }
    try {
      const opened = await openSource(
        providerConfig.source,
        providerConfig.chart,
        {
          chartPath: providerConfig.chartPath,
          chartName: providerConfig.chartName,
          urlReader: this.options.urlReader,
          state: this.state,
          allowNotModified: this.last !== undefined,
          limits: providerConfig.limits,
        },
      );
      const files =
        this.scope === 'charts'
          ? chartsOnly(opened.files)
          : withoutVault(opened.files);
      this.last = await readGitopsRepository(files, {
        chartPath: providerConfig.chartPath,
        chartName: providerConfig.chartName,
        defaultOwner: providerConfig.opsGroup,
        loadOpenApi: false,
      });
      return this.last;
    } catch (e) {
      if (e instanceof SourceNotModified && this.last) return this.last;
      // a clone or download error names the source's URL, and routes answer it
      throw isError(e) ? redactErrorCredentials(e) : e;
    }
  }
}

/** The releases, from the repository's `charts/` only. */
export class GitopsReleaseSource implements ReleaseSource {
  private readonly reader: GitopsRead;
  constructor(options: ConstructorParameters<typeof GitopsRead>[1]) {
    this.reader = new GitopsRead('charts', options);
  }
  async releases(): Promise<ChartRelease[]> {
    return (await this.reader.read()).releases;
  }
}

/** The whole repository but Vault, for upgrade plans. */
export class GitopsSnapshotSource implements SnapshotSource {
  private readonly reader: GitopsRead;
  constructor(options: ConstructorParameters<typeof GitopsRead>[1]) {
    this.reader = new GitopsRead('repository', options);
  }
  snapshot(): Promise<GitopsSnapshot> {
    return this.reader.read();
  }
}
