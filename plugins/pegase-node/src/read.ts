import { posix } from 'node:path';
import type {
  GitopsFileSource,
  GitopsSnapshot,
  ReadGitopsOptions,
} from './model/types';
import { readUmbrellaChart } from './chart/umbrella';
import type { FileCtx } from './util/parse';
import { yielder } from './util/concurrency';
import { resolveReadLimits } from './source/limits';
import { ReadBudget } from './source/budget';
import type { PipelineContext } from './pipeline/context';
import { boundedSource, readTexts } from './pipeline/read';
import { discover } from './pipeline/discover';
import {
  parseClusters,
  parseManifests,
  parseReleases,
  vaultTree,
} from './pipeline/parse';
import {
  appOfAppsChildren,
  inventoryEntries,
  resolveAddons,
  resolveInstances,
} from './pipeline/resolve';
import { assemble } from './pipeline/assemble';

/**
 * Reads and validates a whole GitOps repository (see this package's README.md, "Reading", for
 * the contract), in stages (src/pipeline/): discover (the files, the ArgoCD
 * objects, the inventory their ApplicationSets read) → read → parse →
 * resolve (instances, generated Applications, add-ons) → assemble. Never
 * throws for bad content: every wrong file is reported in `problems`
 * (errors: the file, or the array element, is ignored) and the other files
 * still count. Rejects only when the source itself fails to list.
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
  const indexPath = opts.indexPath ?? 'charts/index.yaml';
  const cache = opts.cache;
  const pc: PipelineContext = {
    source,
    opts,
    budget,
    concurrency: opts.concurrency ?? 64,
    problems: [],
    refused: new Map(),
    texts: new Map(),
    ctx: (file: string): FileCtx => ({
      file,
      location: source.describe(file),
      cache,
    }),
  };

  cache?.beginRead();
  const d = await discover(pc);
  const [umbrella] = await Promise.all([
    readUmbrellaChart(source, { ...opts, files: d.files, budget }),
    readTexts(pc, [
      ...d.clusterFiles,
      ...d.inventory.files,
      // prefetch only: the values file each Application names is read below
      ...d.inventory.files
        .map(f => posix.join(posix.dirname(f), 'values.yaml'))
        .filter(f => d.fileSet.has(f)),
      ...d.dbaasFiles,
      ...d.kaasFiles,
      ...d.vaultFiles,
      ...(d.fileSet.has(indexPath) ? [indexPath] : []),
    ]),
  ]);
  pc.problems.push(...umbrella.problems);
  const chart = umbrella.chart;
  // parsing is synchronous: let other work run between files
  const breathe = yielder();

  const releases = parseReleases(pc, indexPath, chart);
  const clusters = await parseClusters(pc, d.clusterFiles, breathe);
  const dbaas = await parseManifests(pc, d.dbaasFiles, breathe);
  const kaas = await parseManifests(pc, d.kaasFiles, breathe);
  const vault = vaultTree(pc, await parseManifests(pc, d.vaultFiles, breathe));

  const entries = await inventoryEntries(pc, d, breathe);
  // the values files the Applications name: known once they are rendered
  await readTexts(
    pc,
    entries.flatMap(e =>
      e.valuesFile !== undefined && d.fileSet.has(e.valuesFile)
        ? [e.valuesFile]
        : [],
    ),
  );
  const { instances, generated } = await resolveInstances(
    pc,
    d,
    entries,
    { chart, releases },
    new Set(clusters.map(c => c.name)),
    vault,
    breathe,
  );
  const addons = resolveAddons(pc, d, clusters);

  const snapshot = assemble(
    {
      chart,
      releases,
      clusters,
      instances,
      dbaas,
      kaas,
      vault,
      applicationSets: d.applicationSets,
      applications: appOfAppsChildren(d),
      generatedApplications: generated,
      addons,
      inventory: d.inventory,
    },
    pc.problems,
  );
  cache?.endRead();
  return snapshot;
}
