import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  NAMESPACE_ANNOTATION,
  REGION_ANNOTATION,
  SERVICE_ACCOUNT_ANNOTATION,
  SUB_CHART_ANNOTATION,
  VAULT_PATH_ANNOTATION,
  VaultComponentDatabaseRole,
  VaultComponentInstance,
  VaultComponentView,
  VaultDatabaseConnection,
  VaultDatabaseEngine,
  VaultDynamicRole,
  VaultEngine,
  VaultFinding,
  VaultInstanceView,
  VaultKubernetesRole,
  VaultKvFolder,
  VaultKvView,
  VaultPart,
  VaultPolicy,
  VaultStaticRole,
} from '@pcscol/plugin-vault-common';
import { VaultPluginConfig } from './config';
import {
  CallCounter,
  VaultClusterClient,
  VaultRequestError,
} from './VaultClusterClient';
import {
  databaseFindings,
  isRotationOverdue,
  parsePolicyRules,
  policyFindings,
  redactConnectionUrl,
  seconds,
  sharedServiceAccountFinding,
  broadGrant,
} from './findings';
import { VaultUiLinks } from './uiLinks';

/** Runs `fn` over `items` with at most `limit` at a time, keeping order. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (t: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return out;
}

async function part<T>(
  fn: () => Promise<T>,
  client?: VaultClusterClient,
): Promise<VaultPart<T>> {
  try {
    return { data: await fn() };
  } catch (e) {
    let err: VaultRequestError;
    if (e instanceof VaultRequestError) err = e;
    else if (client) err = client.translate(e);
    else
      err = new VaultRequestError('error', String((e as Error).message ?? e));
    return { error: err.toPartError() };
  }
}

interface InstanceContext {
  entity: Entity;
  entityRef: string;
  name: string;
  namespace: string;
  vaultPath: string;
  region?: string;
  cluster?: string;
}

/** Options of {@link VaultViewService}. */
export interface VaultViewServiceOptions {
  config: VaultPluginConfig;
  catalog: CatalogService;
  cache: CacheService;
  logger: LoggerService;
  /** Clock, for tests. */
  now?: () => number;
}

/** Builds the Vault views of instances and components. */
export class VaultViewService {
  private readonly clients: VaultClusterClient[];
  private readonly config: VaultPluginConfig;
  private readonly cache: CacheService;
  private readonly catalog: CatalogService;
  private readonly now: () => number;

  constructor(options: VaultViewServiceOptions) {
    this.config = options.config;
    this.catalog = options.catalog;
    this.cache = options.cache;
    this.now = options.now ?? Date.now;
    this.clients = options.config.clusters.map(
      c =>
        new VaultClusterClient(c, {
          cache: options.cache.withOptions({
            defaultTtl: c.cacheTtlSeconds * 1000,
          }),
          logger: options.logger,
        }),
    );
  }

  /**
   * Caches an assembled view in the cache service (shared by replicas), for
   * the shortest cacheTtlSeconds of the clusters. The caller has already read
   * the entity with the user's credentials, so catalog permissions still apply.
   */
  private async memo<T extends { upstreamCalls: number }>(
    key: string,
    build: () => Promise<T>,
  ): Promise<T> {
    const ttl =
      Math.min(...this.clients.map(c => c.config.cacheTtlSeconds)) * 1000;
    const hit = (await this.cache.get(`view:${key}`).catch(() => undefined)) as
      | T
      | undefined;
    if (hit) return { ...hit, upstreamCalls: 0 };
    const value = await build();
    // a view with a failed part is not kept: the next request tries again
    const failed = JSON.stringify(value).includes('"error":{');
    if (ttl > 0 && !failed)
      await this.cache
        .set(`view:${key}`, value as any, { ttl })
        .catch(() => undefined);
    return value;
  }

