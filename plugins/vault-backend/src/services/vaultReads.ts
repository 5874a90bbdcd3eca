import { mapLimit } from '@pcscol/plugin-pegase-node';
import type {
  VaultDatabaseConnection,
  VaultDatabaseEngine,
  VaultDynamicRole,
  VaultEngine,
  VaultKubernetesRole,
  VaultKvFolder,
  VaultKvKey,
  VaultPolicy,
  VaultStaticRole,
} from '@pcscol/plugin-vault-common';
import { broadGrant, redactConnectionUrl, seconds } from './findings';
import { parsePolicy } from './policy';
import { isRotationOverdue, nextScheduledRotation } from './rotation';
import { fillMountTemplate } from '../config';
import { VaultUiLinks } from './uiLinks';
import {
  CallCounter,
  VaultClusterClient,
  VaultRequestError,
} from './VaultClusterClient';

/*
 * The Vault reads of the views: each turns the answers of the Vault API
 * (through VaultClusterClient, behind the metadata-only guard) into the
 * shapes of @pcscol/plugin-vault-common. Metadata only: no read here asks for
 * a value.
 */

/** What every read needs: the cluster, its UI links, the call counter of the view. */
export interface VaultReadContext {
  client: VaultClusterClient;
  links: VaultUiLinks;
  counter: CallCounter;
  /** Upstream requests in flight at once (`pegase.vault.concurrency`). */
  concurrency: number;
  /** The view's clock (ms). */
  now: number;
}

/** A read context for one view on one cluster. */
export function readContext(
  client: VaultClusterClient,
  options: { concurrency: number; now: number; counter?: CallCounter },
): VaultReadContext {
  return {
    client,
    links: new VaultUiLinks(client.config.uiUrl, client.config.namespace),
    counter: options.counter ?? { calls: 0 },
    concurrency: options.concurrency,
    now: options.now,
  };
}

