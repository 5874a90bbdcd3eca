import { posix } from 'node:path';
import semver from 'semver';
import type {
  ChartRelease,
  ClusterDefinition,
  GitopsFileSource,
  GitopsSnapshot,
  ManifestFile,
  Problem,
  ReadGitopsOptions,
  ResolvedInstance,
  VaultTree,
} from './model/types';
import { readUmbrellaChart } from './chart/umbrella';
import { parseHelmIndex } from './chart/helmIndex';
import { parseClusterFile } from './inventory/clusters';
import { parseManifestFile } from './inventory/manifests';
import { fieldLine, folderOf, validateInstance } from './inventory/instances';
import {
  componentsOfInstance,
  type ComponentsCache,
} from './inventory/components';
import {
  comparePaths,
  isRecord,
  parseJsonFile,
  parseYamlFile,
  problem,
  readFailureProblem,
  uniqueProblems,
  type FileCtx,
} from './util/parse';
import { mapLimit, yielder } from './util/concurrency';
import { resolveReadLimits } from './source/limits';
import { GitopsFileRefusedError } from './source/refused';
import { ReadBudget } from './source/budget';

/**
 * `source` whose reads over `maxFileBytes` are refused (a folder source
 * refuses them before reading; memory and readTree sources are checked here),
 * and whose reads are charged to the read's `budget` (`maxReadBytes`): each
 * read reserves `maxFileBytes` while under way, so that the reads under way
 * cannot pass the budget by more than one file; once it is spent, files are
 * refused before they are read.
 */
function boundedSource(
  source: GitopsFileSource,
  maxFileBytes: number,
  budget: ReadBudget,
): GitopsFileSource {
  return {
    list: o => source.list(o),
    read: async path => {
      budget.check(path);
      await budget.reserve(maxFileBytes);
      try {
        budget.check(path);
        const b = await source.read(path);
        if (b.length > maxFileBytes)
          throw new GitopsFileRefusedError(
            path,
            'too-large',
            `${b.length} bytes, limit ${maxFileBytes}`,
          );
        budget.charge(path, b.length);
        return b;
      } finally {
        budget.release(maxFileBytes);
      }
    },
    describe: p => source.describe(p),
  };
}

const YAML = /\.ya?ml$/;

/**
 * Reads and validates a whole GitOps repository (see this package's README.md, "Reading", for
 * the contract). Never throws for bad content: every wrong file is reported
 * in `problems` (errors: the file, or the array element, is ignored) and the
 * other files still count. Rejects only when the source itself fails to list.
 * @public
 */
