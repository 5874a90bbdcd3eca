import type {
  LoggerService,
  RootConfigService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  openSource,
  readPegaseProviderConfig,
  SourceNotModified,
  type SourceState,
} from '@pcscol/plugin-catalog-backend-module-pegase';
import {
  readGitopsRepository,
  type ChartRelease,
  type GitopsFileSource,
} from '@pcscol/plugin-pegase-node';

/** The umbrella releases (current chart and `charts/index.yaml`), with their sub-charts. */
export interface ReleaseSource {
  releases(): Promise<ChartRelease[]>;
}

/** Folders of the repository a release read never needs. */
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
 * Reads the releases from the GitOps source the catalog providers read
 * (`catalog.providers.pegase`), charts only, again only when the source
 * changed (commit or ETag).
 */
export class GitopsReleaseSource implements ReleaseSource {
  private readonly state: SourceState = {};
  private last?: ChartRelease[];
  private pending?: Promise<ChartRelease[]>;

  constructor(
    private readonly options: {
      config: RootConfigService;
      urlReader: UrlReaderService;
      logger: LoggerService;
    },
  ) {}

  releases(): Promise<ChartRelease[]> {
    // one read at a time: concurrent requests share it
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async read(): Promise<ChartRelease[]> {
    const providerConfig = readPegaseProviderConfig(this.options.config);
    if (!providerConfig) {
      throw new Error(
        'catalog.providers.pegase is not configured: the releases cannot be read',
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
        },
      );
      const snapshot = await readGitopsRepository(chartsOnly(opened.files), {
        chartPath: providerConfig.chartPath,
        chartName: providerConfig.chartName,
        loadOpenApi: false,
      });
      this.last = snapshot.releases;
      return snapshot.releases;
    } catch (e) {
      if (e instanceof SourceNotModified && this.last) return this.last;
      throw e;
    }
  }
}
