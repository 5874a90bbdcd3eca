import fs from 'node:fs';
import { Config } from '@backstage/config';
import { warnAboutLegacyConfigKey } from '@pcscol/plugin-pegase-node';

/**
 * Where this plugin's configuration lives: `pegase.vault` (before 0.2: `vault`, the
 * key the Community Vault plugin reads, so it is never read here).
 */
export const VAULT_CONFIG_KEY = 'pegase.vault';

/**
 * One warning when the configuration still sits under the old `vault` key and
 * `pegase.vault` is absent: that block is not read (it may well be the Community
 * Vault plugin's own), so the views would answer as unconfigured.
 */
export function warnAboutLegacyVaultConfig(
  config: Config,
  logger: { warn(message: string): void },
): void {
  warnAboutLegacyConfigKey(config, logger, {
    legacy: 'vault',
    current: VAULT_CONFIG_KEY,
    product: 'Vault',
    legacyOwner: 'the Community Vault plugin',
  });
}

/** Auth of the portal to one Vault cluster. */
export interface VaultAuthConfig {
  method: 'token' | 'approle' | 'kubernetes';
  token?: string;
  roleId?: string;
  secretId?: string;
  approleMount: string;
  role: string;
  kubernetesMount: string;
  jwtPath: string;
  renewBeforeSeconds?: number;
}

/** One Vault cluster of `pegase.vault.clusters[]`. */
export interface VaultClusterConfig {
  name: string;
  region: string;
  /** The first node (links, messages); `nodes` holds them all. */
  url: string;
  /** Every node address of the cluster (`nodes`, else `url`), without trailing slash. */
  nodes: string[];
  /** PEM of the CA that signs the nodes' certificates (`ca`, or read from `caFile`). */
  ca?: string;
  namespace?: string;
  auth: VaultAuthConfig;
  timeoutMs: number;
  cacheTtlSeconds: number;
  /** How long a 403 is remembered (no new request, no new login for that path). */
  refusalCacheSeconds: number;
  uiUrl: string;
}

/** Mount path templates (`pegase.vault.mounts.*`). */
export interface VaultMountTemplates {
  /** Kubernetes auth mount of an instance's cluster, without `auth/`: `kubernetes/{cluster}`. */
  kubernetesAuth: string;
  /** Database engine of an instance: `{vaultPath}/database`. */
  database: string;
  /** KV engine of an instance: `{vaultPath}/kv`. */
  kv: string;
}

/** `pegase.vault.*`. */
export interface VaultPluginConfig {
  clusters: VaultClusterConfig[];
  componentPageSize: number;
  concurrency: number;
  mounts: VaultMountTemplates;
  /** Bounds of the recursive KV listing. */
  kv: { maxDepth: number; maxKeys: number };
}

/** The variables a mount template may use. */
export const MOUNT_TEMPLATE_VARIABLES = [
  'cluster',
  'vaultPath',
  'namespace',
  'instance',
] as const;

/** Fills a mount template (`{vaultPath}/database`) with an instance's values. */
export function fillMountTemplate(
  template: string,
  values: Partial<Record<(typeof MOUNT_TEMPLATE_VARIABLES)[number], string>>,
): string {
  return template
    .replace(/\{(\w+)\}/g, (_m, k: string) => (values as any)[k] ?? '')
    .replace(/\/{2,}/g, '/')
    .replace(/^\/+|\/+$/g, '');
}