const enc = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** The secrets engines mounted under a Vault path (`sys/mounts`). */
export async function readEngines(
  ctx: VaultReadContext,
  vaultPath: string,
): Promise<VaultEngine[]> {
  const r = await ctx.client.read('sys/mounts', ctx.counter);
  const data = (r?.data ?? r ?? {}) as Record<string, any>;
  return Object.entries(data)
    .filter(
      ([p, v]) =>
        (vaultPath === '' || p.startsWith(`${vaultPath}/`)) &&
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
        uiUrl: ctx.links.engine(path),
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The ACL policies of these names (`default` and `root` left out; absent ones skipped). */
export async function readPolicies(
  ctx: VaultReadContext,
  names: string[],
): Promise<VaultPolicy[]> {
  const wanted = names.filter(n => n !== 'default' && n !== 'root');
  const policies = await mapLimit(wanted, ctx.concurrency, async name => {
    const r = await ctx.client.read(
      `sys/policies/acl/${encodeURIComponent(name)}`,
      ctx.counter,
    );
    if (!r) return undefined;
    const text: string = r.data?.policy ?? r.data?.rules ?? '';
    const { rules, error } = await parsePolicy(text, name);
    const policy: VaultPolicy = {
      name,
      rules,
      ...(error ? { parseError: error } : {}),
      tooBroad: rules.some(x => Boolean(broadGrant(x))),
      uiUrl: ctx.links.policy(name),
    };
    return policy;
  });
  return policies.filter((p): p is VaultPolicy => Boolean(p));
}

/**
 * The Kubernetes auth role `name` of the instance's auth mount (the
 * `pegase.vault.mounts.kubernetesAuth` template, `kubernetes/{cluster}` by
 * default); null when Vault has none.
 */
export async function readAuthRole(
  ctx: VaultReadContext,
  template: string,
  cluster: string | undefined,
  name: string,
  values: Record<string, string> = {},
): Promise<VaultKubernetesRole | null> {
  if (!cluster && template.includes('{cluster}'))
    throw new VaultRequestError(
      'no-cluster',
      `the instance has no kubernetes-cluster in spec.dependsOn: its auth mount ${template} is unknown`,
    );
  const mount = fillMountTemplate(template, { ...values, cluster });
  const r = await ctx.client.read(
    `auth/${mount}/role/${encodeURIComponent(name)}`,
    ctx.counter,
  );
  if (!r) return null;
  const d = r.data ?? {};
  // lists are answered as arrays; a comma-separated string is read the same way
  const list = (v: unknown): string[] => {
    if (Array.isArray(v))
      return v.filter((x): x is string => typeof x === 'string');
    if (typeof v === 'string' && v) return v.split(',').map(x => x.trim());
    return [];
  };
  const selector = d.bound_service_account_namespace_selector;
  // token_policies since Vault 1.2; `policies` only when written the old way
  const tokenPolicies = list(d.token_policies);
  return {
    mount,
    name,
    boundServiceAccountNames: list(d.bound_service_account_names),
    boundServiceAccountNamespaces: list(d.bound_service_account_namespaces),
    ...(typeof selector === 'string' && selector.trim()
      ? { boundServiceAccountNamespaceSelector: selector }
      : {}),
    policies: tokenPolicies.length ? tokenPolicies : list(d.policies),
    tokenTtl: seconds(d.token_ttl ?? d.ttl),
    tokenMaxTtl: seconds(d.token_max_ttl ?? d.max_ttl),
    uiUrl: ctx.links.authRole(mount, name),
  };
}

/** The names of the static or dynamic roles of a database mount. */
export function listDatabaseRoles(
  ctx: VaultReadContext,
  mount: string,
  type: 'static' | 'dynamic',
): Promise<string[]> {
  return ctx.client.list(
    `${mount}/${type === 'static' ? 'static-roles' : 'roles'}`,
    ctx.counter,
  );
}

/**
 * The fields of a connection (`<db>/config/<name>`) the views show: an
 * allow-list applied BEFORE the answer is cached. Vault strips `password`
 * but not every secret of `connection_details` (a MongoDB x509 connection
 * answers its `tls_certificate_key`, a private key; others hold
 * `private_key`, `tls_ca`…): none of them is kept.
 */
export function connectionFields(answer: any): unknown {
  const d = answer?.data ?? {};
  const cd = d.connection_details ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    data: {
      plugin_name: str(d.plugin_name),
      connection_details: {
        connection_url: redactConnectionUrl(str(cd.connection_url)),
        username: str(cd.username),
      },
      allowed_roles: Array.isArray(d.allowed_roles)
        ? d.allowed_roles.filter((x: unknown) => typeof x === 'string')
        : [],
      password_policy: str(d.password_policy),
    },
  };
}

/** The database engine of a mount: connections (never a password), static and dynamic roles. */
export async function readDatabase(
  ctx: VaultReadContext,
  mount: string,
): Promise<VaultDatabaseEngine> {
  const { client, counter, links, concurrency: limit } = ctx;
  const [connNames, staticNames, dynNames] = await Promise.all([
    client.list(`${mount}/config`, counter),
    listDatabaseRoles(ctx, mount, 'static'),
    listDatabaseRoles(ctx, mount, 'dynamic'),
  ]);
  const readData = async (path: string, shape?: (a: any) => unknown) =>
    (await client.read(path, counter, { shape }))?.data ?? {};
  const [connections, staticRoles, dynamicRoles] = await Promise.all([
    mapLimit(connNames, limit, async name => {
      const d = await readData(
        `${mount}/config/${encodeURIComponent(name)}`,
        connectionFields,
      );
      const c: VaultDatabaseConnection = {
        name,
        pluginName: d.plugin_name,
        connectionUrl: d.connection_details?.connection_url,
        username: d.connection_details?.username,
        allowedRoles: d.allowed_roles ?? [],
        passwordPolicy: d.password_policy || undefined,
        uiUrl: links.connection(mount, name),
      };
      return c;
    }),
    mapLimit(staticNames, limit, async name => {
      const d = await readData(
        `${mount}/static-roles/${encodeURIComponent(name)}`,
      );
      const rotationPeriod = seconds(d.rotation_period);
      const rotationSchedule =
        typeof d.rotation_schedule === 'string' && d.rotation_schedule
          ? d.rotation_schedule
          : undefined;
      const rotationWindow = seconds(d.rotation_window) || undefined;
      const next = nextScheduledRotation(rotationSchedule, ctx.now);
      const r: VaultStaticRole = {
        name,
        dbName: d.db_name,
        username: d.username,
        ...(rotationPeriod ? { rotationPeriod } : {}),
        ...(rotationSchedule ? { rotationSchedule } : {}),
        ...(rotationWindow ? { rotationWindow } : {}),
        ...(next ? { nextScheduledRotation: next } : {}),
        lastVaultRotation: d.last_vault_rotation,
        rotationOverdue: isRotationOverdue(
          {
            rotationPeriod,
            rotationSchedule,
            rotationWindow,
            lastVaultRotation: d.last_vault_rotation,
          },
          ctx.now,
        ),
        uiUrl: links.role(mount, name, 'static'),
      };
      return r;
    }),
    mapLimit(dynNames, limit, async name => {
      const d = await readData(`${mount}/roles/${encodeURIComponent(name)}`);
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

/**
 * The KV tree of a mount: one folder per component (its serviceAccount)
 * with its keys, those of sub-folders included (`folder/sub/key`), listed
 * recursively within `bounds` (depth below the folder, keys per mount): a
 * folder cut short says so (`truncated`). Keys at the root come first, in a
 * folder named ''. KV v2: each key's metadata (`<mount>/metadata/...`:
 * versions and times, never a value). KV v1: the key names only, with LIST
 * (a GET on a KV v1 mount answers the values: the guard refuses it).
 */
export async function readKvTree(
  ctx: VaultReadContext,
  mount: string,
  version: '1' | '2' = '2',
  bounds: { maxDepth: number; maxKeys: number } = {
    maxDepth: 4,
    maxKeys: 500,
  },
): Promise<VaultKvFolder[]> {
  const { client, counter, links, concurrency: limit } = ctx;
  const base = version === '2' ? `${mount}/metadata` : mount;
  const top = await client.list(`${base}/`, counter);
  const folders = top.filter(k => k.endsWith('/')).map(k => k.slice(0, -1));
  const rootKeys = top.filter(k => !k.endsWith('/'));
  let budget = bounds.maxKeys - rootKeys.length;
  const readKey = async (path: string, folder: string): Promise<VaultKvKey> => {
    if (version === '1')
      return {
        path,
        uiUrl: folder ? links.kvFolder(mount, folder) : links.engine(mount),
      };
    const d =
      (await client.read(`${mount}/metadata/${enc(path)}`, counter))?.data ??
      {};
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
  /** The key paths under `folder` (recursively), and whether a bound cut it. */
  const walk = async (
    folder: string,
    depth: number,
  ): Promise<{ paths: string[]; truncated: boolean }> => {
    const entries = await client.list(`${base}/${enc(folder)}/`, counter);
    const keys = entries.filter(k => !k.endsWith('/'));
    const subs = entries.filter(k => k.endsWith('/'));
    const taken = keys.slice(0, Math.max(0, budget));
    budget -= taken.length;
    let truncated = taken.length < keys.length;
    const paths = taken.map(k => `${folder}/${k}`);
    if (subs.length && depth >= bounds.maxDepth) truncated = true;
    else {
      for (const sub of subs) {
        if (budget <= 0) {
          truncated = true;
          break;
        }
        const r = await walk(`${folder}/${sub.slice(0, -1)}`, depth + 1);
        paths.push(...r.paths);
        truncated ||= r.truncated;
      }
    }
    return { paths, truncated };
  };
  const result: VaultKvFolder[] = await mapLimit(
    folders,
    limit,
    async folder => {
      const { paths, truncated } = await walk(folder, 1);
      return {
        name: folder,
        keys: await mapLimit(paths, limit, p => readKey(p, folder)),
        uiUrl: links.kvFolder(mount, folder),
        ...(truncated ? { truncated } : {}),
      };
    },
  );
  if (rootKeys.length) {
    result.unshift({
      name: '',
      keys: await mapLimit(rootKeys.slice(0, bounds.maxKeys), limit, k =>
        readKey(k, ''),
      ),
      uiUrl: links.engine(mount),
      ...(rootKeys.length > bounds.maxKeys ? { truncated: true } : {}),
    });
  }
  return result;
}
