import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { callerOf } from './caller';
import {
  annotationOf,
  KUBERNETES_CLUSTER_TYPE,
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
  serviceAccountOf,
} from '@pcscol/plugin-pegase-common';

/*
 * What the Vault views need from the catalog: the entity asked for, the
 * instance's Vault path, namespace, region and cluster, the instances running
 * a component, and which sub-charts share a serviceAccount. Every read is
 * made with the caller's credentials, so the catalog's permissions apply.
 */

/** An instance as the Vault views see it. */
export interface InstanceContext {
  entity: Entity;
  entityRef: string;
  name: string;
  /** Kubernetes namespace (the `namespace` annotation, else the Vault path without `pegase/`). */
  namespace: string;
  /** `pegase/<namespace>`, without a trailing slash. */
  vaultPath: string;
  /** Hosting region: chooses the Vault cluster. */
  region?: string;
  /** Kubernetes cluster: the auth mount is `kubernetes/<cluster>`. */
  cluster?: string;
}

/** The refs of `spec.dependsOn` (a Resource when the kind is omitted). */
function specDependsOn(entity: Entity) {
  return ((entity.spec?.dependsOn as string[] | undefined) ?? []).flatMap(r => {
    try {
      return [
        parseEntityRef(r, {
          defaultKind: 'resource',
          defaultNamespace: 'default',
        }),
      ];
    } catch {
      return [];
    }
  });
}

/**
 * The Vault path, namespace and region of an instance entity, or undefined
 * when it has no Vault path.
 */
export function instanceBasics(
  entity: Entity,
): Omit<InstanceContext, 'cluster'> | undefined {
  const vaultPath = annotationOf(entity, PEGASE_ANNOTATIONS.vaultPath)?.replace(
    /\/+$/,
    '',
  );
  if (!vaultPath) return undefined;
  return {
    entity,
    entityRef: stringifyEntityRef(entity),
    name: entity.metadata.name,
    namespace:
      entity.metadata.annotations?.[PEGASE_ANNOTATIONS.namespace] ??
      vaultPath.replace(/^pegase\//, ''),
    vaultPath,
    region: entity.metadata.annotations?.[PEGASE_ANNOTATIONS.region],
  };
}

/** The first `spec.dependsOn` Resource of an instance that is one of the clusters named. */
export function clusterAmong(
  instance: Entity,
  clusterNames: ReadonlySet<string>,
): string | undefined {
  return specDependsOn(instance).find(
    r =>
      r.kind.toLocaleLowerCase('en-US') === 'resource' &&
      clusterNames.has(r.name),
  )?.name;
}

/** Catalog reads of the Vault views. */
export class VaultCatalogContext {
  constructor(
    private readonly catalog: CatalogService,
    private readonly cache: CacheService,
  ) {}

  /** The entity of a ref: 400 on a malformed ref, 404 when the catalog has none. */
  async entity(ref: string, credentials: BackstageCredentials) {
    let compound;
    try {
      compound = parseEntityRef(ref);
    } catch (e) {
      throw new InputError(
        `invalid entityRef '${ref}': ${(e as Error).message}`,
      );
    }
    const entity = await this.catalog.getEntityByRef(compound, { credentials });
    if (!entity)
      throw new NotFoundError(
        `entity ${stringifyEntityRef(compound)} not found in the catalog`,
      );
    return entity;
  }

  /** An instance with its cluster; 400 when the entity has no Vault path. */
  async instance(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<InstanceContext> {
    const basics = instanceBasics(entity);
    if (!basics) {
      throw new InputError(
        `${stringifyEntityRef(entity)} has no ${
          PEGASE_ANNOTATIONS.vaultPath
        } annotation: not a Pégase instance with Vault`,
      );
    }
    return { ...basics, cluster: await this.clusterOf(entity, credentials) };
  }

  /** The name of the cluster Resource among an instance's `spec.dependsOn`. */
  private async clusterOf(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const deps = specDependsOn(entity)
      .map(r => stringifyEntityRef(r))
      .filter(r => r.startsWith('resource:'));
    if (deps.length === 0) return undefined;
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: deps, fields: ['kind', 'metadata.name', 'spec.type'] },
      { credentials },
    );
    return items.find(e => e?.spec?.type === KUBERNETES_CLUSTER_TYPE)?.metadata
      .name;
  }

  /** The instances with a Vault path that depend on a component, by name. */
  async instancesRunning(
    componentRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'resource',
          'spec.type': PEGASE_INSTANCE_TYPE,
          [`relations.${RELATION_DEPENDS_ON}`]: componentRef,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.dependsOn',
        ],
        order: [{ field: 'metadata.name', order: 'asc' }],
      },
      { credentials },
    );
    return items
      .filter(e => instanceBasics(e) !== undefined)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** The names of the cluster Resources. */
  async clusterNames(credentials: BackstageCredentials): Promise<Set<string>> {
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'resource', 'spec.type': KUBERNETES_CLUSTER_TYPE },
        fields: ['metadata.name'],
      },
      { credentials },
    );
    return new Set(items.map(c => c.metadata.name));
  }

  /** serviceAccount -> sub-chart entity refs the caller sees, over the whole catalog (cached a minute per caller). */
  async serviceAccounts(
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]>> {
    const key = `catalog:service-accounts:${callerOf(credentials)}`;
    const cached = (await this.cache.get(key).catch(() => undefined)) as
      | Array<[string, string[]]>
      | undefined;
    if (cached) return new Map(cached);
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${PEGASE_ANNOTATIONS.subChart}`]:
            CATALOG_FILTER_EXISTS,
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
    const out = new Map<string, string[]>();
    for (const e of items) {
      const sa = serviceAccountOf(e);
      out.set(sa, [...(out.get(sa) ?? []), stringifyEntityRef(e)]);
    }
    await this.cache
      .set(key, [...out.entries()], { ttl: 60_000 })
      .catch(() => undefined);
    return out;
  }
}
