/*
 * The fleet view of one component: every instance that runs it (catalog), the
 * state of its Application (the cached lists, one per ArgoCD) and of the
 * component's workload in it (the list's resource health, else the index the
 * refresher writes), problems first, with counts and filter values.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  ARGOCD_INSTANCE_ANNOTATION,
  FAILED_OPERATION_PHASES,
  ArgocdErrorInfo,
  CHART_VERSION_ANNOTATION,
  FleetResponse,
  FleetRow,
  NAMESPACE_ANNOTATION,
  REGION_ANNOTATION,
  SUB_CHART_ANNOTATION,
  SyncStatusCode,
  UNIVERSITY_ANNOTATION,
  USAGE_ANNOTATION,
  WORKLOAD_ANNOTATION,
  healthRank,
} from '@pcscol/plugin-argocd-common';
import { ArgocdInstances } from './ArgocdInstances';
import { ApplicationReads } from './ApplicationReads';
import { CatalogLookups, impliedSubChartVersions } from './CatalogLookups';
import { toUpstreamError } from './errors';
import { AppIndex, findApp, indexApps } from './appIndex';
import { appKey, appUiUrl } from './shapes';
import { cacheKeys, SharedCache, WorkloadIndex } from './SharedCache';

/** What a fleet request asks. @internal */
export interface FleetQuery {
  credentials: BackstageCredentials;
  region?: string[];
  usage?: string[];
  cluster?: string[];
  problemsOnly?: boolean;
  /** Keeps only the instances (entity refs) the caller may read; default all. */
  readable?: (instanceRefs: string[]) => Promise<Set<string>>;
}

interface BuiltFleet {
  component: FleetResponse['component'];
  rows: FleetRow[];
  errors: ArgocdErrorInfo[];
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>)
    if (o[k] === undefined) delete o[k];
  return o;
}

/** Builds the fleet view of a component. @internal */
export class ComponentFleet {
  readonly #built = new Map<
    string,
    { at: number; value: Promise<BuiltFleet> }
  >();

  constructor(
    private readonly instances: ArgocdInstances,
    private readonly reads: ApplicationReads,
    private readonly catalog: CatalogLookups,
    private readonly cache: SharedCache,
    /** Per-replica reuse of a built fleet, in seconds. */
    private readonly reuseSeconds: number,
  ) {}

  /** Forgets the fleets built on this replica (after an action). */
  forget() {
    this.#built.clear();
  }

  /**
   * The fleet of a component. The rows are built once for identical requests
   * in flight and reused for `fleetResponseCacheSeconds` (a derived answer
   * kept per replica; other replicas build theirs from the shared cache);
   * the caller's filters and rights apply to every answer.
   */
  async fleet(componentRef: string, query: FleetQuery): Promise<FleetResponse> {
    const built = await this.built(componentRef, query.credentials);
    let all = built.rows;
    if (query.readable) {
      const allowed = await query.readable(all.map(r => r.entityRef));
      all = all.filter(r => allowed.has(r.entityRef));
    }
    const uniq = (xs: Array<string | undefined>) =>
      [...new Set(xs.filter((x): x is string => Boolean(x)))].sort();
    const filters = {
      regions: uniq(all.map(r => r.region)),
      usages: uniq(all.map(r => r.usage)),
      clusters: uniq(all.map(r => r.cluster)),
    };
    const keep = (v: string | undefined, wanted?: string[]) =>
      !wanted?.length || (v !== undefined && wanted.includes(v));
    const rows = all.filter(
      r =>
        keep(r.region, query.region) &&
        keep(r.usage, query.usage) &&
        keep(r.cluster, query.cluster) &&
        (!query.problemsOnly || r.problem),
    );
    const counts: FleetResponse['counts'] = {
      total: rows.length,
      problems: 0,
      health: {},
      sync: {},
    };
    for (const r of rows) {
      if (r.problem) counts.problems++;
      counts.health[r.health] = (counts.health[r.health] ?? 0) + 1;
      counts.sync[r.sync as SyncStatusCode] =
        (counts.sync[r.sync as SyncStatusCode] ?? 0) + 1;
    }
    return {
      component: built.component,
      rows,
      total: all.length,
      counts,
      filters,
      errors: built.errors,
      pendingComponentHealth: all.filter(
        r => !r.error && r.componentHealthSource === 'none',
      ).length,
    };
  }