function mountTemplate(
  root: Config | undefined,
  key: keyof VaultMountTemplates,
  def: string,
): string {
  const t = root?.getOptionalString(`mounts.${key}`) ?? def;
  for (const m of t.matchAll(/\{(\w*)\}/g)) {
    if (!(MOUNT_TEMPLATE_VARIABLES as readonly string[]).includes(m[1]))
      throw new Error(
        `pegase.vault.mounts.${key}: unknown variable {${
          m[1]
        }} in '${t}'; use ${MOUNT_TEMPLATE_VARIABLES.map(v => `{${v}}`).join(
          ', ',
        )}`,
      );
  }
  if (!t.replace(/\//g, '').trim())
    throw new Error(`pegase.vault.mounts.${key} is empty`);
  return t.replace(/^\/+|\/+$/g, '');
}

const METHODS = ['token', 'approle', 'kubernetes'] as const;

/** Reads and validates `pegase.vault.*`; throws a clear error naming the key at fault. */
export function readVaultConfig(config: Config): VaultPluginConfig {
  const root = config.getOptionalConfig(VAULT_CONFIG_KEY);
  const clusters: VaultClusterConfig[] = [];
  for (const [i, c] of (
    root?.getOptionalConfigArray('clusters') ?? []
  ).entries()) {
    const key = `pegase.vault.clusters[${i}]`;
    const auth = c.getOptionalConfig('auth');
    const method = (auth?.getOptionalString('method') ??
      'token') as VaultAuthConfig['method'];
    if (!METHODS.includes(method)) {
      throw new Error(
        `${key}.auth.method must be one of ${METHODS.join(
          ', ',
        )}; got '${method}'`,
      );
    }
    const a: VaultAuthConfig = {
      method,
      token: auth?.getOptionalString('token'),
      roleId: auth?.getOptionalString('roleId'),
      secretId: auth?.getOptionalString('secretId'),
      approleMount: auth?.getOptionalString('approleMount') ?? 'approle',
      role: auth?.getOptionalString('role') ?? 'pegase-portal',
      kubernetesMount:
        auth?.getOptionalString('kubernetesMount') ?? 'kubernetes',
      jwtPath:
        auth?.getOptionalString('jwtPath') ??
        '/var/run/secrets/kubernetes.io/serviceaccount/token',
      renewBeforeSeconds: auth?.getOptionalNumber('renewBeforeSeconds'),
    };
    if (method === 'token' && !a.token)
      throw new Error(`${key}.auth.token is required with method 'token'`);
    if (method === 'approle' && (!a.roleId || !a.secretId)) {
      throw new Error(
        `${key}.auth.roleId and secretId are required with method 'approle'`,
      );
    }
    const nodes = (
      c.getOptionalStringArray('nodes') ??
      (c.has('url') ? [c.getString('url')] : [])
    ).map(u => u.replace(/\/+$/, ''));
    if (nodes.length === 0)
      throw new Error(`${key} needs url or nodes (the Vault node addresses)`);
    for (const [j, u] of nodes.entries()) {
      if (!/^https?:\/\/[^/]/.test(u))
        throw new Error(
          `${key}.nodes[${j}] must be an http(s) URL; got '${u}'`,
        );
    }
    const url = nodes[0];
    const caFile = c.getOptionalString('caFile');
    let ca = c.getOptionalString('ca');
    if (caFile) {
      try {
        ca = fs.readFileSync(caFile, 'utf8');
      } catch (e) {
        throw new Error(
          `${key}.caFile: cannot read '${caFile}': ${(e as Error).message}`,
        );
      }
    }
    if (ca !== undefined && !ca.includes('-----BEGIN CERTIFICATE-----'))
      throw new Error(
        `${key}.ca${caFile ? 'File' : ''} is not a PEM certificate`,
      );
    clusters.push({
      name: c.getString('name'),
      region: c.getString('region'),
      url,
      nodes,
      ...(ca ? { ca } : {}),
      namespace: c.getOptionalString('namespace') || undefined,
      auth: a,
      timeoutMs: c.getOptionalNumber('timeoutMs') ?? 10_000,
      cacheTtlSeconds: c.getOptionalNumber('cacheTtlSeconds') ?? 60,
      refusalCacheSeconds: Math.max(
        0,
        c.getOptionalNumber('refusalCacheSeconds') ?? 30,
      ),
      uiUrl: (c.getOptionalString('uiUrl') ?? `${url}/ui`).replace(/\/+$/, ''),
    });
  }
  const names = new Set<string>();
  for (const c of clusters) {
    if (names.has(c.name))
      throw new Error(
        `pegase.vault.clusters: the name '${c.name}' is used twice`,
      );
    names.add(c.name);
  }
  return {
    clusters,
    componentPageSize: Math.min(
      100,
      Math.max(1, root?.getOptionalNumber('componentPageSize') ?? 20),
    ),
    concurrency: Math.max(1, root?.getOptionalNumber('concurrency') ?? 16),
    mounts: {
      kubernetesAuth: mountTemplate(
        root,
        'kubernetesAuth',
        'kubernetes/{cluster}',
      ),
      database: mountTemplate(root, 'database', '{vaultPath}/database'),
      kv: mountTemplate(root, 'kv', '{vaultPath}/kv'),
    },
    kv: {
      maxDepth: Math.max(1, root?.getOptionalNumber('kv.maxDepth') ?? 4),
      maxKeys: Math.max(1, root?.getOptionalNumber('kv.maxKeys') ?? 500),
    },
  };
}
