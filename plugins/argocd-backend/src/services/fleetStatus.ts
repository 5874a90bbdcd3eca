import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  addonApplicationsOf,
  annotationOf,
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
  PEGASE_INSTANCE_TYPE,
  type FleetArgocdStatus,
} from '@pcscol/plugin-pegase-common';
import { FAILED_OPERATION_PHASES } from '@pcscol/plugin-argocd-common';
import { AppIndex, findApp, indexApps } from './appIndex';
import { LIST_FIELDS, type ArgoJson } from './ArgocdClient';
import type { ArgocdService } from './ArgocdService';
import {
  appKey,
  appUiUrl,
  isExactVersion,
  liveChartVersion,
  summarize,
  type AppSummary,
} from './shapes';

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

/** What ArgoCD says of one add-on Application (`GET /fleet/addons/status`). @internal */
export interface AddonArgocdStatus {
  /** The add-on entity (`resource:default/<name>`). */
  addonRef: string;
  /** The cluster entity name the Application deploys to. */
  cluster: string;
  /** The Application's name. */
  application: string;
  /** The ArgoCD (config name) that holds it. */
  argocdInstance: string;
  sync: FleetArgocdStatus['sync'];
  health: FleetArgocdStatus['health'];
  healthMessage?: string;
  /** The chart version that runs (Synced to an exact version, else the last successful sync, else the history). */
  liveVersion?: string;
  uiUrl?: string;
  failedOperation?: FleetArgocdStatus['failedOperation'];
}

/** The list keys the add-on statuses read: the light list's, and the last sync's result (its revision). */
const ADDON_LIST_FIELDS = [
  ...LIST_FIELDS,
  'items.status.operationState.operation.sync',
];

/** Single-app reads per answer for the live version of add-ons the list cannot tell. */
const MAX_APP_READS = 25;

interface AddonList {
  at: number;
  apps: AppIndex;
  /** `namespace/name` -> the revision of the last successful sync. */
  synced: Map<string, string>;
}

/** The add-on lists per ArgoCD (config name), reused for its `cacheTtlSeconds` on this replica. */
const addonLists = new WeakMap<
  ArgocdService,
  Map<string, Promise<AddonList>>
>();

/**
 * The Applications of every project the token reads (the add-ons live
 * outside the configured `project`, which scopes the instances' list),
 * with the last sync's revision; kept for the ArgoCD's `cacheTtlSeconds`.
 */
function addonList(service: ArgocdService, argocd: string): Promise<AddonList> {
  const c = service.client(argocd);
  let byArgocd = addonLists.get(service);
  if (!byArgocd) {
    byArgocd = new Map();
    addonLists.set(service, byArgocd);
  }
  const cached = byArgocd.get(argocd);
  const ttlMs = c.config.cacheTtlSeconds * 1000;
  const fresh = (l: Promise<AddonList>) =>
    l.then(v => Date.now() - v.at < ttlMs);
  const read = async (): Promise<AddonList> => {
    const items = (
      await c.listApplications({ fields: ADDON_LIST_FIELDS, projects: [] })
    ).filter(i => typeof i?.metadata?.name === 'string');
    const synced = new Map<string, string>();
    for (const i of items as ArgoJson[]) {
      const op = i.status?.operationState;
      // 'operation.sync' of the list is the sync *result* (pkg/apiclient/
      // application/forwarder_overwrite.go appFields @ v2.14.21)
      const revision =
        op?.operation?.sync?.revision ?? op?.syncResult?.revision;
      if (op?.phase === 'Succeeded' && typeof revision === 'string')
        synced.set(appKey(i.metadata.namespace, i.metadata.name), revision);
    }
    return { at: Date.now(), apps: indexApps(items.map(summarize)), synced };
  };
  const next = (async () => {
    if (cached && (await fresh(cached).catch(() => false))) return cached;
    return read();
  })();
  byArgocd.set(argocd, next);
  next.catch(() => byArgocd!.delete(argocd));
  return next;
}

/**
 * What ArgoCD says of every add-on Application the catalog's add-ons name
 * (their `addon-applications` annotation): sync, health and the chart
 * version that runs, from one list per ArgoCD (all projects). An Application
 * is looked for in each ArgoCD in config order, in its control-plane
 * namespace first; one found nowhere is left out. An ArgoCD that cannot be
 * read is named in `failed`.
 */
export async function addonFleetStatus(
  service: ArgocdService,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<{ items: AddonArgocdStatus[]; failed: string[] }> {
  const { items: addons } = await catalog.getEntities(
    {
      filter: {
        kind: 'Resource',
        'spec.type': PEGASE_ENTITY_TYPES.clusterAddon,
      },
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
  const lists = (
    await Promise.all(
      configs.map(async c => {
        try {
          return { config: c, list: await addonList(service, c.name) };
        } catch {
          failed.push(c.name);
          return undefined;
        }
      }),
    )
  ).filter(<T>(x: T | undefined): x is T => x !== undefined);
  const items: AddonArgocdStatus[] = [];
  const unknownLive: Array<{ item: AddonArgocdStatus; app: AppSummary }> = [];
  for (const entity of addons) {
    const addonRef = stringifyEntityRef(entity);
    for (const [cluster, application] of Object.entries(
      addonApplicationsOf(entity),
    )) {
      for (const { config, list } of lists) {
        const found = findApp(
          list.apps,
          application,
          undefined,
          config.controlPlaneNamespace,
        ).app;
        if (!found) continue;
        const lastSynced = list.synced.get(appKey(found.namespace, found.name));
        const item: AddonArgocdStatus = {
          addonRef,
          cluster,
          application,
          argocdInstance: config.name,
          sync: found.sync,
          health: found.health as FleetArgocdStatus['health'],
          healthMessage: found.healthMessage,
          liveVersion:
            found.chartVersion ??
            (isExactVersion(lastSynced) ? lastSynced : undefined),
          uiUrl: config.uiUrl
            ? appUiUrl(config.uiUrl, found.name, found.namespace)
            : undefined,
        };
        if (
          !found.opRequested &&
          found.opPhase &&
          FAILED_OPERATION_PHASES.includes(found.opPhase)
        )
          item.failedOperation = {
            phase: found.opPhase as 'Failed' | 'Error',
            ...(found.opFinishedAt ? { finishedAt: found.opFinishedAt } : {}),
          };
        if (!item.liveVersion) unknownLive.push({ item, app: found });
        items.push(item);
        break;
      }
    }
  }
  // the list cannot tell what runs after a failed sync: the history can
  await Promise.all(
    unknownLive.slice(0, MAX_APP_READS).map(async ({ item, app }) => {
      try {
        const full = await service.client(item.argocdInstance).getApplication({
          name: app.name,
          namespace: app.namespace,
          project: app.project,
        });
        item.liveVersion = liveChartVersion(full);
      } catch {
        // left unknown: the answer does not fail for one Application
      }
    }),
  );
  for (const item of items) {
    if (!item.liveVersion) delete item.liveVersion;
    if (!item.healthMessage) delete item.healthMessage;
    if (!item.uiUrl) delete item.uiUrl;
  }
  return { items, failed };
}
