import { Entity } from '@backstage/catalog-model';
import {
  clusterAddonEntityRef,
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';
import type {
  ClusterAddon,
  GitopsSnapshot,
  Problem,
} from '@pcscol/plugin-pegase-node';
import { isValidEntityName } from '@pcscol/plugin-pegase-node';
import {
  baseAnnotations,
  cleanAnnotations,
  EntityCollector,
  TransformOptions,
} from './common';

/**
 * The add-ons emitted as entities: those whose name is a valid entity name.
 * @public
 */
export function emittedAddons(snapshot: GitopsSnapshot): ClusterAddon[] {
  return (snapshot.addons ?? []).filter(a => isValidEntityName(a.name));
}

/**
 * The add-on entity refs each cluster depends on (cluster entity name -\>
 * sorted refs): every emitted add-on whose cluster generator selects it.
 * @public
 */
export function addonRefsByCluster(
  snapshot: GitopsSnapshot,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const addon of emittedAddons(snapshot)) {
    for (const cluster of addon.clusters) {
      const refs = out.get(cluster) ?? [];
      refs.push(clusterAddonEntityRef(addon.name));
      out.set(cluster, refs);
    }
  }
  for (const refs of out.values()) refs.sort();
  return out;
}

function describe(addon: ClusterAddon): string {
  const chart = addon.chart
    ? `chart ${addon.chart}${addon.version ? ` ${addon.version}` : ''}`
    : 'no Helm chart source';
  const type = addon.clusterType ? ` of type ${addon.clusterType}` : '';
  return `Cluster add-on: ${chart} on ${addon.clusters.length} cluster(s)${type}, deployed by the ApplicationSet ${addon.applicationSet}`;
}

/**
 * One `cluster-addon` Resource per add-on (an ApplicationSet with a cluster
 * generator, read by pegase-node): its chart, repository and version, the
 * cluster type its selector names, its ApplicationSet, and the Application it
 * generates for each cluster; `dependencyOf` each cluster it selects (so a
 * cluster `dependsOn` its add-ons). An add-on named after an ApplicationSet
 * whose name is no valid entity name is reported, never renamed.
 * @public
 */
export function transformAddons(
  snapshot: GitopsSnapshot,
  options: TransformOptions,
): { entities: Entity[]; problems: Problem[] } {
  const out = new EntityCollector();
  const sets = new Map(
    (snapshot.applicationSets ?? []).map(s => [`${s.file}\0${s.name}`, s]),
  );
  for (const addon of snapshot.addons ?? []) {
    const location = sets.get(`${addon.file}\0${addon.name}`)?.location;
    if (
      !out.checkName(
        addon.name,
        'add-on (ApplicationSet)',
        addon.file,
        location,
        'metadata.name',
      )
    ) {
      continue;
    }
    const clusters = addon.clusters.filter(c => isValidEntityName(c));
    const applications: Record<string, string> = {};
    for (const app of addon.applications) {
      if (app.cluster && isValidEntityName(app.cluster))
        applications[app.cluster] = app.name;
    }
    // clusters whose label override moved them off the default (waves of pegase:addon:upgrade)
    const overrides = Object.fromEntries(
      Object.entries(addon.versions ?? {}).filter(
        ([c, v]) => v !== addon.version && isValidEntityName(c),
      ),
    );
    out.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: addon.name,
        description: describe(addon),
        annotations: cleanAnnotations({
          ...baseAnnotations(addon.file, location ?? addon.file),
          [PEGASE_ANNOTATIONS.addonChart]: addon.chart,
          [PEGASE_ANNOTATIONS.chartRepository]: addon.repoURL,
          [PEGASE_ANNOTATIONS.chartVersion]: addon.version,
          [PEGASE_ANNOTATIONS.clusterType]: addon.clusterType,
          [PEGASE_ANNOTATIONS.applicationSet]: addon.applicationSet,
          [PEGASE_ANNOTATIONS.addonApplications]: JSON.stringify(applications),
          [PEGASE_ANNOTATIONS.addonVersions]:
            Object.keys(overrides).length > 0
              ? JSON.stringify(overrides)
              : undefined,
        }),
      },
      spec: {
        type: PEGASE_ENTITY_TYPES.clusterAddon,
        owner: options.opsGroup,
        dependencyOf: clusters.map(c => `resource:default/${c}`),
      },
    });
  }
  return { entities: out.entities, problems: out.problems };
}
