import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { NotModifiedError } from '@backstage/errors';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { GitopsFileSource } from '../model/types';
import { parseHelmIndex } from '../chart/helmIndex';
import { readPackagedChart } from '../chart/umbrella';
import type { GitopsReadLimits } from './limits';
import { GitopsFileRefusedError } from './refused';
import {
  directoryFileSource,
  memoryFileSource,
  readTreeFileSource,
} from './sources';

// Opening the configured GitOps source: shared by the catalog module (its
// providers and CLI) and fleet-backend, which reads the same source again.

/** A source of the GitOps repository (or of the umbrella chart only). @public */
export type PegaseSource =
  | { type: 'dir'; path: string }
  | { type: 'git'; url: string; branch: string; token?: string }
  | { type: 'url'; target: string }
  | { type: 'tgz'; path: string }
  | { type: 'helm-index'; url: string; version?: string };

/** Reads one source block (`catalog.providers.pegase.source` or `.chart`). @public */
export function readPegaseSource(config: Config): PegaseSource {
  const type = config.getString('type');
  switch (type) {
    case 'dir':
      return { type, path: config.getString('path') };
    case 'git':
      return {
        type,
        url: config.getString('url'),
        branch: config.getOptionalString('branch') ?? 'main',
        token: config.getOptionalString('token'),
      };
    case 'url':
      return { type, target: config.getString('target') };
    case 'tgz':
      return { type, path: config.getString('path') };
    case 'helm-index':
      return {
        type,
        url: config.getString('url'),
        version: config.getOptionalString('version'),
      };
    default:
      throw new InputError(
        `catalog.providers.pegase: unknown source type '${type}' (expected dir, git, url, tgz or helm-index)`,
      );
  }
}

/** What reading the GitOps repository needs of `catalog.providers.pegase`, defaults applied. @public */
export interface PegaseGitopsSourceConfig {
  source: PegaseSource;
  chart?: PegaseSource;
  chartPath: string;
  chartName: string;
  opsGroup: string;
  /** `limits` as configured (pegase-node applies its defaults to what is missing). */
  limits: GitopsReadLimits;
}

/**
 * Reads the source part of `catalog.providers.pegase` from the root config;
 * undefined when the block is absent.
 * @public
 */
export function readPegaseGitopsSourceConfig(
  rootConfig: Config,
): PegaseGitopsSourceConfig | undefined {
  const config = rootConfig.getOptionalConfig('catalog.providers.pegase');
  if (!config) return undefined;
  const chart = config.getOptionalConfig('chart');
  const limits = config.getOptionalConfig('limits');
  return {
    source: readPegaseSource(config.getConfig('source')),
    chart: chart ? readPegaseSource(chart) : undefined,
    chartPath: config.getOptionalString('chartPath') ?? 'charts/pegase',
    chartName: config.getOptionalString('chartName') ?? 'pegase',
    opsGroup: config.getOptionalString('opsGroup') ?? 'ops',
    limits: {
      maxFileBytes: limits?.getOptionalNumber('maxFileBytes'),
      maxArchiveEntries: limits?.getOptionalNumber('maxArchiveEntries'),
      maxArchiveBytes: limits?.getOptionalNumber('maxArchiveBytes'),
      maxArchiveRatio: limits?.getOptionalNumber('maxArchiveRatio'),
      maxReadBytes: limits?.getOptionalNumber('maxReadBytes'),
      maxArchivesAtOnce: limits?.getOptionalNumber('maxArchivesAtOnce'),
    },
  };
}

/** An opened source: its files, and a version when the source knows one. @public */
export interface OpenedSource {
  files: GitopsFileSource;
  /** Commit SHA / ETag, when known. */
  version?: string;
  /** True for `tgz` and `helm-index`: only the umbrella chart is known. */
  chartOnly: boolean;
}

/** Thrown when the source has not changed since `previousVersion`. @public */
export class SourceNotModified extends Error {}

