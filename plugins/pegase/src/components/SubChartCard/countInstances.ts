import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  compareVersionsDesc,
  parseSubChartVersions,
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';

/** One row of the sub-chart card: the instances of one umbrella version. */
export interface UmbrellaVersionCount {
  /** The umbrella version (the instances' `chartVersion` annotation). */
  umbrellaVersion: string;
  /** How many instances of that umbrella version run the sub-chart. */
  instances: number;
  /** The sub-chart version that umbrella version implies, when known. */
  subChartVersion?: string;
}

/** What {@link countInstancesPerUmbrellaVersion} finds. */
export interface InstancesPerUmbrellaVersion {
  total: number;
  rows: UmbrellaVersionCount[];
}

const CHART_VERSION_FIELD = `metadata.annotations.${PEGASE_ANNOTATIONS.chartVersion}`;
const SUB_CHART_VERSIONS_FIELD = `metadata.annotations.${PEGASE_ANNOTATIONS.subChartVersions}`;

/**
 * Counts the instances that run a sub-chart (instance Resources with a
 * `dependsOn` relation to it), per umbrella version, through the catalog's
 * facets (one request, whatever the size of the fleet); then reads, for each
 * umbrella version, the sub-chart version it implies from the
 * `subChartVersions` annotation of one of its instances.
 */
export async function countInstancesPerUmbrellaVersion(
  catalogApi: CatalogApi,
  entity: Entity,
): Promise<InstancesPerUmbrellaVersion> {
  const name = entity.metadata.name;
  const filter = {
    kind: 'Resource',
    'spec.type': PEGASE_ENTITY_TYPES.instance,
    'relations.dependsOn': stringifyEntityRef(entity),
  };
  const { facets } = await catalogApi.getEntityFacets({
    filter,
    facets: [CHART_VERSION_FIELD],
  });
  const counts = (facets[CHART_VERSION_FIELD] ?? [])
    .filter(f => f.count > 0)
    .sort((a, b) => compareVersionsDesc(a.value, b.value));

  const rows = await Promise.all(
    counts.map(async ({ value, count }): Promise<UmbrellaVersionCount> => {
      const row: UmbrellaVersionCount = {
        umbrellaVersion: value,
        instances: count,
      };
      const sample = await catalogApi.queryEntities({
        filter: { ...filter, [CHART_VERSION_FIELD]: value },
        limit: 1,
        fields: ['metadata.name', SUB_CHART_VERSIONS_FIELD],
      });
      const versions = parseSubChartVersions(
        sample.items[0]?.metadata.annotations?.[
          PEGASE_ANNOTATIONS.subChartVersions
        ],
      );
      if (typeof versions === 'object' && versions[name]) {
        row.subChartVersion = versions[name];
      }
      return row;
    }),
  );
  return { total: rows.reduce((sum, r) => sum + r.instances, 0), rows };
}
