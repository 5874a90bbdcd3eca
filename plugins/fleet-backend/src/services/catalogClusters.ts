import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_CLUSTER_TYPE,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';

/** What the Clusters view needs of the catalog: the clusters and the add-ons. */
export interface CatalogClusters {
  clusters: Entity[];
  addons: Entity[];
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.type',
];

/**
 * Reads the cluster and the cluster add-on Resources in two catalog
 * queries, with the plugin's own credentials, as the fleet reads the
 * instances (catalogFleet.ts): one aggregate for everybody who holds
 * `pegase.fleet.read`.
 */
export async function readCatalogClusters(
  catalog: CatalogService,
  auth: AuthService,
): Promise<CatalogClusters> {
  const credentials = await auth.getOwnServiceCredentials();
  const [clusters, addons] = await Promise.all(
    [KUBERNETES_CLUSTER_TYPE, PEGASE_ENTITY_TYPES.clusterAddon].map(type =>
      catalog.getEntities(
        { filter: { kind: 'Resource', 'spec.type': type }, fields: FIELDS },
        { credentials },
      ),
    ),
  );
  return { clusters: clusters.items, addons: addons.items };
}
