/*
 * What the ArgoCD views read from the catalog, with the caller's credentials:
 * the components an instance runs, the instances that run a component (kept
 * in the shared cache), the cluster names and the current umbrella version.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  ARGOCD_INSTANCE_ANNOTATION,
  CHART_VERSION_ANNOTATION,
  NAMESPACE_ANNOTATION,
  PEGASE_INSTANCE_TYPE,
  REGION_ANNOTATION,
  SUB_CHART_ANNOTATION,
  SUB_CHART_VERSIONS_ANNOTATION,
  UNIVERSITY_ANNOTATION,
  USAGE_ANNOTATION,
  WORKLOAD_ANNOTATION,
} from '@pcscol/plugin-argocd-common';
import {
  KUBERNETES_CLUSTER_TYPE,
  PEGASE_SYSTEM,
  parseSubChartVersions,
} from '@pcscol/plugin-pegase-common';
import { ComponentInfo } from './shapes';
import { cacheKeys, SharedCache } from './SharedCache';

/**
 * The sub-chart versions an instance's umbrella version implies, as the catalog
 * provider records them on the instance (the `sub-chart-versions` annotation, a
 * JSON map of entity name to version); empty when absent or malformed.
 * @internal
 */
export function impliedSubChartVersions(
  annotations: Record<string, string> | undefined,
): Record<string, string> {
  const parsed = parseSubChartVersions(
    annotations?.[SUB_CHART_VERSIONS_ANNOTATION] || undefined,
  );
  return parsed && parsed !== 'invalid' ? parsed : {};
}

/** The instances that run a component, reduced to what the fleet view needs. @internal */
export interface FleetMembers {
  annotations: Record<string, string>;
  instances: Array<{
    name: string;
    ref: string;
    annotations: Record<string, string>;
    cluster?: string;
  }>;
  systemVersion?: string;
}

const INSTANCE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.type',
  'spec.dependsOn',
];

const MEMBER_ANNOTATIONS = [
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_NAMESPACE_ANNOTATION,
  ARGOCD_INSTANCE_ANNOTATION,
  NAMESPACE_ANNOTATION,
  REGION_ANNOTATION,
  USAGE_ANNOTATION,
  UNIVERSITY_ANNOTATION,
  CHART_VERSION_ANNOTATION,
  SUB_CHART_VERSIONS_ANNOTATION,
];

/** Catalog reads of the ArgoCD views. @internal */
export class CatalogLookups {
  constructor(
    private readonly catalog: CatalogService,
    private readonly cache: SharedCache,
    private readonly fleetCacheTtlSeconds: number,
  ) {}

