/*
 * The catalog side of `/api/pegase-thanos`: reads an entity and what the views need
 * about it (its type, its namespace or its workload and instances, the
 * templates it gets and the querier it uses), all from the catalog.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  CHART_ANNOTATIONS,
  isPegaseInstance,
} from '@pcscol/plugin-pegase-common';
import {
  GRAPHS_ANNOTATION,
  INSTANCE_TYPE,
  InstanceRef,
  NAMESPACE_ANNOTATION,
  QUERIER_ANNOTATION,
  WORKLOAD_ANNOTATION,
} from '@pcscol/plugin-thanos-common';
import { QuerierConfig, ThanosConfig } from '../config';
import { isValidNamespace, isValidWorkload } from './promql';
import { QueryTemplate } from './templates';

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

/**
 * Which of these instance refs the caller may read (`thanos.metrics.read`);
 * the component views show only those.
 *
 * @public
 */
export type InstanceFilter = (
  credentials: BackstageCredentials,
  instanceRefs: string[],
) => Promise<Set<string>>;

/** An entity the views understand. @public */
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
  /** Instances of a component left out because the caller may not read them. */
  hiddenInstances: number;
  graphs: QueryTemplate[];
  querier?: QuerierConfig;
}

/** The warning of a component whose instances are not all readable by the caller. */
export function hiddenWarning(r: ResolvedEntity): string[] {
  if (!r.hiddenInstances) return [];
  const n = r.hiddenInstances;
  return [
    `${n} instance${n > 1 ? 's' : ''} of ${
      r.ref
    } not shown: thanos.metrics.read is not allowed on ${
      n > 1 ? 'them' : 'it'
    }`,
  ];
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

/** Reads entities from the catalog, with the caller's credentials. */
export class EntityResolver {
  constructor(
    private readonly catalog: CatalogReader,
    private readonly config: ThanosConfig,
    private readonly readable?: InstanceFilter,
  ) {}

  private pickQuerier(
    entity: Entity,
    requested?: string,
  ): QuerierConfig | undefined {
    const queriers = this.config.queriers;
    const name = requested || entity.metadata.annotations?.[QUERIER_ANNOTATION];
    if (name) {
      const q = queriers.find(x => x.name === name);
      if (!q) throw new InputError(`no querier named "${name}" is configured`);
      return q;
    }
    return queriers[0];
  }

  private graphsFor(entity: Entity, type: string): QueryTemplate[] {
    const all = this.config.templates;
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
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(
        `No entity ${entityRef} in the catalog (or not visible to the caller)`,
      );
    const ref = stringifyEntityRef(entity);
    if (isPegaseInstance(entity)) {
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
        hiddenInstances: 0,
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
    const { instances, invalid, hidden } = await this.instancesOf(
      ref,
      credentials,
    );
    return {
      ref,
      kind: 'component',
      type,
      workload,
      instances,
      invalidInstances: invalid,
      hiddenInstances: hidden,
      graphs: this.graphsFor(entity, type),
      querier: this.pickQuerier(entity, querier),
    };
  }

  /**
   * The instance Resources whose dependsOn names the component, the ones the
   * caller may read (the filter) only.
   */
  private async instancesOf(ref: string, credentials: BackstageCredentials) {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'Resource',
          'spec.type': INSTANCE_TYPE,
          'relations.dependsOn': ref,
        },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.title',
          'metadata.annotations',
          'spec.type',
        ],
      },
      { credentials },
    );
    const refOf = (e: Entity) =>
      stringifyEntityRef({
        kind: 'resource',
        namespace: e.metadata.namespace ?? 'default',
        name: e.metadata.name,
      }).toLocaleLowerCase('en-US');
    const allowed = this.readable
      ? await this.readable(credentials, items.map(refOf))
      : undefined;
    const readable = allowed ? items.filter(e => allowed.has(refOf(e))) : items;
    const instances: InstanceRef[] = [];
    const invalid: string[] = [];
    for (const e of readable) {
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
    return { instances, invalid, hidden: items.length - readable.length };
  }
}
