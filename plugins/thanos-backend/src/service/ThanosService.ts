/*
 * What `/api/thanos` does for an entity: find what to ask (templates for its
 * type, its namespace or its workload and instances, all from the catalog),
 * ask the querier (cached briefly, identical concurrent queries coalesced),
 * and answer the shapes the cards draw.
 */
import { createHash } from 'node:crypto';
import {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CHART_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import {
  EntityAlert,
  EntityAlertsResult,
  EntityMetricsInfo,
  ExternalLink,
  GRAPHS_ANNOTATION,
  GraphDescriptor,
  GraphResult,
  INSTANCE_TYPE,
  InstanceRef,
  NAMESPACE_ANNOTATION,
  QUERIER_ANNOTATION,
  WORKLOAD_ANNOTATION,
} from '@pcscol/plugin-thanos-common';
import { QuerierConfig, ThanosConfig } from './config';
import {
  AlertsData,
  Matrix,
  QuerierAnswer,
  QuerierClient,
  QuerierError,
} from './QuerierClient';
import { isValidNamespace, isValidWorkload, queryWindow } from './promql';
import {
  QueryTemplate,
  rankQuery,
  renderTemplate,
  topQuery,
} from './templates';

/** The part of the catalog the service needs (CatalogService fits). @public */
export interface CatalogReader {
  getEntityByRef(
    ref: string,
    options: { credentials: BackstageCredentials },
  ): Promise<Entity | undefined>;
  getEntities(
    request: { filter: Record<string, string>; fields?: string[] },
    options: { credentials: BackstageCredentials },
  ): Promise<{ items: Entity[] }>;
}

/** An entity the views understand. */
export interface ResolvedEntity {
  ref: string;
  kind: 'component' | 'instance';
  /** Component type (service, connector...) or `instance`. */
  type: string;
  workload?: string;
  namespace?: string;
  instances: InstanceRef[];
  /** Instances skipped because their namespace is not a valid name. */
  invalidInstances: string[];
  graphs: QueryTemplate[];
  querier?: QuerierConfig;
}

/** Component type of a catalog entity (sub-chart entities). */
export function componentTypeOf(entity: Entity): string | undefined {
  const annotated =
    entity.metadata.annotations?.[CHART_ANNOTATIONS.componentType];
  if (annotated) return annotated;
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string') return undefined;
  if (entity.kind.toLowerCase() === 'component') return type;
  if (type === 'database-server' || type === 'database') return 'database';
  if (type === 'message-broker') return 'message-broker';
  return undefined;
}

function isInstance(entity: Entity): boolean {
  return (
    entity.kind.toLowerCase() === 'resource' &&
    (entity.spec as { type?: unknown } | undefined)?.type === INSTANCE_TYPE
  );
}

/** Options of {@link ThanosService}. @public */
export interface ThanosServiceOptions {
  config: ThanosConfig;
  catalog: CatalogReader;
  cache: CacheService;
  logger: LoggerService;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

/** The service behind the routes. @public */
export class ThanosService {
  private readonly clients = new Map<string, QuerierClient>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly options: ThanosServiceOptions) {
    for (const q of options.config.queriers) {
      this.clients.set(q.name, new QuerierClient(q, options.fetchImpl));
    }
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  /** Cached and coalesced: one upstream call for identical concurrent asks. */
  private async cached<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
  ): Promise<T> {
    const hashed = `thanos:${createHash('sha256').update(key).digest('hex')}`;
    const running = this.inflight.get(hashed);
    if (running) return running as Promise<T>;
    const promise = (async () => {
      try {
        const hit = await this.options.cache.get(hashed);
        if (hit !== undefined) return hit as T;
      } catch (e) {
        this.options.logger.warn(`thanos cache read failed: ${e}`);
      }
      const value = await load();
      try {
        await this.options.cache.set(hashed, value as any, {
          ttl: ttlSeconds * 1000,
        });
      } catch (e) {
        this.options.logger.warn(`thanos cache write failed: ${e}`);
      }
      return value;
    })();
    this.inflight.set(hashed, promise);
    try {
      return await promise;
    } finally {
      this.inflight.delete(hashed);
    }
  }

  private pickQuerier(
    entity: Entity,
    requested?: string,
  ): QuerierConfig | undefined {
    const queriers = this.options.config.queriers;
    const name = requested || entity.metadata.annotations?.[QUERIER_ANNOTATION];
    if (name) {
      const q = queriers.find(x => x.name === name);
      if (!q) throw new InputError(`no querier named "${name}" is configured`);
      return q;
    }
    return queriers[0];
  }

  private graphsFor(entity: Entity, type: string): QueryTemplate[] {
    const all = this.options.config.templates;
    let ids = all.filter(t => t.types.includes(type)).map(t => t.id);
    const annotation = entity.metadata.annotations?.[GRAPHS_ANNOTATION];
    if (annotation) {
      const wanted = annotation
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);
      const removed = wanted
        .filter(w => w.startsWith('-'))
        .map(w => w.slice(1));
      const added = wanted.filter(w => !w.startsWith('-'));
      // listed ids come first, in their order; the type's defaults follow
      ids = [...new Set([...added, ...ids])].filter(
        id => !removed.includes(id),
      );
    }
    const usable =
      type === 'instance' ? (t: QueryTemplate) => !!t.instance : () => true;
    return ids
      .map(id => all.find(t => t.id === id))
      .filter((t): t is QueryTemplate => !!t && usable(t));
  }

  /** Reads an entity and what the views need about it. */
  async resolve(
    entityRef: string,
    credentials: BackstageCredentials,
    querier?: string,
  ): Promise<ResolvedEntity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`entity ${entityRef} not found`);
    const ref = stringifyEntityRef(entity);
    if (isInstance(entity)) {
      const namespace =
        entity.metadata.annotations?.[NAMESPACE_ANNOTATION] ??
        entity.metadata.name;
      if (!isValidNamespace(namespace)) {
        throw new InputError(
          `annotation ${NAMESPACE_ANNOTATION} of ${ref} is not a valid namespace name`,
        );
      }
      return {
        ref,
        kind: 'instance',
        type: 'instance',
        namespace,
        instances: [
          {
            name: entity.metadata.name,
            namespace,
            title: entity.metadata.title,
          },
        ],
        invalidInstances: [],
        graphs: this.graphsFor(entity, 'instance'),
        querier: this.pickQuerier(entity, querier),
      };
    }
    const type = componentTypeOf(entity);
    if (!type)
      throw new InputError(
        `${ref} is neither a Pégase component nor an instance`,
      );
    const workload =
      entity.metadata.annotations?.[WORKLOAD_ANNOTATION] ??
      entity.metadata.name;
    if (!isValidWorkload(workload)) {
      throw new InputError(
        `annotation ${WORKLOAD_ANNOTATION} of ${ref} is not a valid workload name`,
      );
    }
    const { instances, invalid } = await this.instancesOf(ref, credentials);
    return {
      ref,
      kind: 'component',
      type,
      workload,
      instances,
      invalidInstances: invalid,
      graphs: this.graphsFor(entity, type),
      querier: this.pickQuerier(entity, querier),
    };
  }

  /** The `pegase-instance` Resources whose dependsOn names the component. */
  private async instancesOf(ref: string, credentials: BackstageCredentials) {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          kind: 'Resource',
          'spec.type': INSTANCE_TYPE,
          'relations.dependsOn': ref,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.title',
          'metadata.annotations',
          'spec.type',
        ],
      },
      { credentials },
    );
    const instances: InstanceRef[] = [];
    const invalid: string[] = [];
    for (const e of items) {
      const namespace =
        e.metadata.annotations?.[NAMESPACE_ANNOTATION] ?? e.metadata.name;
      if (isValidNamespace(namespace)) {
        instances.push({
          name: e.metadata.name,
          namespace,
          title: e.metadata.title,
        });
      } else {
        invalid.push(e.metadata.name);
      }
    }
    instances.sort((a, b) => a.name.localeCompare(b.name));
    return { instances, invalid };
  }

  private links(r: ResolvedEntity): ExternalLink[] {
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

  /** `GET .../info` */
  async info(
    entityRef: string,
    credentials: BackstageCredentials,
    querier?: string,
  ): Promise<EntityMetricsInfo> {
    const r = await this.resolve(entityRef, credentials, querier);
    const graphs: GraphDescriptor[] = r.graphs
      .filter(t => (r.kind === 'instance' ? !!t.instance : true))
      .map(t => ({ id: t.id, title: t.title, unit: t.unit, source: t.source }));
    return {
      kind: r.kind,
      configured: this.options.config.queriers.length > 0,
      queriers: this.options.config.queriers.map(q => q.name),
      topInstances: this.options.config.topInstances,
      graphs,
      instances: r.kind === 'component' ? r.instances : [],
      links: this.links(r),
      workload: r.workload,
      namespace: r.namespace,
    };
  }

  /**
   * Builds the PromQL of one graph (exported for tests and the bench). The
   * values come from the resolved entity only.
   */
  buildQuery(
    r: ResolvedEntity,
    template: QueryTemplate,
    scope: 'fleet' | 'instance',
    window: { start: number; end: number; step: number; window: number },
    instance?: InstanceRef,
    topNamespaces?: string[],
  ): { query: string; legend: string } {
    if (scope === 'fleet') {
      if (!template.fleet)
        throw new InputError(
          `graph ${template.id} has no query across instances`,
        );
      const query = renderTemplate(template.fleet, {
        namespaces: topNamespaces ?? r.instances.map(i => i.namespace),
        workload: r.workload,
        window: window.window,
      });
      return { query, legend: 'namespace' };
    }
    if (!template.instance)
      throw new InputError(
        `graph ${template.id} has no query for one instance`,
      );
    const base = renderTemplate(template.instance, {
      namespace: instance!.namespace,
      workload: r.workload,
      window: window.window,
    });
    const query =
      r.kind === 'instance'
        ? rankQuery(base, template.legend, 8, template.rank, window)
        : base;
    return { query, legend: template.legend };
  }

  /** `GET .../graphs/:id` */
  async graph(
    entityRef: string,
    credentials: BackstageCredentials,
    request: {
      graphId: string;
      rangeSeconds: number;
      instance?: string;
      querier?: string;
    },
  ): Promise<GraphResult> {
    const r = await this.resolve(entityRef, credentials, request.querier);
    const template = r.graphs.find(t => t.id === request.graphId);
    if (!template)
      throw new NotFoundError(`no graph "${request.graphId}" for ${r.ref}`);
    const q = r.querier;
    const w = queryWindow(
      request.rangeSeconds,
      this.now(),
      q?.scrapeIntervalSeconds ?? 30,
    );
    const result: GraphResult = {
      id: template.id,
      title: template.title,
      unit: template.unit,
      start: w.start,
      end: w.end,
      step: w.step,
      series: [],
      warnings: r.invalidInstances.length
        ? [
            `instances skipped (invalid namespace): ${r.invalidInstances.join(
              ', ',
            )}`,
          ]
        : [],
    };
    if (!q) {
      result.error = 'no querier configured';
      return result;
    }
    let scope: 'fleet' | 'instance';
    let instance: InstanceRef | undefined;
    if (r.kind === 'instance') {
      scope = 'instance';
      instance = r.instances[0];
    } else if (request.instance) {
      instance = r.instances.find(i => i.name === request.instance);
      if (!instance)
        throw new InputError(
          `${request.instance} is not an instance of ${r.ref}`,
        );
      scope = 'instance';
    } else {
      scope = 'fleet';
      if (!r.instances.length) {
        result.warnings.push('no instance runs this component');
        return result;
      }
    }
    const client = this.clients.get(q.name)!;
    const ttl = this.options.config.cacheTtlSeconds;
    const k = this.options.config.topInstances;
    let answer: QuerierAnswer<Matrix>;
    let legend: string;
    try {
      let top: string[] | undefined;
      const rankWarnings: string[] = [];
      if (scope === 'fleet' && r.instances.length > k) {
        // rank the instances once over the range, then draw only the top k
        const all = this.buildQuery(r, template, 'fleet', w).query;
        const ranking = topQuery(all, k, template.rank, w);
        const ranked = await this.cached(
          JSON.stringify(['rank', q.name, ranking, w.end]),
          ttl,
          () => client.query(ranking, w.end),
        );
        rankWarnings.push(...ranked.warnings);
        top = ranked.data.map(s => s.metric.namespace).filter(isValidNamespace);
      }
      const built = this.buildQuery(r, template, scope, w, instance, top);
      legend = built.legend;
      if (q.uiUrl) {
        result.exploreUrl = `${q.uiUrl}/graph?g0.expr=${encodeURIComponent(
          built.query,
        )}&g0.tab=0&g0.range_input=${request.rangeSeconds}s`;
      }
      if (top && top.length === 0) {
        answer = { data: [], warnings: rankWarnings };
      } else {
        const ranged = await this.cached(
          JSON.stringify([
            'range',
            q.name,
            built.query,
            w.start,
            w.end,
            w.step,
          ]),
          ttl,
          () => client.queryRange(built.query, w.start, w.end, w.step),
        );
        answer = {
          data: ranged.data,
          warnings: [...rankWarnings, ...ranged.warnings],
        };
      }
    } catch (e) {
      if (e instanceof QuerierError) {
        result.error = e.message;
        return result;
      }
      throw e;
    }
    const byNamespace = new Map(r.instances.map(i => [i.namespace, i.name]));
    result.warnings.push(...answer.warnings);
    result.series = answer.data.map(s => {
      const key = s.metric[legend];
      const label =
        scope === 'fleet'
          ? byNamespace.get(key) ?? key ?? '?'
          : key ??
            (Object.entries(s.metric)
              .map(([name, v]) => `${name}=${v}`)
              .join(',') ||
              template.title);
      return {
        label,
        points: s.values.map(([t, v]) => {
          const n = Number(v);
          return [Number(t), Number.isFinite(n) ? n : null] as [
            number,
            number | null,
          ];
        }),
      };
    });
    result.series.sort((a, b) => a.label.localeCompare(b.label));
    return result;
  }

  /** `GET .../alerts`: firing and pending alerts of the entity, from every querier. */
  async alerts(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityAlertsResult> {
    const r = await this.resolve(entityRef, credentials);
    const out: EntityAlertsResult = {
      configured: this.options.config.queriers.length > 0,
      alerts: [],
      warnings: [],
      errors: [],
    };
    const namespaces = new Map(r.instances.map(i => [i.namespace, i.name]));
    const workloadLabels = [
      'container',
      'deployment',
      'statefulset',
      'workload',
      'app_kubernetes_io_name',
      'app',
    ];
    const matches = (labels: Record<string, string>) => {
      if (!labels.namespace || !namespaces.has(labels.namespace)) return false;
      if (r.kind === 'instance') return true;
      return workloadLabels.some(l => labels[l] === r.workload);
    };
    await Promise.all(
      this.options.config.queriers.map(async q => {
        try {
          const answer = await this.cached(
            JSON.stringify(['alerts', q.name]),
            Math.min(15, this.options.config.cacheTtlSeconds),
            () => this.clients.get(q.name)!.alerts(),
          );
          out.warnings.push(...answer.warnings);
          for (const a of (answer.data as AlertsData).alerts ?? []) {
            if (
              (a.state !== 'firing' && a.state !== 'pending') ||
              !matches(a.labels ?? {})
            )
              continue;
            const alert: EntityAlert = {
              name: a.labels.alertname ?? '?',
              state: a.state,
              severity: a.labels.severity,
              summary: a.annotations?.summary,
              description: a.annotations?.description,
              namespace: a.labels.namespace,
              instance: namespaces.get(a.labels.namespace),
              activeAt: a.activeAt,
              value: a.value,
              labels: a.labels,
            };
            out.alerts.push(alert);
          }
        } catch (e) {
          if (e instanceof QuerierError) out.errors.push(e.message);
          else throw e;
        }
      }),
    );
    const rank = (a: EntityAlert) => (a.state === 'firing' ? 0 : 1);
    out.alerts.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.name.localeCompare(b.name) ||
        (a.instance ?? '').localeCompare(b.instance ?? ''),
    );
    return out;
  }
}
