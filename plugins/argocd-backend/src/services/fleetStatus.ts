import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  annotationOf,
  ARGOCD_APP_NAME_ANNOTATION,
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
  type FleetArgocdStatus,
} from '@pcscol/plugin-pegase-common';
import type { ArgocdService } from './ArgocdService';
import { appUiUrl } from './shapes';

/**
 * What ArgoCD says of every instance the catalog names, from the cached
 * Application lists (one per ArgoCD, no call per instance): the fleet views'
 * input (`GET /fleet/status`). An ArgoCD that cannot be read leaves its
 * instances out, it does not fail the answer.
 */
export async function fleetStatus(
  service: ArgocdService,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<{ items: FleetArgocdStatus[]; failed: string[] }> {
  const { items: instances } = await catalog.getEntities(
    {
      filter: { kind: 'Resource', 'spec.type': PEGASE_INSTANCE_TYPE },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  const configs = service.config.instances;
  const failed: string[] = [];
  const lists = new Map(
    await Promise.all(
      configs.map(async c => {
        try {
          const list = await service.getList(c.name);
          return [c.name, new Map(list.apps.map(a => [a.name, a]))] as const;
        } catch {
          failed.push(c.name);
          return [c.name, new Map()] as const;
        }
      }),
    ),
  );
  const items: FleetArgocdStatus[] = [];
  for (const entity of instances) {
    const app = annotationOf(entity, ARGOCD_APP_NAME_ANNOTATION);
    const argocd =
      annotationOf(entity, PEGASE_ANNOTATIONS.argocdInstance) ??
      configs[0]?.name;
    const summary = app && argocd ? lists.get(argocd)?.get(app) : undefined;
    if (!summary) continue;
    const config = configs.find(c => c.name === argocd)!;
    items.push({
      entityRef: stringifyEntityRef(entity),
      sync: summary.sync,
      health: summary.health as FleetArgocdStatus['health'],
      liveVersion: summary.chartVersion,
      uiUrl: config.uiUrl ? appUiUrl(config.uiUrl, app!) : undefined,
    });
  }
  return { items, failed };
}
