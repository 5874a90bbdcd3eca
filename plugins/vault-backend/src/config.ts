import { Config } from '@backstage/config';

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

/** One Vault cluster of `vault.clusters[]`. */
export interface VaultClusterConfig {
  name: string;
  region: string;
  url: string;
  namespace?: string;
  auth: VaultAuthConfig;
  timeoutMs: number;
  cacheTtlSeconds: number;
  uiUrl: string;
}

/** `vault.*`. */
export interface VaultPluginConfig {
  clusters: VaultClusterConfig[];
  componentPageSize: number;
  concurrency: number;
}

const METHODS = ['token', 'approle', 'kubernetes'] as const;

/** Reads and validates `vault.*`; throws a clear error naming the key at fault. */
export function readVaultConfig(config: Config): VaultPluginConfig {
  const root = config.getOptionalConfig('vault');
  const clusters: VaultClusterConfig[] = [];
  for (const [i, c] of (
    root?.getOptionalConfigArray('clusters') ?? []
  ).entries()) {
    const key = `vault.clusters[${i}]`;
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
    const url = c.getString('url').replace(/\/+$/, '');
    clusters.push({
      name: c.getString('name'),
      region: c.getString('region'),
      url,
      namespace: c.getOptionalString('namespace') || undefined,
      auth: a,
      timeoutMs: c.getOptionalNumber('timeoutMs') ?? 10_000,
      cacheTtlSeconds: c.getOptionalNumber('cacheTtlSeconds') ?? 60,
      uiUrl: (c.getOptionalString('uiUrl') ?? `${url}/ui`).replace(/\/+$/, ''),
    });
  }
  const names = new Set<string>();
  for (const c of clusters) {
    if (names.has(c.name))
      throw new Error(`vault.clusters: the name '${c.name}' is used twice`);
    names.add(c.name);
  }
  return {
    clusters,
    componentPageSize: Math.min(
      100,
      Math.max(1, root?.getOptionalNumber('componentPageSize') ?? 20),
    ),
    concurrency: Math.max(1, root?.getOptionalNumber('concurrency') ?? 16),
  };
}
