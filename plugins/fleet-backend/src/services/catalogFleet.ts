import type { Entity } from '@backstage/catalog-model';
import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
  PEGASE_SYSTEM,
} from '@pcscol/plugin-pegase-common';

/** What the fleet needs of the catalog: the instances and the System. */
export interface CatalogFleet {
  instances: Entity[];
  system?: Entity;
}

const INSTANCE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
];

/**
 * Reads the instances and the System `pegase` in two catalog queries, with
 * the plugin's own credentials: the fleet is one aggregate for everybody who
 * holds `pegase.fleet.read`, cached once, not once per user.
 */
export async function readCatalogFleet(
  catalog: CatalogService,
  auth: AuthService,
): Promise<CatalogFleet> {
  const credentials = await auth.getOwnServiceCredentials();
  const [instances, system] = await Promise.all([
    catalog.getEntities(
      {
        filter: { kind: 'Resource', 'spec.type': PEGASE_INSTANCE_TYPE },
        fields: INSTANCE_FIELDS,
      },
      { credentials },
    ),
    catalog.getEntityByRef(
      { kind: 'System', namespace: 'default', name: PEGASE_SYSTEM },
      { credentials },
    ),
  ]);
  return { instances: instances.items, system };
}

/** Released umbrella versions the System carries, newest first as written. */
export function releasedVersionsOf(system: Entity | undefined): string[] {
  const raw =
    system?.metadata.annotations?.[PEGASE_ANNOTATIONS.releasedVersions];
  return (raw ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}