export async function readGitopsRepository(
  unbounded: GitopsFileSource,
  options?: ReadGitopsOptions,
): Promise<GitopsSnapshot> {
  const opts: ReadGitopsOptions = options ?? {};
  const limits = resolveReadLimits(opts.limits);
  // one budget for the whole read: files and archives' unpacked bytes
  const budget = new ReadBudget(limits.maxReadBytes);
  const source = boundedSource(unbounded, limits.maxFileBytes, budget);
  const concurrency = opts.concurrency ?? 64;
  const defaultOwner = opts.defaultOwner ?? 'ops';
  const indexPath = opts.indexPath ?? 'charts/index.yaml';
  const cache = opts.cache;
  // symlinks and special files: listed (readers know they exist), never read
  const refused = new Map<string, GitopsFileRefusedError>();
  const files = await source.list({
    onRefused: e => refused.set(e.path, e),
  });
  cache?.beginRead();
  const fileSet = new Set(files);
  const problems: Problem[] = [];
  const ctx = (file: string): FileCtx => ({
    file,
    location: source.describe(file),
    cache,
  });
  for (const [path, e] of refused) {
    problems.push(
      readFailureProblem({ file: path, location: source.describe(path) }, e),
    );
  }

  const clusterFiles: string[] = [];
  const instanceFiles: string[] = [];
  const dbaasFiles: string[] = [];
  const kaasFiles: string[] = [];
  const vaultFiles: string[] = [];
  for (const f of files) {
    if (/^clusters\/[^/]+\.ya?ml$/.test(f)) clusterFiles.push(f);
    else if (/^instances\/(.+\/)?instance\.json$/.test(f))
      instanceFiles.push(f);
    else if (f.startsWith('dbaas/') && YAML.test(f)) dbaasFiles.push(f);
    else if (f.startsWith('kaas/') && YAML.test(f)) kaasFiles.push(f);
    else if (f.startsWith('vault/') && YAML.test(f)) vaultFiles.push(f);
  }
  instanceFiles.sort(comparePaths);

  // one bounded pool for every small-file read
  const texts = new Map<string, string>();
  const toRead = [
    ...clusterFiles,
    ...instanceFiles,
    ...instanceFiles
      .map(f => posix.join(posix.dirname(f), 'values.yaml'))
      .filter(f => fileSet.has(f)),
    ...dbaasFiles,
    ...kaasFiles,
    ...vaultFiles,
    ...(fileSet.has(indexPath) ? [indexPath] : []),
  ];
  const [umbrella] = await Promise.all([
    readUmbrellaChart(source, { ...opts, files, budget }),
    mapLimit(toRead, concurrency, async f => {
      if (refused.has(f)) return; // reported above
      try {
        texts.set(f, (await source.read(f)).toString('utf8'));
      } catch (e) {
        problems.push(readFailureProblem(ctx(f), e));
      }
    }),
  ]);
  problems.push(...umbrella.problems);
  const chart = umbrella.chart;
  // parsing is synchronous: let other work run between files
  const breathe = yielder();

  // releases: index.yaml + current chart
  let releases: ChartRelease[] = [];
  const indexText = texts.get(indexPath);
  if (indexText !== undefined) {
    const idx = parseHelmIndex(indexText, ctx(indexPath), {
      chartName: opts.chartName ?? chart?.name ?? 'pegase',
    });
    problems.push(...idx.problems);
    releases = idx.releases;
  }
  if (chart) {
    const current: ChartRelease = {
      version: chart.version,
      urls: [],
      dependencies: chart.dependencies,
      current: true,
      file: chart.file,
    };
    if (chart.appVersion !== undefined) current.appVersion = chart.appVersion;
    const i = releases.findIndex(r => r.version === chart.version);
    if (i >= 0) {
      const old = releases[i];
      releases[i] = {
        ...old,
        ...current,
        urls: old.urls,
        created: old.created,
        digest: old.digest,
      };
      if (releases[i].created === undefined) delete releases[i].created;
      if (releases[i].digest === undefined) delete releases[i].digest;
    } else releases.push(current);
    releases.sort((a, b) => semver.rcompare(a.version, b.version));
  }

  // clusters
  const clusters: ClusterDefinition[] = [];
  for (const f of clusterFiles.sort(comparePaths)) {
    await breathe();
    const text = texts.get(f);
    if (text === undefined) continue;
    const r = parseClusterFile(text, ctx(f));
    problems.push(...r.problems);
    if (r.cluster) {
      if (clusters.some(c => c.name === r.cluster!.name)) {
        problems.push(
          problem(
            ctx(f),
            'error',
            `cluster '${r.cluster.name}' is defined twice; the first file wins`,
            { subject: r.cluster.name },
          ),
        );
      } else clusters.push(r.cluster);
    }
  }
  const clusterNames = new Set(clusters.map(c => c.name));

  // manifests
  const manifests = async (list: string[]): Promise<ManifestFile[]> => {
    const out: ManifestFile[] = [];
    for (const f of list.sort(comparePaths)) {
      await breathe();
      const text = texts.get(f);
      if (text === undefined) continue;
      const r = parseManifestFile(text, ctx(f));
      problems.push(...r.problems);
      if (r.manifest) out.push(r.manifest);
    }
    return out;
  };
  const dbaas = await manifests(dbaasFiles);
  const kaas = await manifests(kaasFiles);
  const vault: VaultTree = { instances: {}, clusters: {} };
  for (const m of await manifests(vaultFiles)) {
    const segs = m.file.split('/');
    if (segs[1] === '_clusters' && segs.length >= 4)
      (vault.clusters[segs[2]] ??= []).push(m);
    else if (segs.length >= 3 && segs[1] !== '_clusters')
      (vault.instances[segs[1]] ??= []).push(m);
    else
      problems.push(
        problem(
          ctx(m.file),
          'warning',
          'file outside vault/<instance>/ and vault/_clusters/<cluster>/; ignored',
        ),
      );
  }

  // instances
  const versions = new Set(releases.map(r => r.version));
  const instances: ResolvedInstance[] = [];
  const byName = new Map<string, string>();
  const componentsCache: ComponentsCache = new WeakMap();
  for (const f of instanceFiles) {
    await breathe();
    const text = texts.get(f);
    if (text === undefined) continue;
    const c = ctx(f);
    const pj = parseJsonFile(text, c);
    problems.push(...pj.problems);
    if (pj.value === undefined) continue;
    const valuesFile = posix.join(posix.dirname(f), 'values.yaml');
    let values: Record<string, unknown> = {};
    const valuesText = texts.get(valuesFile);
    // a values.yaml that exists but cannot be read (refused) is reported on
    // values.yaml: its instances are ignored, so they keep their previous state
    if (valuesText === undefined && fileSet.has(valuesFile)) continue;
    const list = Array.isArray(pj.value) ? pj.value : [pj.value];
    if (Array.isArray(pj.value) && list.length === 0) {
      problems.push(problem(c, 'warning', 'empty array: no instance'));
      continue;
    }
    const names = list
      .map(x =>
        isRecord(x) && typeof x.name === 'string' ? x.name : undefined,
      )
      .filter(Boolean);
    if (valuesText !== undefined) {
      const vctx = ctx(valuesFile);
      const pv = parseYamlFile(valuesText, vctx);
      const subject = names.join(', ') || undefined;
      if (!pv.parsed) {
        problems.push(
          ...pv.problems.map(p => ({
            ...p,
            subject,
            message: `${p.message} (instance ${subject ?? f} ignored)`,
          })),
        );
        continue;
      }
      if (
        pv.parsed.value !== null &&
        pv.parsed.value !== undefined &&
        !isRecord(pv.parsed.value)
      ) {
        problems.push(
          problem(
            vctx,
            'error',
            `values.yaml must be a mapping (instance ${subject ?? f} ignored)`,
            { subject },
          ),
        );
        continue;
      }
      values = (pv.parsed.value as Record<string, unknown>) ?? {};
    }
    const folder = folderOf(f);
    list.forEach((raw, index) => {
      const r = validateInstance(raw, c, {
        clusters: clusterNames,
        versions,
        currentVersion: chart?.version,
        defaultOwner,
        folder,
        index: Array.isArray(pj.value) ? index : undefined,
        text,
      });
      problems.push(...r.problems);
      const inst = r.instance;
      if (!inst) return;
      const first = byName.get(inst.name);
      if (first !== undefined) {
        problems.push(
          problem(
            c,
            'error',
            `instance '${inst.name}' is already defined in ${first}; this one is ignored (the first by path wins)`,
            {
              field: `${
                inst.index !== undefined ? `[${inst.index}].` : ''
              }name`,
              line: fieldLine(text, 'name', inst.index),
              subject: inst.name,
            },
          ),
        );
        return;
      }
      byName.set(inst.name, f);
      const comp = componentsOfInstance(
        { chart, releases },
        {
          chartVersion: inst.chartVersion,
          disabledComponents: inst.disabledComponents,
          values,
        },
        componentsCache,
      );
      for (const u of comp.unknownDisabled) {
        problems.push(
          problem(
            c,
            'warning',
            `instance '${inst.name}': disabledComponents names '${u}', which is no dependency of chart version ${inst.chartVersion}`,
            {
              field: `${
                inst.index !== undefined ? `[${inst.index}].` : ''
              }disabledComponents`,
              line: fieldLine(text, 'disabledComponents', inst.index),
              subject: inst.name,
            },
          ),
        );
      }
      for (const n of comp.notes) {
        problems.push(
          problem(
            ctx(valuesText !== undefined ? valuesFile : f),
            'warning',
            `instance '${inst.name}': ${n}`,
            { subject: inst.name },
          ),
        );
      }
      const resolved: ResolvedInstance = {
        ...inst,
        values,
        components: comp.components,
        componentVersions: comp.componentVersions,
        subChartVersions: comp.subChartVersions,
        vaultPath: `pegase/${inst.namespace}`,
        vaultFiles: (vault.instances[inst.name] ?? []).map(m => m.file),
      };
      if (valuesText !== undefined) resolved.valuesFile = valuesFile;
      instances.push(resolved);
    });
  }

  const unique = uniqueProblems(problems);
  problems.length = 0;
  problems.push(...unique);
  problems.sort(
    (a, b) => comparePaths(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0),
  );
  const filesWithErrors = [
    ...new Set(problems.filter(p => p.severity === 'error').map(p => p.file)),
  ].sort();
  const snapshot: GitopsSnapshot = {
    releases,
    clusters,
    instances,
    dbaas,
    kaas,
    vault,
    problems,
    filesWithErrors,
  };
  if (chart) snapshot.chart = chart;
  cache?.endRead();
  return snapshot;
}