  /** The Vault cluster serving a region (the only one if a single cluster is configured). */
  clientFor(region: string | undefined, what: string): VaultClusterClient {
    if (this.clients.length === 0)
      throw new InputError('no Vault cluster is configured (vault.clusters)');
    const match = this.clients.find(c => c.config.region === region);
    if (match) return match;
    if (this.clients.length === 1) return this.clients[0];
    throw new InputError(
      `${what} has region '${
        region ?? '(none)'
      }' (annotation ${REGION_ANNOTATION}) and no Vault cluster serves it; configured: ${this.clients
        .map(c => `${c.config.name} (${c.config.region})`)
        .join(', ')}`,
    );
  }

  private async getEntity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
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

  /** The names of the kubernetes-cluster resources among refs. */
  private async clusterOf(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const deps = ((entity.spec?.dependsOn as string[] | undefined) ?? [])
      .map(r => {
        try {
          return stringifyEntityRef(
            parseEntityRef(r, {
              defaultKind: 'resource',
              defaultNamespace: 'default',
            }),
          );
        } catch {
          return undefined;
        }
      })
      .filter((r): r is string => Boolean(r && r.startsWith('resource:')));
    if (deps.length === 0) return undefined;
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: deps, fields: ['kind', 'metadata.name', 'spec.type'] },
      { credentials },
    );
    return items.find(e => e?.spec?.type === 'kubernetes-cluster')?.metadata
      .name;
  }

  private async instanceContext(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<InstanceContext> {
    const a = entity.metadata.annotations ?? {};
    const vaultPath = a[VAULT_PATH_ANNOTATION];
    if (!vaultPath) {
      throw new InputError(
        `${stringifyEntityRef(
          entity,
        )} has no ${VAULT_PATH_ANNOTATION} annotation: not a Pégase instance with Vault`,
      );
    }
    return {
      entity,
      entityRef: stringifyEntityRef(entity),
      name: entity.metadata.name,
      namespace: a[NAMESPACE_ANNOTATION] ?? vaultPath.replace(/^pegase\//, ''),
      vaultPath: vaultPath.replace(/\/+$/, ''),
      region: a[REGION_ANNOTATION],
      cluster: await this.clusterOf(entity, credentials),
    };
  }

  // ------------------------------------------------------------------ parts

  private async readPolicies(
    client: VaultClusterClient,
    links: VaultUiLinks,
    names: string[],
    counter: CallCounter,
  ): Promise<VaultPolicy[]> {
    const wanted = names.filter(n => n !== 'default' && n !== 'root');
    const policies = await mapLimit(
      wanted,
      this.config.concurrency,
      async name => {
        const r = await client.read(
          `sys/policies/acl/${encodeURIComponent(name)}`,
          counter,
        );
        const text: string = r?.data?.policy ?? r?.data?.rules ?? '';
        const rules = parsePolicyRules(text);
        const p: VaultPolicy = {
          name,
          rules,
          tooBroad: rules.some(x => Boolean(broadGrant(x))),
          uiUrl: links.policy(name),
        };
        return r ? p : undefined;
      },
    );
    return policies.filter((p): p is VaultPolicy => Boolean(p));
  }

  private async readAuthRole(
    client: VaultClusterClient,
    links: VaultUiLinks,
    cluster: string | undefined,
    name: string,
    counter: CallCounter,
  ): Promise<VaultKubernetesRole | null> {
    if (!cluster)
      throw new VaultRequestError(
        'no-cluster',
        `the instance has no kubernetes-cluster in spec.dependsOn: its auth mount kubernetes/<cluster> is unknown`,
      );
    const mount = `kubernetes/${cluster}`;
    const r = await client.read(
      `auth/${mount}/role/${encodeURIComponent(name)}`,
      counter,
    );
    if (!r) return null;
    const d = r.data ?? {};
    return {
      mount,
      name,
      boundServiceAccountNames: d.bound_service_account_names ?? [],
      boundServiceAccountNamespaces: d.bound_service_account_namespaces ?? [],
      policies: d.token_policies ?? d.policies ?? [],
      tokenTtl: seconds(d.token_ttl ?? d.ttl),
      tokenMaxTtl: seconds(d.token_max_ttl ?? d.max_ttl),
      uiUrl: links.authRole(mount, name),
    };
  }

  private async readDatabase(
    client: VaultClusterClient,
    links: VaultUiLinks,
    mount: string,
    counter: CallCounter,
  ): Promise<VaultDatabaseEngine> {
    const now = this.now();
    const [connNames, staticNames, dynNames] = await Promise.all([
      client.list(`${mount}/config`, counter),
      client.list(`${mount}/static-roles`, counter),
      client.list(`${mount}/roles`, counter),
    ]);
    const limit = this.config.concurrency;
    const [connections, staticRoles, dynamicRoles] = await Promise.all([
      mapLimit(connNames, limit, async name => {
        const d =
          (
            await client.read(
              `${mount}/config/${encodeURIComponent(name)}`,
              counter,
            )
          )?.data ?? {};
        const c: VaultDatabaseConnection = {
          name,
          pluginName: d.plugin_name,
          connectionUrl: redactConnectionUrl(
            d.connection_details?.connection_url,
          ),
          username: d.connection_details?.username,
          allowedRoles: d.allowed_roles ?? [],
          passwordPolicy: d.password_policy || undefined,
          uiUrl: links.connection(mount, name),
        };
        return c;
      }),
      mapLimit(staticNames, limit, async name => {
        const d =
          (
            await client.read(
              `${mount}/static-roles/${encodeURIComponent(name)}`,
              counter,
            )
          )?.data ?? {};
        const rotationPeriod = seconds(d.rotation_period);
        const r: VaultStaticRole = {
          name,
          dbName: d.db_name,
          username: d.username,
          rotationPeriod,
          lastVaultRotation: d.last_vault_rotation,
          rotationOverdue: isRotationOverdue(
            rotationPeriod,
            d.last_vault_rotation,
            now,
          ),
          uiUrl: links.role(mount, name, 'static'),
        };
        return r;
      }),
      mapLimit(dynNames, limit, async name => {
        const d =
          (
            await client.read(
              `${mount}/roles/${encodeURIComponent(name)}`,
              counter,
            )
          )?.data ?? {};
        const r: VaultDynamicRole = {
          name,
          dbName: d.db_name,
          defaultTtl: seconds(d.default_ttl) ?? 0,
          maxTtl: seconds(d.max_ttl) ?? 0,
          uiUrl: links.role(mount, name, 'dynamic'),
        };
        return r;
      }),
    ]);
    return { mount, connections, staticRoles, dynamicRoles };
  }

  // ------------------------------------------------------------------ views

  /** The Vault view of an instance (engines, database engine, auth role, policies, findings). */
  async instanceView(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<VaultInstanceView> {
    const entity = await this.getEntity(ref, credentials);
    return this.memo(`instance:${stringifyEntityRef(entity)}`, () =>
      this.buildInstanceView(entity, credentials),
    );
  }

  private async buildInstanceView(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<VaultInstanceView> {
    const ctx = await this.instanceContext(entity, credentials);
    const client = this.clientFor(ctx.region, ctx.entityRef);
    const links = new VaultUiLinks(
      client.config.uiUrl,
      client.config.namespace,
    );
    const counter: CallCounter = { calls: 0 };
    const dbMount = `${ctx.vaultPath}/database`;

    const enginesP = part(async () => {
      const r = await client.read('sys/mounts', counter);
      const data = (r?.data ?? r ?? {}) as Record<string, any>;
      return Object.entries(data)
        .filter(
          ([p, v]) =>
            p.startsWith(`${ctx.vaultPath}/`) &&
            v &&
            typeof v === 'object' &&
            'type' in v,
        )
        .map(([p, v]): VaultEngine => {
          const path = p.replace(/\/+$/, '');
          return {
            path,
            type: v.type,
            description: v.description || undefined,
            version: v.options?.version,
            accessor: v.accessor,
            defaultLeaseTtl: v.config?.default_lease_ttl,
            maxLeaseTtl: v.config?.max_lease_ttl,
            uiUrl: links.engine(path),
          };
        })
        .sort((a, b) => a.path.localeCompare(b.path));
    }, client);
    const databaseP = part(
      () => this.readDatabase(client, links, dbMount, counter),
      client,
    );
    const authRoleP = part(
      () => this.readAuthRole(client, links, ctx.cluster, ctx.name, counter),
      client,
    );
    const policiesP = authRoleP.then(role =>
      role.error
        ? ({ error: role.error } as VaultPart<VaultPolicy[]>)
        : part(
            () =>
              this.readPolicies(
                client,
                links,
                role.data?.policies ?? [],
                counter,
              ),
            client,
          ),
    );
    const [engines, database, authRole, policies] = await Promise.all([
      enginesP,
      databaseP,
      authRoleP,
      policiesP,
    ]);

    const findings: VaultFinding[] = [];
    if (database.data) {
      findings.push(
        ...databaseFindings(
          database.data.staticRoles,
          database.data.dynamicRoles,
          database.data.connections.map(c => c.name),
          links.engine(dbMount),
        ),
      );
    }
    if (policies.data) findings.push(...policyFindings(policies.data));
    findings.push(
      ...(await this.sharedAccountsOfInstance(ctx.entity, credentials)),
    );

    return {
      entityRef: ctx.entityRef,
      instance: ctx.name,
      namespace: ctx.namespace,
      vaultPath: ctx.vaultPath,
      cluster: ctx.cluster,
      vault: client.info(),
      engines,
      database,
      authRole,
      policies,
      findings,
      upstreamCalls: counter.calls,
      fetchedAt: new Date(this.now()).toISOString(),
    };
  }

  /** The KV v2 tree of an instance: component folders and key metadata (never values). */
  async kvView(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<VaultKvView> {
    const ctx = await this.instanceContext(
      await this.getEntity(ref, credentials),
      credentials,
    );
    const client = this.clientFor(ctx.region, ctx.entityRef);
    const links = new VaultUiLinks(
      client.config.uiUrl,
      client.config.namespace,
    );
    const counter: CallCounter = { calls: 0 };
    const mount = `${ctx.vaultPath}/kv`;
    const limit = this.config.concurrency;
    const kv = await part(async () => {
      const top = await client.list(`${mount}/metadata/`, counter);
      const folders = top.filter(k => k.endsWith('/')).map(k => k.slice(0, -1));
      const rootKeys = top.filter(k => !k.endsWith('/'));
      const readKey = async (path: string) => {
        const d =
          (
            await client.read(
              `${mount}/metadata/${path
                .split('/')
                .map(encodeURIComponent)
                .join('/')}`,
              counter,
            )
          )?.data ?? {};
        return {
          path,
          currentVersion: d.current_version,
          oldestVersion: d.oldest_version,
          createdTime: d.created_time,
          updatedTime: d.updated_time,
          versions: d.versions ? Object.keys(d.versions).length : undefined,
          uiUrl: links.kvMetadata(mount, path),
        };
      };
      const result: VaultKvFolder[] = await mapLimit(
        folders,
        limit,
        async folder => {
          const keys = (
            await client.list(
              `${mount}/metadata/${encodeURIComponent(folder)}/`,
              counter,
            )
          ).filter(k => !k.endsWith('/'));
          return {
            name: folder,
            keys: await mapLimit(keys, limit, k => readKey(`${folder}/${k}`)),
            uiUrl: links.kvFolder(mount, folder),
          };
        },
      );
      if (rootKeys.length) {
        result.unshift({
          name: '',
          keys: await mapLimit(rootKeys, limit, readKey),
          uiUrl: links.engine(mount),
        });
      }
      return result;
    }, client);
    return {
      entityRef: ctx.entityRef,
      mount,
      vault: client.info(),
      kv,
      upstreamCalls: counter.calls,
      fetchedAt: new Date(this.now()).toISOString(),
    };
  }

  /** serviceAccount -> sub-chart entity refs, over the whole catalog. */
  private async serviceAccounts(
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]>> {
    const cached = (await this.cache
      .get('catalog:service-accounts')
      .catch(() => undefined)) as Array<[string, string[]]> | undefined;
    if (cached) return new Map(cached);
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${SUB_CHART_ANNOTATION}`]:
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
      const sa =
        e.metadata.annotations?.[SERVICE_ACCOUNT_ANNOTATION] || e.metadata.name;
      out.set(sa, [...(out.get(sa) ?? []), stringifyEntityRef(e)]);
    }
    await this.cache
      .set('catalog:service-accounts', [...out.entries()] as any, {
        ttl: 60_000,
      })
      .catch(() => undefined);
    return out;
  }

  private async sharedAccountsOfInstance(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<VaultFinding[]> {
    const runs = new Set(
      (entity.relations ?? [])
        .filter(r => r.type === RELATION_DEPENDS_ON)
        .map(r => r.targetRef),
    );
    if (runs.size === 0) return [];
    const accounts = await this.serviceAccounts(credentials);
    const out: VaultFinding[] = [];
    for (const [sa, refs] of accounts) {
      const inInstance = refs.filter(r => runs.has(r));
      if (inInstance.length > 1)
        out.push(sharedServiceAccountFinding(sa, inInstance));
    }
    return out;
  }

  /** The Vault view of a component across the instances that run it (one page). */
  async componentView(
    ref: string,
    credentials: BackstageCredentials,
    page: { offset?: number; limit?: number } = {},
  ): Promise<VaultComponentView> {
    const entity = await this.getEntity(ref, credentials);
    const key = `component:${stringifyEntityRef(entity)}:${page.offset ?? 0}:${
      page.limit ?? ''
    }`;
    return this.memo(key, () =>
      this.buildComponentView(entity, credentials, page),
    );
  }

  private async buildComponentView(
    entity: Entity,
    credentials: BackstageCredentials,
    page: { offset?: number; limit?: number },
  ): Promise<VaultComponentView> {
    const entityRef = stringifyEntityRef(entity);
    const serviceAccount =
      entity.metadata.annotations?.[SERVICE_ACCOUNT_ANNOTATION] ||
      entity.metadata.name;
    const counter: CallCounter = { calls: 0 };
    const offset = Math.max(0, page.offset ?? 0);
    const limit = Math.min(
      100,
      Math.max(1, page.limit ?? this.config.componentPageSize),
    );

    const [accounts, instancesResp, clustersResp] = await Promise.all([
      this.serviceAccounts(credentials),
      this.catalog.getEntities(
        {
          filter: {
            kind: 'resource',
            'spec.type': 'pegase-instance',
            [`relations.${RELATION_DEPENDS_ON}`]: entityRef,
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
      ),
      this.catalog.getEntities(
        {
          filter: { kind: 'resource', 'spec.type': 'kubernetes-cluster' },
          fields: ['metadata.name'],
        },
        { credentials },
      ),
    ]);
    const sharedWith = (accounts.get(serviceAccount) ?? []).filter(
      r => r !== entityRef,
    );
    const clusterNames = new Set(clustersResp.items.map(c => c.metadata.name));
    const all = instancesResp.items
      .filter(e => e.metadata.annotations?.[VAULT_PATH_ANNOTATION])
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const pageItems = all.slice(offset, offset + limit);

    const instances = await mapLimit(
      pageItems,
      Math.max(1, Math.floor(this.config.concurrency / 2)),
      async inst =>
        this.componentInInstance(inst, serviceAccount, clusterNames, counter),
    );

    const findings: VaultFinding[] = [];
    if (sharedWith.length)
      findings.push(
        sharedServiceAccountFinding(serviceAccount, [entityRef, ...sharedWith]),
      );
    const seen = new Set<string>();
    for (const i of instances) {
      for (const f of policyFindings(i.policies.data ?? [])) {
        if (seen.has(f.subject)) continue;
        seen.add(f.subject);
        findings.push(f);
      }
    }
    return {
      entityRef,
      component: entity.metadata.name,
      serviceAccount,
      sharedWith,
      totalInstances: all.length,
      offset,
      limit,
      instances,
      findings,
      upstreamCalls: counter.calls,
      fetchedAt: new Date(this.now()).toISOString(),
    };
  }

  private async componentInInstance(
    inst: Entity,
    serviceAccount: string,
    clusterNames: Set<string>,
    counter: CallCounter,
  ): Promise<VaultComponentInstance> {
    const a = inst.metadata.annotations ?? {};
    const vaultPath = a[VAULT_PATH_ANNOTATION]!.replace(/\/+$/, '');
    const namespace =
      a[NAMESPACE_ANNOTATION] ?? vaultPath.replace(/^pegase\//, '');
    const cluster = ((inst.spec?.dependsOn as string[] | undefined) ?? [])
      .map(r => {
        try {
          return parseEntityRef(r, {
            defaultKind: 'resource',
            defaultNamespace: 'default',
          });
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
    const base: VaultComponentInstance = {
      instance: inst.metadata.name,
      entityRef: stringifyEntityRef(inst),
      namespace,
      cluster,
      authRole: {},
      bound: false,
      policies: {},
      databaseRoles: {},
    };
    let client: VaultClusterClient;
    try {
      client = this.clientFor(a[REGION_ANNOTATION], base.entityRef);
    } catch (e) {
      const error = { code: 'no-vault', message: (e as Error).message };
      return {
        ...base,
        authRole: { error },
        policies: { error },
        databaseRoles: { error },
      };
    }
    const links = new VaultUiLinks(
      client.config.uiUrl,
      client.config.namespace,
    );
    base.vault = client.info();
    base.kvFolderUiUrl = links.kvFolder(`${vaultPath}/kv`, serviceAccount);
    const authRole = await part(
      () =>
        this.readAuthRole(client, links, cluster, inst.metadata.name, counter),
      client,
    );
    const role = authRole.data;
    const bound = Boolean(
      role &&
        (role.boundServiceAccountNames.includes(serviceAccount) ||
          role.boundServiceAccountNames.includes('*')) &&
        (role.boundServiceAccountNamespaces.includes(namespace) ||
          role.boundServiceAccountNamespaces.includes('*')),
    );
    const policies: VaultPart<VaultPolicy[]> = authRole.error
      ? { error: authRole.error }
      : await part(
          () =>
            this.readPolicies(
              client,
              links,
              bound && role ? role.policies : [],
              counter,
            ),
          client,
        );
    const dbMount = `${vaultPath}/database`;
    const databaseRoles: VaultPart<VaultComponentDatabaseRole[]> =
      policies.error
        ? { error: policies.error }
        : await part(
            () =>
              this.grantedDatabaseRoles(
                client,
                links,
                dbMount,
                policies.data ?? [],
                counter,
              ),
            client,
          );
    return { ...base, authRole, bound, policies, databaseRoles };
  }

  /** Database roles of `mount` that the policies let a token read credentials of. */
  private async grantedDatabaseRoles(
    client: VaultClusterClient,
    links: VaultUiLinks,
    mount: string,
    policies: VaultPolicy[],
    counter: CallCounter,
  ): Promise<VaultComponentDatabaseRole[]> {
    const out = new Map<string, VaultComponentDatabaseRole>();
    const lists: Partial<Record<'static' | 'dynamic', Promise<string[]>>> = {};
    const names = (type: 'static' | 'dynamic') =>
      (lists[type] ??= client.list(
        `${mount}/${type === 'static' ? 'static-roles' : 'roles'}`,
        counter,
      ));
    for (const p of policies) {
      for (const rule of p.rules) {
        if (
          !rule.capabilities.includes('read') &&
          !rule.capabilities.includes('sudo')
        )
          continue;
        for (const [seg, type] of [
          ['static-creds', 'static'],
          ['creds', 'dynamic'],
        ] as const) {
          const prefix = `${mount}/${seg}/`;
          const glob = rule.path;
          if (
            !glob.startsWith(prefix) &&
            !(glob.endsWith('*') && prefix.startsWith(glob.slice(0, -1)))
          )
            continue;
          const pattern = glob.startsWith(prefix)
            ? glob.slice(prefix.length)
            : '*';
          const candidates = await names(type);
          for (const n of candidates) {
            const match = pattern.endsWith('*')
              ? n.startsWith(pattern.slice(0, -1))
              : n === pattern;
            if (!match) continue;
            const key = `${type}:${n}`;
            if (!out.has(key)) {
              out.set(key, {
                name: n,
                type,
                grantedBy: `${p.name}: ${glob}`,
                uiUrl: links.role(mount, n, type),
              });
            }
          }
        }
      }
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
