/*
 * THE one place where the rule "no secret value ever leaves Vault through the
 * portal" is enforced in code. Every request the Vault client sends (reads,
 * lists, logins, token renewals) goes through `assertAllowedVaultRequest`
 * first (see VaultClusterClient: it wraps node-vault's single `request`
 * function), and is refused before it leaves the process unless it is one of
 * the endpoints the views call, with its method: an ALLOW-LIST.
 *
 * Paths under a secrets engine are judged by the type of the mount that holds
 * them (from `sys/mounts`): `<kv v2>/metadata/...` may be read and listed, a
 * KV v1 mount only listed (a GET there answers the secret's values), a
 * database mount's config and roles read and listed; any other mount type and
 * any other path is refused.
 */

/** A mount of `sys/mounts`, as the guard needs it. @public */
export interface VaultMountInfo {
  type: string;
  /** `options.version` of a kv mount (`'1'` when absent). */
  version?: string;
}

/** Mount path (no trailing slash) -> its type. @public */
export type VaultMountTable = ReadonlyMap<string, VaultMountInfo>;

/** Why a request is refused. @public */
export type VaultRefusalKind = 'not-allowed' | 'unknown-mount' | 'malformed';

/** A request the portal must never send. @public */
export class VaultSecretAccessError extends Error {
  readonly name = 'VaultSecretAccessError';
  constructor(
    readonly method: string,
    readonly path: string,
    reason: string,
    readonly kind: VaultRefusalKind = 'not-allowed',
  ) {
    super(`refused to send ${method} /${path} to Vault: ${reason}`);
  }
}

/** One endpoint of the allow-list (documented in the README's table). */
interface AllowedEndpoint {
  method: 'GET' | 'LIST' | 'POST';
  pattern: RegExp;
  what: string;
}

/** A single path segment: a name, never empty, `.` or `..`. */
const NAME = '[^/]+';

/** The endpoints outside secrets engines (`sys/`, `auth/`). */
const FIXED_ENDPOINTS: AllowedEndpoint[] = [
  { method: 'GET', pattern: /^sys\/mounts$/, what: 'the mount table' },
  {
    method: 'GET',
    pattern: /^sys\/health$/,
    what: 'the state of a node (active, standby, sealed...)',
  },
  { method: 'LIST', pattern: /^sys\/policies\/acl$/, what: 'ACL policy names' },
  {
    method: 'GET',
    pattern: new RegExp(`^sys/policies/acl/${NAME}$`),
    what: 'an ACL policy',
  },
  {
    method: 'LIST',
    pattern: /^auth\/kubernetes(?:\/[^/]+)?\/role$/,
    what: 'the roles of a Kubernetes auth mount',
  },
  {
    method: 'GET',
    pattern: new RegExp(`^auth/kubernetes(?:/[^/]+)?/role/${NAME}$`),
    what: 'a role of a Kubernetes auth mount',
  },
  {
    method: 'POST',
    pattern: /^auth\/(?:[^/]+\/)*[^/]+\/login$/,
    what: 'the portal logs in (AppRole, Kubernetes)',
  },
  {
    method: 'GET',
    pattern: /^auth\/token\/lookup-self$/,
    what: "the portal's own token",
  },
  {
    method: 'POST',
    pattern: /^auth\/token\/renew-self$/,
    what: "renewing the portal's own token",
  },
];

/** The endpoints under a secrets engine, by its type: `rest` is the path under the mount. */
const ENGINE_ENDPOINTS: Record<
  string,
  Array<{ method: 'GET' | 'LIST'; pattern: RegExp; what: string }>