  /** An entity by ref, or undefined. */
  entity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    return this.catalog.getEntityByRef(ref, { credentials });
  }

  /** The components an instance entity runs (its sub-chart dependsOn). */
  async componentsOf(
    instance: Entity,
    credentials: BackstageCredentials,
    chartVersion: string | undefined,
  ): Promise<ComponentInfo[]> {
    // `spec.dependsOn` may omit the namespace (`component:authn-app`): the
    // catalog answers such a ref with null, so each is completed with the
    // instance's namespace first, as the catalog's relations do
    const defaultNamespace = instance.metadata.namespace ?? 'default';
    const refs = ((instance.spec?.dependsOn as string[] | undefined) ?? [])
      .map(r => {
        try {
          return parseEntityRef(r, {
            defaultKind: 'component',
            defaultNamespace,
          });
        } catch {
          return undefined;
        }
      })
      .filter(r => {
        const k = r?.kind.toLocaleLowerCase('en-US');
        return k === 'component' || k === 'resource';
      })
      .map(r => stringifyEntityRef(r!));
    if (!refs.length) return [];
    const [{ items }, systemVersion] = await Promise.all([
      this.catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['kind', 'metadata.name', 'metadata.annotations'],
        },
        { credentials },
      ),
      this.systemChartVersion(credentials),
    ]);
    const impliedVersions = impliedSubChartVersions(
      instance.metadata.annotations,
    );
    return items
      .filter((e): e is Entity =>
        Boolean(e?.metadata.annotations?.[SUB_CHART_ANNOTATION]),
      )
      .map(e => {
        const a = e.metadata.annotations ?? {};
        const info: ComponentInfo = {
          name: e.metadata.name,
          workload: a[WORKLOAD_ANNOTATION] ?? e.metadata.name,
        };
        if (a[SUB_CHART_ANNOTATION]) info.subChart = a[SUB_CHART_ANNOTATION];
        const implied = impliedVersions[e.metadata.name];
        if (implied) {
          info.expectedVersion = implied;
        } else if (
          chartVersion &&
          systemVersion &&
          chartVersion === systemVersion &&
          a[CHART_VERSION_ANNOTATION]
        ) {
          info.expectedVersion = a[CHART_VERSION_ANNOTATION];
        }
        return info;
      });
  }

  /** Names of the cluster entities (to tell an instance's cluster among its dependsOn). */
  async clusterNames(credentials: BackstageCredentials): Promise<Set<string>> {
    try {
      const names = await this.cache.cached(
        cacheKeys.clusters(),
        60,
        async () => {
          const { items } = await this.catalog.getEntities(
            {
              filter: {
                kind: 'resource',
                'spec.type': KUBERNETES_CLUSTER_TYPE,
              },
              fields: ['metadata.name'],
            },
            { credentials },
          );
          return items.map(e => e.metadata.name);
        },
      );
      return new Set(names);
    } catch {
      return new Set();
    }
  }

  /** The current umbrella version (the System's chart-version annotation). */
  async systemChartVersion(
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    try {
      const v = await this.cache.cached(cacheKeys.system(), 60, async () => {
        const system = await this.catalog.getEntityByRef(
          stringifyEntityRef({ kind: 'system', name: PEGASE_SYSTEM }),
          { credentials },
        );
        return system?.metadata.annotations?.[CHART_VERSION_ANNOTATION] ?? '';
      });
      return v || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The instances that run a component (catalog: instance Resources whose
   * `relations.dependsOn` is the component), reduced to what the fleet needs
   * and kept in the shared cache for `fleetCacheTtlSeconds`: membership
   * changes only when the GitOps repository does, and the catalog query over a
   * thousand instances is the costly part of a fleet view.
   */
  async fleetMembers(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<FleetMembers | undefined> {
    const value = await this.cache.cached(
      cacheKeys.members(ref),
      this.fleetCacheTtlSeconds,
      async () => {
        const [component, instances, systemVersion, clusterNames] =
          await Promise.all([
            this.catalog.getEntityByRef(ref, { credentials }),
            this.catalog.getEntities(
              {
                filter: {
                  kind: 'resource',
                  'spec.type': PEGASE_INSTANCE_TYPE,
                  'relations.dependsOn': ref,
                },
                fields: INSTANCE_FIELDS,
              },
              { credentials },
            ),
            this.systemChartVersion(credentials),
            this.clusterNames(credentials),
          ]);
        if (!component) return null;
        const members: FleetMembers = {
          annotations: component.metadata.annotations ?? {},
          instances: instances.items
            .filter(e => e.metadata.annotations?.[ARGOCD_APP_NAME_ANNOTATION])
            .map(e => {
              const all = e.metadata.annotations ?? {};
              const cluster = (
                (e.spec?.dependsOn as string[] | undefined) ?? []
              )
                .map(r => {
                  try {
                    return parseEntityRef(r);
                  } catch {
                    return undefined;
                  }
                })
                .find(
                  r =>
                    r &&
                    r.kind.toLocaleLowerCase('en-US') === 'resource' &&
                    clusterNames.has(r.name),
                )?.name;
              return {
                name: e.metadata.name,
                ref: stringifyEntityRef(e),
                annotations: Object.fromEntries(
                  MEMBER_ANNOTATIONS.filter(k => all[k] !== undefined).map(
                    k => [k, all[k]],
                  ),
                ),
                ...(cluster ? { cluster } : {}),
              };
            }),
        };
        if (systemVersion) members.systemVersion = systemVersion;
        return members;
      },
    );
    return value ?? undefined;
  }
}
