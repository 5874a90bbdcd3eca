/*
 * What `/api/pegase-thanos` does for an entity, one method per route: resolve the
 * entity from the catalog (EntityResolver), then describe its graphs (info),
 * query one graph (graphs.ts) or its alerts (alerts.ts) through the cached
 * querier clients.
 */
import {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  EntityAlertsResult,
  EntityMetricsInfo,
  ExternalLink,
  GraphDescriptor,
  GraphResult,
  InstanceRef,
} from '@pcscol/plugin-thanos-common';
import { ThanosConfig } from '../config';
import { queryAlerts } from './alerts';
import {
  CatalogReader,
  EntityResolver,
  InstanceFilter,
  ResolvedEntity,
} from './EntityResolver';
import { buildGraphQuery } from './graphQuery';
import type { QueryWindow } from './promql';
import { GraphRequest, queryGraph } from './graphs';
import { QuerierClient } from './QuerierClient';
import { QueryCache } from './QueryCache';
import { QueryContext } from './QueryContext';
import { QueryTemplate } from './templates';

/** Options of {@link ThanosService}. @public */
export interface ThanosServiceOptions {
  config: ThanosConfig;
  catalog: CatalogReader;
  cache: CacheService;
  logger: LoggerService;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /**
   * The instances of a component the caller may read (the plugin passes
   * `thanos.metrics.read` per instance); without it, all of them.
   */
  readableInstances?: InstanceFilter;
}

function linksOf(r: ResolvedEntity): ExternalLink[] {
  const q = r.querier;
  const out: ExternalLink[] = [];
  if (q?.grafanaUrl) {
    const url = q.grafanaUrl
      .replace(/\{namespace\}/g, encodeURIComponent(r.namespace ?? ''))
      .replace(/\{workload\}/g, encodeURIComponent(r.workload ?? ''));
    out.push({ kind: 'grafana', url, title: 'Grafana' });
  }
  if (q?.uiUrl) out.push({ kind: 'thanos', url: q.uiUrl, title: q.name });
  return out;
}

/** The service behind the routes. @public */
export class ThanosService {
  private readonly resolver: EntityResolver;
  private readonly ctx: QueryContext;

  constructor(private readonly options: ThanosServiceOptions) {
    const clients = new Map<string, QuerierClient>();
    for (const q of options.config.queriers) {
      clients.set(q.name, new QuerierClient(q, options.fetchImpl));
    }
    this.resolver = new EntityResolver(
      options.catalog,
      options.config,
      options.readableInstances,
    );
    this.ctx = {
      config: options.config,
      clients,
      cache: new QueryCache(options.cache, options.logger),
      now: options.now ?? (() => Date.now() / 1000),
    };
  }

  /** Reads an entity and what the views need about it. */
  resolve(
    entityRef: string,
    credentials: BackstageCredentials,
    querier?: string,
  ): Promise<ResolvedEntity> {
    return this.resolver.resolve(entityRef, credentials, querier);
  }

  /** Builds the PromQL of one graph (for tests and the bench). */
  buildQuery(
    r: ResolvedEntity,
    template: QueryTemplate,
    scope: 'fleet' | 'instance',
    window: QueryWindow,
    instance?: InstanceRef,
    topNamespaces?: string[],
  ): { query: string; legend: string } {
    return buildGraphQuery(r, template, scope, window, instance, topNamespaces);
  }

  /** `GET .../info` */
  async info(
    entityRef: string,
    credentials: BackstageCredentials,
    querier?: string,
  ): Promise<EntityMetricsInfo> {
    const r = await this.resolve(entityRef, credentials, querier);
    const queriers = this.options.config.queriers;
    const graphs: GraphDescriptor[] = r.graphs
      .filter(t => (r.kind === 'instance' ? !!t.instance : true))
      .map(t => ({ id: t.id, title: t.title, unit: t.unit, source: t.source }));
    return {
      kind: r.kind,
      configured: queriers.length > 0,
      queriers: queriers.map(q => q.name),
      topInstances: this.options.config.topInstances,
      graphs,
      instances: r.kind === 'component' ? r.instances : [],
      ...(r.hiddenInstances ? { hiddenInstances: r.hiddenInstances } : {}),
      links: linksOf(r),
      workload: r.workload,
      namespace: r.namespace,
    };
  }

  /** `GET .../graphs/:graphId` */
  async graph(
    entityRef: string,
    credentials: BackstageCredentials,
    request: GraphRequest,
  ): Promise<GraphResult> {
    const r = await this.resolve(entityRef, credentials, request.querier);
    return queryGraph(this.ctx, r, request);
  }

  /** `GET .../alerts` */
  async alerts(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityAlertsResult> {
    return (await this.entityAlerts(entityRef, credentials)).alerts;
  }

  /** The alerts of an entity and the entity they are about (the `get-firing-alerts` action). */
  async entityAlerts(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ entity: ResolvedEntity; alerts: EntityAlertsResult }> {
    const entity = await this.resolve(entityRef, credentials);
    return { entity, alerts: await queryAlerts(this.ctx, entity) };
  }
}
