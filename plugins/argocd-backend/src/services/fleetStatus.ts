import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  annotationOf,
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
  type FleetArgocdStatus,
} from '@pcscol/plugin-pegase-common';
import { FAILED_OPERATION_PHASES } from '@pcscol/plugin-argocd-common';
import { AppIndex, findApp, indexApps } from './appIndex';
import type { ArgocdService } from './ArgocdService';
import { appKey, appUiUrl } from './shapes';

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
  const lists = new Map<
    string,
    { apps: AppIndex; live: Record<string, string> } | undefined
  >(
    await Promise.all(
      configs.map(async c => {
        try {
          const [list, live] = await Promise.all([
            service.getList(c.name),
            service.liveVersions(c.name),
          ]);
          return [c.name, { apps: indexApps(list.apps), live }] as const;
        } catch {
          failed.push(c.name);
          return [c.name, undefined] as const;
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
    const config = configs.find(c => c.name === argocd);
    const list = argocd ? lists.get(argocd) : undefined;
    if (!app || !config || !list) continue;
    const summary = findApp(
      list.apps,
      app,
      annotationOf(entity, ARGOCD_APP_NAMESPACE_ANNOTATION) ??
        config.appNamespace,
      config.controlPlaneNamespace,
    ).app;
    if (!summary) continue;
    const item: FleetArgocdStatus = {
      entityRef: stringifyEntityRef(entity),
      sync: summary.sync,
      health: summary.health as FleetArgocdStatus['health'],
      liveVersion:
        summary.chartVersion ??
        list.live[appKey(summary.namespace, summary.name)],
      uiUrl: config.uiUrl
        ? appUiUrl(config.uiUrl, app, summary.namespace)
        : undefined,
    };
    // a failed or errored last operation is a problem even when Synced and Healthy
    if (
      !summary.opRequested &&
      summary.opPhase &&
      FAILED_OPERATION_PHASES.includes(summary.opPhase)
    )
      item.failedOperation = {
        phase: summary.opPhase as 'Failed' | 'Error',
        ...(summary.opFinishedAt ? { finishedAt: summary.opFinishedAt } : {}),
      };
    if (!item.liveVersion) delete item.liveVersion;
    items.push(item);
  }
  return { items, failed };
}