> = {
  'kv-2': [
    {
      method: 'LIST',
      pattern: /^metadata(?:\/.*)?$/,
      what: 'KV v2 key names',
    },
    {
      method: 'GET',
      pattern: /^metadata\/.+$/,
      what: 'KV v2 key metadata (versions, times)',
    },
  ],
  'kv-1': [
    // a GET on a KV v1 mount answers the secret's values: LIST only
    { method: 'LIST', pattern: /^.*$/, what: 'KV v1 key names' },
  ],
  database: [
    ...['config', 'roles', 'static-roles'].flatMap(op => [
      {
        method: 'LIST' as const,
        pattern: new RegExp(`^${op}$`),
        what: `database ${op} names`,
      },
      {
        method: 'GET' as const,
        pattern: new RegExp(`^${op}/${NAME}$`),
        what:
          op === 'config'
            ? 'a database connection (Vault never returns its password)'
            : `a database ${op === 'roles' ? 'dynamic' : 'static'} role`,
      },
    ]),
  ],
};

/** A request as the guard sees it: method (LIST for `?list=`), normalised path. */
export interface NormalisedRequest {
  method: string;
  path: string;
}

/**
 * Normalises a Vault API request (`GET /v1/sys/mounts?list=1` ->
 * `LIST sys/mounts`), decoding escapes; throws a `malformed` refusal on a
 * query other than `list`, an empty, `.` or `..` segment, a backslash or a
 * control character.
 */
