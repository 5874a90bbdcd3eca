/*
 * The Clusters view's data: the clusters with their Kubernetes and Talos
 * versions, the add-on × cluster matrix (declared version from the add-on
 * entities, live version and state from ArgoCD) and its problems. Pure: the
 * catalog's entities and ArgoCD's statuses in, the answer out.
 */
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  addonApplicationsOf,
  addonVersionOf,
  annotationOf,
  PEGASE_ANNOTATIONS,
} from '@pcscol/plugin-pegase-common';
import type {
  AddonCell,
  AddonRow,
  ClusterMatrixResponse,
  ClusterProblem,
  ClusterRow,
} from '@pcscol/plugin-pegase-common';
import type { ArgocdAddonStatus, ArgocdAddonStatuses } from './argocdStatus';

const compareNames = (a: string, b: string) =>
  a.localeCompare(b, 'en', { numeric: true });

/** The clusters grouped by the value `valueOf` gives, when they disagree. */
function skew(
  clusters: string[],
  valueOf: (cluster: string) => string | undefined,
): ClusterProblem['versions'] | undefined {
  const byVersion = new Map<string, string[]>();
  for (const c of clusters) {
    const v = valueOf(c);
    if (!v) continue;
    byVersion.set(v, [...(byVersion.get(v) ?? []), c]);
  }
  if (byVersion.size < 2) return undefined;
  return [...byVersion.entries()]
    .sort(([a], [b]) => compareNames(a, b))
    .map(([version, names]) => ({
      version,
      clusters: names.sort(compareNames),
    }));
}

/**
 * The matrix: every add-on entity's Applications (its `addon-applications`
 * annotation) on the clusters the catalog knows, with ArgoCD's state when it
 * was read. Problems: an add-on Degraded (or Missing), OutOfSync, whose last
 * operation failed, or without Application in ArgoCD; Kubernetes, Talos or
 * add-on version skew among the clusters of one type (an add-on's version is
 * what runs, else what is declared); a cluster no add-on targets.
 */
export function assembleClusterMatrix(input: {
  clusters: Entity[];
  addons: Entity[];
  argocd: ArgocdAddonStatuses;
  now: Date;
}): ClusterMatrixResponse {
  const clusters: ClusterRow[] = input.clusters
    .map(e => {
      const a = (key: string) => annotationOf(e, key) || undefined;
      return {
        name: e.metadata.name,
        entityRef: stringifyEntityRef(e),
        region: a(PEGASE_ANNOTATIONS.region),
        usage: a(PEGASE_ANNOTATIONS.usage),
        clusterType: a(PEGASE_ANNOTATIONS.clusterType),
        kubernetesVersion: a(PEGASE_ANNOTATIONS.kubernetesVersion),
        talosVersion: a(PEGASE_ANNOTATIONS.talosVersion),
      };
    })
    .sort((x, y) => compareNames(x.name, y.name));
  const clusterNames = new Set(clusters.map(c => c.name));
  const status = new Map<string, ArgocdAddonStatus>(
    input.argocd.items.map(s => [`${s.addonRef}|${s.cluster}`, s]),
  );

  const addons = new Map<string, AddonRow>();
  const cells: AddonCell[] = [];
  for (const entity of input.addons) {
    const addonRef = stringifyEntityRef(entity);
    const name =
      annotationOf(entity, PEGASE_ANNOTATIONS.addonChart) ||
      entity.metadata.name;
    const applicationSet =
      annotationOf(entity, PEGASE_ANNOTATIONS.applicationSet) || undefined;
    const row = addons.get(name) ?? {
      name,
      repository:
        annotationOf(entity, PEGASE_ANNOTATIONS.chartRepository) || undefined,
      entityRefs: [],
      applicationSets: [],
    };
    row.entityRefs.push(addonRef);
    if (applicationSet) row.applicationSets.push(applicationSet);
    addons.set(name, row);
    for (const [cluster, application] of Object.entries(
      addonApplicationsOf(entity),
    )) {
      if (!clusterNames.has(cluster)) continue;
      // a cluster's version label may have moved it off the default (a wave of pegase:addon:upgrade)
      const declaredVersion = addonVersionOf(entity, cluster);
      const live = status.get(`${addonRef}|${cluster}`);
      const cell: AddonCell = {
        addon: name,
        cluster,
        addonRef,
        applicationSet,
        application,
        declaredVersion,
        liveVersion: live?.liveVersion,
        sync: live?.sync,
        health: live?.health,
        healthMessage: live?.healthMessage,
        uiUrl: live?.uiUrl,
        failedOperation: live?.failedOperation,
      };
      cells.push(
        JSON.parse(JSON.stringify(cell)) as AddonCell, // drops the undefined keys
      );
    }
  }
  cells.sort(
    (a, b) =>
      compareNames(a.addon, b.addon) || compareNames(a.cluster, b.cluster),
  );

  const problems: ClusterProblem[] = [];
  for (const cell of cells) {
    const at = { cluster: cell.cluster, addon: cell.addon, uiUrl: cell.uiUrl };
    if (cell.health === 'Degraded' || cell.health === 'Missing')
      problems.push({
        kind: 'addon-degraded',
        ...at,
        // ArgoCD's message when it gives one (often none at Application level)
        ...(cell.healthMessage ? { detail: cell.healthMessage } : {}),
      });
    if (cell.sync === 'OutOfSync')
      problems.push({ kind: 'addon-out-of-sync', ...at });
    if (cell.failedOperation)
      problems.push({
        kind: 'addon-operation-failed',
        ...at,
        detail: cell.failedOperation.phase,
      });
    if (input.argocd.available && !cell.sync)
      problems.push({ kind: 'addon-missing', ...at });
  }

  const byType = new Map<string, string[]>();
  for (const c of clusters) {
    if (!c.clusterType) continue;
    byType.set(c.clusterType, [...(byType.get(c.clusterType) ?? []), c.name]);
  }
  const row = new Map(clusters.map(c => [c.name, c]));
  const cellOf = new Map(cells.map(c => [`${c.addon}|${c.cluster}`, c]));
  for (const [clusterType, names] of [...byType.entries()].sort(([a], [b]) =>
    compareNames(a, b),
  )) {
    const k8s = skew(names, c => row.get(c)?.kubernetesVersion);
    if (k8s)
      problems.push({ kind: 'kubernetes-skew', clusterType, versions: k8s });
    const talos = skew(names, c => row.get(c)?.talosVersion);
    if (talos)
      problems.push({ kind: 'talos-skew', clusterType, versions: talos });
    for (const addon of [...addons.keys()].sort(compareNames)) {
      const versions = skew(names, c => {
        const cell = cellOf.get(`${addon}|${c}`);
        return cell?.liveVersion ?? cell?.declaredVersion;
      });
      if (versions)
        problems.push({
          kind: 'addon-version-skew',
          addon,
          clusterType,
          versions,
        });
    }
  }

  const targeted = new Set(cells.map(c => c.cluster));
  for (const c of clusters)
    if (!targeted.has(c.name))
      problems.push({ kind: 'untargeted-cluster', cluster: c.name });

  return {
    generatedAt: input.now.toISOString(),
    clusters,
    addons: [...addons.values()].sort((a, b) => compareNames(a.name, b.name)),
    cells,
    problems,
    argocd: input.argocd.available
      ? { available: true }
      : { available: false, message: input.argocd.message },
  };
}
