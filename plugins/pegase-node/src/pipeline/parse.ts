import semver from 'semver';
import type {
  ChartRelease,
  ClusterDefinition,
  ManifestFile,
  UmbrellaChart,
  VaultTree,
} from '../model/types';
import { parseHelmIndex } from '../chart/helmIndex';
import { parseClusterFile } from '../inventory/clusters';
import { parseManifestFile } from '../inventory/manifests';
import { comparePaths, problem } from '../util/parse';
import type { PipelineContext } from './context';

/** Stage "parse", releases: index.yaml + the current chart, newest first. */
export function parseReleases(
  pc: PipelineContext,
  indexPath: string,
  chart: UmbrellaChart | undefined,
): ChartRelease[] {
  let releases: ChartRelease[] = [];
  const indexText = pc.texts.get(indexPath);
  if (indexText !== undefined) {
    const idx = parseHelmIndex(indexText, pc.ctx(indexPath), {
      chartName: pc.opts.chartName ?? chart?.name ?? 'pegase',
    });
    pc.problems.push(...idx.problems);
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
  return releases;
}

/** Stage "parse", clusters: one a file, the first file of a name wins. */
export async function parseClusters(
  pc: PipelineContext,
  clusterFiles: string[],
  breathe: () => Promise<void>,
): Promise<ClusterDefinition[]> {
  const clusters: ClusterDefinition[] = [];
  for (const f of [...clusterFiles].sort(comparePaths)) {
    await breathe();
    const text = pc.texts.get(f);
    if (text === undefined) continue;
    const r = parseClusterFile(text, pc.ctx(f));
    pc.problems.push(...r.problems);
    if (!r.cluster) continue;
    if (clusters.some(c => c.name === r.cluster!.name)) {
      pc.problems.push(
        problem(
          pc.ctx(f),
          'error',
          `cluster '${r.cluster.name}' is defined twice; the first file wins`,
          { subject: r.cluster.name },
        ),
      );
      continue;
    }
    // the versions the hosting team upgrades (talos: the label Talos sets too)
    const c = { ...r.cluster };
    const k8s = c.raw.kubernetesVersion;
    const talos = c.raw.talosVersion ?? c.labels['talos.dev/version'];
    if (typeof k8s === 'string') c.kubernetesVersion = k8s;
    if (typeof talos === 'string') c.talosVersion = talos;
    clusters.push(c);
  }
  return clusters;
}

/** Stage "parse", manifests (dbaas/, kaas/, vault/). */
export async function parseManifests(
  pc: PipelineContext,
  list: string[],
  breathe: () => Promise<void>,
): Promise<ManifestFile[]> {
  const out: ManifestFile[] = [];
  for (const f of [...list].sort(comparePaths)) {
    await breathe();
    const text = pc.texts.get(f);
    if (text === undefined) continue;
    const r = parseManifestFile(text, pc.ctx(f));
    pc.problems.push(...r.problems);
    if (r.manifest) out.push(r.manifest);
  }
  return out;
}

/** Stage "parse", `vault/<instance>/` and `vault/_clusters/<cluster>/`. */
export function vaultTree(
  pc: PipelineContext,
  files: ManifestFile[],
): VaultTree {
  const vault: VaultTree = { instances: {}, clusters: {} };
  for (const m of files) {
    const segs = m.file.split('/');
    if (segs[1] === '_clusters' && segs.length >= 4)
      (vault.clusters[segs[2]] ??= []).push(m);
    else if (segs.length >= 3 && segs[1] !== '_clusters')
      (vault.instances[segs[1]] ??= []).push(m);
    else
      pc.problems.push(
        problem(
          pc.ctx(m.file),
          'warning',
          'file outside vault/<instance>/ and vault/_clusters/<cluster>/; ignored',
        ),
      );
  }
  return vault;
}