/** State kept between reads of a source (clone folder, ETag). @public */
export interface SourceState {
  version?: string;
  cloneDir?: string;
}

function describeWith(
  source: GitopsFileSource,
  describe: (p: string) => string,
): GitopsFileSource {
  return { list: o => source.list(o), read: p => source.read(p), describe };
}

/**
 * A source with some paths replaced by another source's files.
 *
 * @public
 */
export function overlaySource(
  base: GitopsFileSource,
  hidePrefix: string,
  extra: GitopsFileSource,
): GitopsFileSource {
  const prefix = `${hidePrefix.replace(/\/+$/, '')}/`;
  let extraFiles: Set<string> | undefined;
  return {
    async list(options) {
      const [a, b] = await Promise.all([
        base.list(options),
        extra.list(options),
      ]);
      extraFiles = new Set(b);
      return [
        ...a.filter(f => !f.startsWith(prefix) && !extraFiles!.has(f)),
        ...b,
      ].sort();
    },
    async read(p) {
      if (!extraFiles) extraFiles = new Set(await extra.list());
      return extraFiles.has(p) ? extra.read(p) : base.read(p);
    },
    describe(p) {
      return extraFiles?.has(p) ? extra.describe(p) : base.describe(p);
    },
  };
}

async function fetchBuffer(url: string, what: string): Promise<Buffer> {
  if (!/^https?:\/\//.test(url)) {
    return fs.promises.readFile(url.replace(/^file:\/\//, ''));
  }
  const res = await fetch(url, { signal: AbortSignal.timeout(30000) });
  if (!res.ok) {
    throw new Error(`${what} ${url}: HTTP ${res.status} ${res.statusText}`);
  }
  return Buffer.from(await res.arrayBuffer());
}

/**
 * Files of a packaged umbrella chart, laid out as a repository with only
 * `<chartParent>/<name>-<version>.tgz` (and `charts/index.yaml` when given).
 */
async function packagedChartSource(
  archive: Buffer,
  location: string,
  chartPath: string,
  chartName: string,
  index?: { text: string; location: string },
  limits?: GitopsReadLimits,
): Promise<GitopsFileSource> {
  const read = await readPackagedChart(archive, location, {
    chartName,
    limits,
  });
  // An unreadable archive keeps its own name so the reader reports it.
  const version = read.chart?.version ?? '0.0.0-unreadable';
  const parent = path.posix.dirname(chartPath);
  const tgzPath = `${parent}/${read.chart?.name ?? chartName}-${version}.tgz`;
  const files: Record<string, Buffer> = { [tgzPath]: archive };
  const locations: Record<string, string> = { [tgzPath]: location };
  if (index) {
    files[`${parent}/index.yaml`] = Buffer.from(index.text);
    locations[`${parent}/index.yaml`] = index.location;
  }
  return describeWith(memoryFileSource(files), p => locations[p] ?? p);
}

async function openHelmIndex(
  source: { url: string; version?: string },
  chartPath: string,
  chartName: string,
  limits?: GitopsReadLimits,
): Promise<GitopsFileSource> {
  const text = (await fetchBuffer(source.url, 'Helm index')).toString('utf8');
  const idx = parseHelmIndex(
    text,
    { file: 'index.yaml', location: source.url },
    { chartName },
  );
  const release = source.version
    ? idx.releases.find(r => r.version === source.version)
    : idx.releases[0];
  if (!release) {
    throw new Error(
      `Helm index ${source.url}: no ${chartName} ${
        source.version ?? 'release'
      } found${
        idx.problems.length
          ? ` (${idx.problems.map(p => p.message).join('; ')})`
          : ''
      }`,
    );
  }
  const rel = release.urls[0];
  if (!rel)
    throw new Error(
      `Helm index ${source.url}: ${chartName} ${release.version} has no urls`,
    );
  let tgzUrl = rel;
  if (!/^[a-z]+:\/\//.test(rel)) {
    tgzUrl = /^https?:\/\//.test(source.url)
      ? new URL(rel, source.url).toString()
      : path.join(path.dirname(source.url), rel);
  }
  const archive = await fetchBuffer(tgzUrl, 'Chart archive');
  return packagedChartSource(
    archive,
    tgzUrl,
    chartPath,
    chartName,
    { text, location: source.url },
    limits,
  );
}

async function openGit(
  source: { url: string; branch: string; token?: string },
  state: SourceState,
  limits?: GitopsReadLimits,
): Promise<{ files: GitopsFileSource; version: string }> {
  const onAuth = source.token
    ? () => ({ username: 'oauth2', password: source.token })
    : undefined;
  const refs = await git.listServerRefs({
    http,
    url: source.url,
    prefix: `refs/heads/${source.branch}`,
    onAuth,
  });
  const head = refs.find(r => r.ref === `refs/heads/${source.branch}`);
  if (!head) {
    throw new Error(`git ${source.url}: branch ${source.branch} not found`);
  }
  if (
    state.version === head.oid &&
    state.cloneDir &&
    fs.existsSync(state.cloneDir)
  ) {
    throw new SourceNotModified(head.oid);
  }
  const dir = await fs.promises.mkdtemp(
    path.join(os.tmpdir(), 'pegase-catalog-git-'),
  );
  try {
    await git.clone({
      fs,
      http,
      dir,
      url: source.url,
      ref: source.branch,
      singleBranch: true,
      depth: 1,
      noTags: true,
      onAuth,
    });
  } catch (e) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw e;
  }
  const oid = await git.resolveRef({ fs, dir, ref: 'HEAD' });
  // removing the previous clone (thousands of files) must not block the event loop
  if (state.cloneDir)
    await fs.promises.rm(state.cloneDir, { recursive: true, force: true });
  state.cloneDir = dir;
  state.version = oid;
  const base = source.url.replace(/\/+$/, '');
  return {
    // a committed symlink is checked out as a symlink: the folder source refuses it
    files: describeWith(
      directoryFileSource(dir, { maxFileBytes: limits?.maxFileBytes }),
      p => `${base}#${source.branch}/${p}`,
    ),
    version: oid,
  };
}

/** Options of {@link openSource}. @public */
export interface OpenSourceOptions {
  chartPath: string;
  chartName: string;
  urlReader?: UrlReaderService;
  /** Mutable state between reads (clone folder, ETag). */
  state?: SourceState;
  /** Throw {@link SourceNotModified} when the source did not change. */
  allowNotModified?: boolean;
  /** Bounds of what is read (`catalog.providers.pegase.limits`). */
  limits?: GitopsReadLimits;
}

/**
 * Opens a configured source. `chart` (optional) replaces the umbrella chart
 * of `source` with a packaged chart or a Helm index.
 * @public
 */
export async function openSource(
  source: PegaseSource,
  chart: PegaseSource | undefined,
  options: OpenSourceOptions,
): Promise<OpenedSource> {
  const state = options.state ?? {};
  let opened: OpenedSource;
  switch (source.type) {
    case 'dir': {
      const dir = path.resolve(source.path);
      if (!fs.existsSync(dir)) {
        throw new Error(`GitOps folder ${dir} does not exist`);
      }
      opened = {
        files: directoryFileSource(dir, {
          maxFileBytes: options.limits?.maxFileBytes,
        }),
        chartOnly: false,
      };
      break;
    }
    case 'git': {
      try {
        const r = await openGit(source, state, options.limits);
        opened = { ...r, chartOnly: false };
      } catch (e) {
        if (e instanceof SourceNotModified && !options.allowNotModified) {
          const base = source.url.replace(/\/+$/, '');
          opened = {
            files: describeWith(
              directoryFileSource(state.cloneDir!, {
                maxFileBytes: options.limits?.maxFileBytes,
              }),
              p => `${base}#${source.branch}/${p}`,
            ),
            version: state.version,
            chartOnly: false,
          };
        } else throw e;
      }
      break;
    }
    case 'url': {
      if (!options.urlReader)
        throw new Error('a url source needs the UrlReader');
      try {
        const res = await options.urlReader.readTree(source.target, {
          etag: options.allowNotModified ? state.version : undefined,
        });
        const files = await res.files();
        state.version = res.etag;
        opened = {
          files: readTreeFileSource(files, source.target.replace(/\/+$/, '')),
          version: res.etag,
          chartOnly: false,
        };
      } catch (e) {
        if (
          e instanceof NotModifiedError ||
          (e as Error)?.name === 'NotModifiedError'
        ) {
          throw new SourceNotModified(state.version);
        }
        // GitHub's reader names only the API URL it called (…/commits/main/status):
        // say which configured target failed.
        if (e instanceof Error && !e.message.includes(source.target)) {
          e.message = `${source.target}: ${e.message}`;
        }
        throw e;
      }
      break;
    }
    case 'tgz': {
      const file = path.resolve(source.path);
      opened = {
        files: await packagedChartSource(
          await fs.promises.readFile(file),
          file,
          options.chartPath,
          options.chartName,
          undefined,
          options.limits,
        ),
        chartOnly: true,
      };
      break;
    }
    case 'helm-index':
      opened = {
        files: await openHelmIndex(
          source,
          options.chartPath,
          options.chartName,
          options.limits,
        ),
        chartOnly: true,
      };
      break;
    default:
      throw new Error(`unknown source type ${(source as any).type}`);
  }
  if (chart && !opened.chartOnly) {
    const chartOpened = await openSource(chart, undefined, {
      ...options,
      state: {},
      allowNotModified: false,
    });
    if (!chartOpened.chartOnly) {
      throw new Error(
        'catalog.providers.pegase.chart must be of type tgz or helm-index',
      );
    }
    opened = {
      ...opened,
      files: overlaySource(opened.files, options.chartPath, chartOpened.files),
    };
  }
  return opened;
}

/** A source whose files appear under `prefix/` (e.g. a chart folder as `charts/pegase/`). @public */
export function prefixedSource(
  source: GitopsFileSource,
  prefix: string,
): GitopsFileSource {
  const p = `${prefix.replace(/\/+$/, '')}/`;
  const strip = (f: string) => (f.startsWith(p) ? f.slice(p.length) : f);
  return {
    list: async options => {
      const inner = (options?.exclude ?? [])
        .map(f => f.replace(/\/+$/, ''))
        .filter(f => f.startsWith(p))
        .map(f => f.slice(p.length));
      const onRefused = options?.onRefused;
      const files = await source.list({
        ...(inner.length ? { exclude: inner } : {}),
        // refusals name the inner path: name them as this source does
        ...(onRefused
          ? {
              onRefused: e =>
                onRefused(
                  new GitopsFileRefusedError(`${p}${e.path}`, e.reason),
                ),
            }
          : {}),
      });
      return files.map(f => `${p}${f}`);
    },
    read: f => source.read(strip(f)),
    describe: f => source.describe(strip(f)),
  };
}

/** An empty source. @public */
export const emptySource: GitopsFileSource = memoryFileSource({});

/**
 * Hides `vault/**`: the providers emit nothing from the Vault manifests, and
 * parsing one file per instance is most of the read time on large fleets. A
 * folder source does not even walk `vault/` (one folder per instance).
 * @public
 */
export function withoutVault(source: GitopsFileSource): GitopsFileSource {
  return {
    list: async options =>
      (
        await source.list({
          ...options,
          exclude: [...(options?.exclude ?? []), 'vault'],
        })
      ).filter(f => !f.startsWith('vault/')),
    read: p => source.read(p),
    describe: p => source.describe(p),
  };
}