export function normaliseVaultRequest(
  method: string | undefined,
  rawPath: string,
): NormalisedRequest {
  let m = (method || 'GET').toUpperCase();
  let p = String(rawPath ?? '').replace(/&#x2F;/gi, '/');
  const hash = p.indexOf('#');
  if (hash >= 0) p = p.slice(0, hash);
  const q = p.indexOf('?');
  const query = q >= 0 ? p.slice(q + 1) : '';
  if (q >= 0) p = p.slice(0, q);
  for (let i = 0; i < 5 && /%[0-9a-f]{2}/i.test(p); i++) {
    try {
      p = decodeURIComponent(p);
    } catch {
      throw new VaultSecretAccessError(
        m,
        p,
        'the path has a malformed escape',
        'malformed',
      );
    }
  }
  if (p.includes('%'))
    throw new VaultSecretAccessError(
      m,
      p,
      'the path is escaped too many times, or has a bare %',
      'malformed',
    );
  p = p.replace(/^\/+/, '').replace(/^v1\//, '').replace(/\/+$/, '');
  if (query) {
    const params = new URLSearchParams(query);
    for (const [k, v] of params) {
      if (k === 'list' && ['1', 'true'].includes(v) && m === 'GET') m = 'LIST';
      else
        throw new VaultSecretAccessError(
          m,
          p,
          `query parameter '${k}' is not allowed (only list=true on a GET)`,
          'malformed',
        );
    }
  }
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(p))
    throw new VaultSecretAccessError(
      m,
      p,
      'backslashes and control characters are not allowed in a path',
      'malformed',
    );
  if (p.split('/').some(s => s === '' || s === '.' || s === '..'))
    throw new VaultSecretAccessError(
      m,
      p,
      'empty and relative path segments are not allowed',
      'malformed',
    );
  return { method: m, path: p };
}

/** True when the guard needs the mount table to judge this path (it is under a secrets engine). */
export function needsMountTable(rawPath: string): boolean {
  const p = String(rawPath ?? '')
    .replace(/^\/+/, '')
    .replace(/^v1\//, '');
  return !p.startsWith('sys/') && !p.startsWith('auth/') && p !== 'sys';
}

/** The longest mount of the table that holds `path`. */
export function mountOf(
  path: string,
  mounts: VaultMountTable,
): { mount: string; info: VaultMountInfo; rest: string } | undefined {
  let best: string | undefined;
  for (const m of mounts.keys()) {
    if (
      (path === m || path.startsWith(`${m}/`)) &&
      (!best || m.length > best.length)
    )
      best = m;
  }
  if (best === undefined) return undefined;
  return {
    mount: best,
    info: mounts.get(best)!,
    rest: path.slice(best.length + 1),
  };
}

/** The allow-list key of a mount: `kv-1`, `kv-2`, `database`, ... */
function engineKey(info: VaultMountInfo): string {
  if (info.type === 'kv' || info.type === 'generic')
    return info.version === '2' ? 'kv-2' : 'kv-1';
  return info.type;
}

/**
 * Throws a {@link VaultSecretAccessError} unless `method path` is one of the
 * endpoints the views call (see the README's allow-list table). `mounts` is
 * the mount table of `sys/mounts` (mount -> type), needed for paths under a
 * secrets engine; without it such a path is refused.
 * @public
 */
export function assertAllowedVaultRequest(
  method: string | undefined,
  rawPath: string,
  mounts?: VaultMountTable,
  options: { authRoleMount?: RegExp } = {},
): void {
  const { method: m, path: p } = normaliseVaultRequest(method, rawPath);
  const verb = m === 'PUT' ? 'POST' : m;
  if (p === 'sys' || p.startsWith('sys/') || p.startsWith('auth/')) {
    if (FIXED_ENDPOINTS.some(e => e.method === verb && e.pattern.test(p)))
      return;
    // the roles of the Kubernetes auth mounts of `pegase.vault.mounts.kubernetesAuth`
    const role = /^auth\/(.+)\/role(?:\/([^/]+))?$/.exec(p);
    if (
      role &&
      options.authRoleMount?.test(role[1]) &&
      (role[2] === undefined ? verb === 'LIST' : verb === 'GET')
    )
      return;
    throw new VaultSecretAccessError(
      m,
      p,
      `not on the allow-list of the portal (it reads ${
        p.startsWith('auth/')
          ? 'auth roles, logs in and renews its own token'
          : 'sys/mounts and sys/policies/acl'
      } only)`,
    );
  }
  if (!mounts)
    throw new VaultSecretAccessError(
      m,
      p,
      'the mount table is unknown: a path under a secrets engine is judged by its mount type',
      'unknown-mount',
    );
  const found = mountOf(p, mounts);
  if (!found)
    throw new VaultSecretAccessError(
      m,
      p,
      'no mount of sys/mounts holds this path',
      'unknown-mount',
    );
  const key = engineKey(found.info);
  const endpoints = ENGINE_ENDPOINTS[key];
  if (!endpoints)
    throw new VaultSecretAccessError(
      m,
      p,
      `mount ${found.mount} is of type ${found.info.type}: the portal reads nothing from it`,
    );
  if (endpoints.some(e => e.method === verb && e.pattern.test(found.rest)))
    return;
  const hints: Record<string, string> = {
    'kv-1': `on the KV v1 mount ${found.mount} only LIST is allowed (a GET answers the secret's values)`,
    'kv-2': `on the KV v2 mount ${found.mount} only metadata/ is read (never data/, subkeys/ ...)`,
  };
  const hint =
    hints[key] ??
    `on the ${key} mount ${found.mount} only config, roles and static-roles are read (never creds)`;
  throw new VaultSecretAccessError(m, p, `not on the allow-list: ${hint}`);
}

/**
 * The auth mounts a mount template may name (`kubernetes/{cluster}` ->
 * `^kubernetes/[^/]+$`): each variable is one path segment.
 */
export function authMountPattern(template: string): RegExp {
  const re = template
    .split(/(\{\w+\})/)
    .map(part =>
      /^\{\w+\}$/.test(part)
        ? '[^/]+'
        : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${re}$`);
}

/** Mount table of a `sys/mounts` answer. @public */
export function mountTableOf(answer: unknown): Map<string, VaultMountInfo> {
  const a = (answer ?? {}) as Record<string, any>;
  const data = (a.data && typeof a.data === 'object' ? a.data : a) as Record<
    string,
    any
  >;
  const out = new Map<string, VaultMountInfo>();
  for (const [k, v] of Object.entries(data)) {
    if (!v || typeof v !== 'object' || typeof v.type !== 'string') continue;
    const version = v.options?.version;
    out.set(k.replace(/\/+$/, ''), {
      type: v.type,
      ...(version !== undefined ? { version: String(version) } : {}),
    });
  }
  return out;
}
