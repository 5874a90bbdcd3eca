import { Entity } from '@backstage/catalog-model';
import {
  addonApplicationsOf,
  annotationOf,
  isClusterAddon,
  isPegaseCluster,
  PEGASE_ANNOTATIONS,
} from '@pcscol/plugin-pegase-common';
import { formatProblem, PegaseEntities } from '../transform';
import { formatOf, Out, parseArgs, readRepoEntities, table } from './common';

export const ADDONS_USAGE = `Usage: pegase-catalog addons --repo <gitops-dir> [--format json|table]
Prints the add-on x cluster matrix from the entities the providers emit: each cluster's type,
Kubernetes and Talos versions, and the chart version each add-on ApplicationSet declares for it;
then the clusters no add-on targets, a chart two add-ons deploy to one cluster, and the charts
whose declared versions differ between clusters of one type (in the JSON, and on stderr).
Exits 1 when a file has an error (the matrix of what could be read is still printed).`;

const A = PEGASE_ANNOTATIONS;

/** One cluster of the matrix. @public */
export interface AddonMatrixCluster {
  name: string;
  type?: string;
  region?: string;
  usage?: string;
  kubernetesVersion?: string;
  talosVersion?: string;
}

/** One add-on (one ApplicationSet) of the matrix. @public */
export interface AddonMatrixAddon {
  name: string;
  chart?: string;
  repository?: string;
  version?: string;
  clusterType?: string;
  applicationSet?: string;
  /** Cluster -> the Application generated for it. */
  applications: Record<string, string>;
}

/** What one cluster gets of one chart (several add-ons: a conflict). @public */
export interface AddonMatrixCell {
  addon: string;
  version?: string;
  application: string;
}

/** The add-on x cluster matrix. @public */
export interface AddonMatrix {
  clusters: AddonMatrixCluster[];
  addons: AddonMatrixAddon[];
  /** Chart (else add-on name) -> cluster -> what the cluster gets. */
  matrix: Record<string, Record<string, AddonMatrixCell[]>>;
  warnings: string[];
}

const targetsOf = (addon: Entity) =>
  ((addon.spec?.dependencyOf as string[] | undefined) ?? []).map(r =>
    r.replace(/^resource:(default\/)?/, ''),
  );

/**
 * The matrix of the add-on and cluster entities (as the catalog has them):
 * the clusters an add-on targets are its `dependencyOf` relations.
 * @public
 */
export function addonMatrix(entities: Entity[]): AddonMatrix {
  const clusters: AddonMatrixCluster[] = entities
    .filter(isPegaseCluster)
    .map(c => ({
      name: c.metadata.name,
      type: annotationOf(c, A.clusterType),
      region: annotationOf(c, A.region),
      usage: annotationOf(c, A.usage),
      kubernetesVersion: annotationOf(c, A.kubernetesVersion),
      talosVersion: annotationOf(c, A.talosVersion),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const addonEntities = entities.filter(isClusterAddon);
  const addons: AddonMatrixAddon[] = addonEntities.map(a => ({
    name: a.metadata.name,
    chart: annotationOf(a, A.addonChart),
    repository: annotationOf(a, A.chartRepository),
    version: annotationOf(a, A.chartVersion),
    clusterType: annotationOf(a, A.clusterType),
    applicationSet: annotationOf(a, A.applicationSet),
    applications: addonApplicationsOf(a),
  }));
  const matrix: AddonMatrix['matrix'] = {};
  addonEntities.forEach((entity, i) => {
    const addon = addons[i];
    const row = (matrix[addon.chart ?? addon.name] ??= {});
    for (const cluster of targetsOf(entity)) {
      (row[cluster] ??= []).push({
        addon: addon.name,
        ...(addon.version ? { version: addon.version } : {}),
        application: addon.applications[cluster] ?? '',
      });
    }
  });

  const warnings: string[] = [];
  for (const c of clusters) {
    if (!Object.values(matrix).some(row => row[c.name]))
      warnings.push(
        `cluster ${c.name} is targeted by no add-on ApplicationSet`,
      );
  }
  const typeOf = new Map(clusters.map(c => [c.name, c.type]));
  for (const [chart, row] of Object.entries(matrix)) {
    for (const [cluster, cells] of Object.entries(row)) {
      if (cells.length > 1)
        warnings.push(
          `cluster ${cluster} gets ${chart} from ${
            cells.length
          } add-ons: ${cells.map(c => c.addon).join(', ')}`,
        );
    }
    const byType = new Map<string, Map<string, string[]>>();
    for (const [cluster, cells] of Object.entries(row)) {
      const type = typeOf.get(cluster) ?? '(no type)';
      const versions = byType.get(type) ?? new Map<string, string[]>();
      for (const cell of cells) {
        const v = cell.version ?? '(no version)';
        versions.set(v, [...(versions.get(v) ?? []), cluster]);
      }
      byType.set(type, versions);
    }
    for (const [type, versions] of byType) {
      if (versions.size < 2) continue;
      warnings.push(
        `${chart}: clusters of type ${type} declare different versions: ${[
          ...versions,
        ]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([v, cs]) => `${v} (${cs.sort().join(', ')})`)
          .join(', ')}`,
      );
    }
  }
  return { clusters, addons, matrix, warnings };
}

function matrixTable(m: AddonMatrix): string {
  const names = m.clusters.map(c => c.name);
  const cell = (cells: AddonMatrixCell[] | undefined) =>
    cells?.length ? cells.map(c => c.version ?? '?').join('+') : '-';
  return table([
    ['ADD-ON \\ CLUSTER', ...names],
    ['type', ...m.clusters.map(c => c.type ?? '-')],
    ['kubernetes', ...m.clusters.map(c => c.kubernetesVersion ?? '-')],
    ['talos', ...m.clusters.map(c => c.talosVersion ?? '-')],
    ...Object.keys(m.matrix)
      .sort()
      .map(chart => [chart, ...names.map(n => cell(m.matrix[chart][n]))]),
  ]);
}

/** `pegase-catalog addons`. Returns the exit code. @public */
export async function runAddons(
  argv: string[],
  out: Out,
  err: Out,
): Promise<number> {
  let args: Record<string, string[]>;
  let format: 'json' | 'table';
  try {
    args = parseArgs(argv, ['--repo', '--format']);
    format = formatOf(args, ['json', 'table'] as const);
  } catch (e) {
    err(`pegase-catalog addons: ${(e as Error).message}\n${ADDONS_USAGE}`);
    return 2;
  }
  let read: PegaseEntities;
  try {
    read = await readRepoEntities(args['--repo']?.[0]);
  } catch (e) {
    err(`error: ${(e as Error).message}`);
    return 1;
  }
  const m = addonMatrix([...read.clusters, ...read.argocd]);
  out(format === 'json' ? `${JSON.stringify(m, null, 2)}\n` : matrixTable(m));
  for (const w of m.warnings) err(`warning: ${w}`);
  for (const p of read.problems) err(formatProblem(p));
  return read.problems.some(p => p.severity === 'error') ? 1 : 0;
}
