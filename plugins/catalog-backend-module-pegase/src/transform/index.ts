import { Entity } from '@backstage/catalog-model';
import {
  GitopsFileSource,
  GitopsReadCache,
  GitopsReadLimits,
  GitopsSnapshot,
  Problem,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import { withoutVault } from '../source/openSource';
import { transformAddons } from './addons';
import { transformArgocdObjects } from './argocdObjects';
import { transformChart } from './chart';
import { ArgocdCluster, transformClusters } from './clusters';
import { DEFAULT_TRANSFORM_OPTIONS, TransformOptions } from './common';
import { transformInventory } from './inventory';
import { redactEntity, redactProblem } from './redact';

export * from './common';
export * from './chart';
export * from './inventory';
export * from './clusters';
export * from './addons';
export * from './argocdObjects';
export * from './redact';

/** The entities of each provider, and every problem found. @public */
export interface PegaseEntities {
  snapshot: GitopsSnapshot;
  chart: Entity[];
  inventory: Entity[];
  clusters: Entity[];
  /**
   * The ArgoCD objects of `argocd/`: the cluster add-ons (`default`
   * namespace), the ApplicationSets and the app-of-apps (`argocd` namespace).
   */
  argocd: Entity[];
  /** Problems of the repository (pegase-node) and of the transform. */
  problems: Problem[];
  /** Files with errors, per provider (their previous entities are kept). */
  badFiles: {
    chart: string[];
    inventory: string[];
    clusters: string[];
    argocd: string[];
  };
  /** True when the umbrella chart itself could not be read. */
  chartUnreadable: boolean;
}

/** Options of {@link readPegaseEntities}. @public */
export interface ReadPegaseEntitiesOptions extends Partial<TransformOptions> {
  chartPath?: string;
  chartName?: string;
  /** What ArgoCD knows (undefined: not configured or not readable). */
  argocdClusters?: ArgocdCluster[];
  /**
   * Parse results kept between reads (as the providers keep one): unchanged
   * files are not parsed again. Default: none (every file is parsed).
   */
  cache?: GitopsReadCache;
  /** Bounds of what is read. Default: pegase-node's `DEFAULT_READ_LIMITS`. */
  limits?: GitopsReadLimits;
}

function providerOfFile(
  file: string,
  chartPath: string,
): keyof PegaseEntities['badFiles'] {
  if (file.startsWith('clusters/')) return 'clusters';
  if (file.startsWith('argocd/')) return 'argocd';
  if (file.startsWith('charts/') || file.startsWith(`${chartPath}/`))
    return 'chart';
  return 'inventory';
}

/**
 * Transforms a snapshot into the entities of the four providers. The same
 * code path serves the providers and the preview command.
 * @public
 */
export function transformSnapshot(
  snapshot: GitopsSnapshot,
  options: ReadPegaseEntitiesOptions = {},
): PegaseEntities {
  const opts: TransformOptions = { ...DEFAULT_TRANSFORM_OPTIONS };
  for (const [k, v] of Object.entries(options)) {
    if (v !== undefined && k in DEFAULT_TRANSFORM_OPTIONS) (opts as any)[k] = v;
  }
  if (options.oidcTokenProvider)
    opts.oidcTokenProvider = options.oidcTokenProvider;
  const chart = transformChart(snapshot, opts);
  const inventory = transformInventory(snapshot, opts);
  const clusters = transformClusters(snapshot, options.argocdClusters, opts);
  const addons = transformAddons(snapshot, opts);
  const argocdObjects = transformArgocdObjects(snapshot, opts);
  const chartPath = (options.chartPath ?? 'charts/pegase').replace(/\/+$/, '');
  const badFiles = {
    chart: [] as string[],
    inventory: [] as string[],
    clusters: [] as string[],
    argocd: [] as string[],
  };
  const errorFiles = new Set(
    snapshot.problems.filter(p => p.severity === 'error').map(p => p.file),
  );
  for (const f of snapshot.filesWithErrors ?? []) errorFiles.add(f);
  for (const f of errorFiles) {
    badFiles[providerOfFile(f, chartPath)].push(f);
    // A broken values.yaml drops its instance: keep the instance.json's entities.
    const m = f.match(/^(instances\/.+\/)values\.ya?ml$/);
    if (m) badFiles.inventory.push(`${m[1]}instance.json`);
  }
  return {
    snapshot,
    chart: chart.entities.map(redactEntity),
    inventory: inventory.entities.map(redactEntity),
    clusters: clusters.entities.map(redactEntity),
    argocd: [...addons.entities, ...argocdObjects.entities].map(redactEntity),
    problems: [
      ...snapshot.problems,
      ...chart.problems,
      ...inventory.problems,
      ...clusters.problems,
      ...addons.problems,
      ...argocdObjects.problems,
    ].map(redactProblem),
    badFiles,
    chartUnreadable: !snapshot.chart,
  };
}

/**
 * Reads a GitOps repository with pegase-node and transforms it.
 * @public
 */
export async function readPegaseEntities(
  files: GitopsFileSource,
  options: ReadPegaseEntitiesOptions = {},
): Promise<PegaseEntities> {
  const snapshot = await readGitopsRepository(withoutVault(files), {
    chartPath: options.chartPath,
    chartName: options.chartName,
    defaultOwner: options.opsGroup,
    cache: options.cache,
    limits: options.limits,
  });
  return transformSnapshot(snapshot, options);
}