  private built(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<BuiltFleet> {
    const ttl = this.reuseSeconds * 1000;
    const now = Date.now();
    const hit = this.#built.get(ref);
    if (hit && now - hit.at < ttl) return hit.value;
    const value = this.build(ref, credentials);
    this.#built.set(ref, { at: now, value });
    value.catch(() => this.#built.delete(ref));
    if (ttl <= 0) value.finally(() => this.#built.delete(ref)).catch(() => {});
    if (this.#built.size > 500) {
      for (const [k, v] of this.#built)
        if (now - v.at >= ttl) this.#built.delete(k);
    }
    return value;
  }

  private async build(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<BuiltFleet> {
    const members = await this.catalog.fleetMembers(ref, credentials);
    if (!members) throw new NotFoundError(`No entity ${ref} in the catalog`);
    const { annotations: ca, systemVersion } = members;
    const componentName = ref.split('/').pop()!;
    const workload = ca[WORKLOAD_ANNOTATION] ?? componentName;

    // which ArgoCD serves each instance
    const defaultArgocd = this.instances.defaultName ?? '';
    const entities = members.instances;
    const argocdOf = (a: Record<string, string>) =>
      a[ARGOCD_INSTANCE_ANNOTATION] || defaultArgocd;
    const errors: ArgocdErrorInfo[] = [];
    const perArgocd = new Map<
      string,
      {
        apps?: AppIndex;
        index?: WorkloadIndex;
        live?: Record<string, string>;
        error?: string;
      }
    >();
    await Promise.all(
      [...new Set(entities.map(e => argocdOf(e.annotations)))].map(
        async name => {
          try {
            const c = this.instances.client(name);
            const [list, index, live] = await Promise.all([
              this.reads.getList(name),
              this.cache.get<WorkloadIndex>(
                cacheKeys.workload(c.name, workload),
              ),
              this.cache.get<Record<string, string>>(cacheKeys.live(c.name)),
            ]);
            perArgocd.set(name, {
              apps: indexApps(list.apps),
              index: index ?? undefined,
              live: live ?? undefined,
            });
          } catch (e) {
            const err = toUpstreamError(name, e);
            errors.push(err.toInfo());
            perArgocd.set(name, { error: err.message });
          }
        },
      ),
    );

    const rows: FleetRow[] = entities.map(e => {
      const a = e.annotations;
      const argocdInstance = argocdOf(a);
      const appName = a[ARGOCD_APP_NAME_ANNOTATION];
      const row: FleetRow = {
        instance: e.name,
        entityRef: e.ref,
        argocdInstance,
        appName,
        namespace: a[NAMESPACE_ANNOTATION],
        cluster: e.cluster,
        region: a[REGION_ANNOTATION],
        usage: a[USAGE_ANNOTATION],
        university: a[UNIVERSITY_ANNOTATION],
        chartVersion: a[CHART_VERSION_ANNOTATION],
        sync: 'Unknown',
        appHealth: 'Unknown',
        componentHealthSource: 'none',
        health: 'Unknown',
        problem: true,
      };
      const implied = impliedSubChartVersions(a)[componentName];
      const subChartVersion = () => {
        if (implied) row.subChartVersion = implied;
        else if (
          row.chartVersion &&
          systemVersion &&
          row.chartVersion === systemVersion &&
          ca[CHART_VERSION_ANNOTATION]
        )
          row.subChartVersion = ca[CHART_VERSION_ANNOTATION];
        return clean(row);
      };
      const src = perArgocd.get(argocdInstance);
      if (!src || src.error) {
        row.error =
          src?.error ?? `ArgoCD '${argocdInstance}' is not configured`;
        return subChartVersion();
      }
      const cfg = this.instances.clients.get(argocdInstance)!.config;
      const wantedNs = a[ARGOCD_APP_NAMESPACE_ANNOTATION] || cfg.appNamespace;
      const found = findApp(
        src.apps!,
        appName,
        wantedNs,
        cfg.controlPlaneNamespace,
      );
      const s = found.app;
      row.uiUrl = appUiUrl(cfg.uiUrl, appName, s?.namespace ?? wantedNs);
      if (!s) {
        row.error =
          found.error ??
          `ArgoCD '${argocdInstance}' has no application '${
            wantedNs ? `${wantedNs}/` : ''
          }${appName}'`;
        row.appHealth = 'Missing';
        row.health = 'Missing';
        return subChartVersion();
      }
      const key = appKey(s.namespace, s.name);
      row.sync = s.sync;
      row.appHealth = s.health;
      row.operationPhase = s.opRequested ? 'Running' : s.opPhase;
      row.lastSyncedAt = s.opFinishedAt;
      const live = s.chartVersion ?? src.live?.[key];
      if (live) row.chartVersion = live;
      const listHealth =
        s.resourceHealth?.[workload] ??
        s.resourceHealth?.[`${s.release}-${workload}`];
      const fromTree = src.index?.[key];
      if (listHealth) {
        row.componentHealth = listHealth;
        row.componentHealthSource = 'list';
      } else if (fromTree) {
        row.componentHealth = fromTree.h;
        row.componentHealthSource = 'tree';
      }
      if (fromTree?.v.length) row.appVersion = fromTree.v.join(', ');
      row.health = row.componentHealth ?? s.health;
      const failed =
        !s.opRequested &&
        s.opPhase !== undefined &&
        FAILED_OPERATION_PHASES.includes(s.opPhase);
      row.problem =
        healthRank(row.health) < healthRank('Suspended') ||
        s.sync !== 'Synced' ||
        failed;
      return subChartVersion();
    });
    rows.sort(
      (a, b) =>
        Number(b.problem) - Number(a.problem) ||
        Number(Boolean(b.error)) - Number(Boolean(a.error)) ||
        healthRank(a.health) - healthRank(b.health) ||
        Number(a.sync === 'Synced') - Number(b.sync === 'Synced') ||
        a.instance.localeCompare(b.instance),
    );
    const component: FleetResponse['component'] = { entityRef: ref, workload };
    if (ca[SUB_CHART_ANNOTATION]) component.subChart = ca[SUB_CHART_ANNOTATION];
    if (ca[CHART_VERSION_ANNOTATION])
      component.chartVersion = ca[CHART_VERSION_ANNOTATION];
    return { component, rows, errors };
  }
}
