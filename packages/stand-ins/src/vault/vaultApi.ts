/*
 * The Vault stand-in's HTTP API (test and dev code only): the endpoints the
 * portal calls with Vault's documented answers and errors, logins and token
 * renewal, the request log tests read, and the violations it records when it
 * is asked for a secret value. One file because it is one concept, the
 * server's routing table over vaultState.ts.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { Transform, TransformCallback } from 'node:stream';
import { delay, listen, readBody, sendJson } from '../listen';
import { RunningStandIn, StandInOptions } from '../types';
import {
  addKvV1Mount,
  buildVaultState,
  MountEntry,
  VaultState,
} from './vaultState';

/**
 * Vault stand-in: answers the shapes of Vault's HTTP API (`apis/vault/openapi.json`)
 * for the read-only calls of the portal, from state built out of the GitOps
 * repository's vault-config-operator CRs (see vaultState.ts).
 *
 * - `X-Vault-Token` (or `Authorization: Bearer`), `X-Vault-Namespace`
 *   (checked when `faults.namespace` is set).
 * - LIST verb and `GET ?list=true`.
 * - `sys/mounts`, `sys/auth`, `sys/policies/acl[/<name>]`, `sys/health`,
 *   `<kv>/metadata/<path>`, `<db>/config[/<name>]`, `<db>/roles[/<name>]`,
 *   `<db>/static-roles[/<name>]`, `auth/<k8s>/role[/<name>]`, `auth/<k8s>/config`,
 *   `auth/token/lookup-self`, `auth/token/renew-self`, `auth/approle/login`,
 *   `auth/<k8s>/login`.
 * - **Any request for `<kv>/data/*`, `<db>/static-creds/*` or `<db>/creds/*`,
 *   any GET of a key of a KV v1 mount (`addKvV1Mount`: it would answer the
 *   values), and any request matching a trap (`forbid`) is a violation**:
 *   recorded in `violations` and answered 500, so that a test that sees one
 *   fails.
 * - Faults: `sealed` (503 on every node), `forbidden` (403), `tokenTtlSeconds`
 *   (tokens expire), `latencyMs` on every answer.
 * - Several nodes of one cluster (`faults.nodes`), sharing state and tokens,
 *   each in its own state (active, standby, performance standby, DR
 *   secondary, not initialised, sealed), changeable with `setNodeStatus`.
 *
 * Where each behaviour comes from (Vault 1.15-1.21 unless said):
 * - 403 bodies: hashicorp/vault http/handler.go respondError wraps the error
 *   in a multierror: a policy refusal answers
 *   `{"errors":["1 error occurred:\n\t* permission denied\n\n"]}`; an
 *   expired, revoked or unknown token answers both "permission denied" and
 *   "invalid token" (Vault 1.17+, docs concepts/tokens "Error responses",
 *   hashicorp/vault PR #26687).
 * - `sys/health`: http/sys_health.go getSysHealth (codes 200/429/472/473/501/503,
 *   query parameters standbyok, perfstandbyok, activecode, standbycode,
 *   drsecondarycode, performancestandbycode, sealedcode, uninitcode; a bad
 *   value answers 400; HEAD answers the code only; cluster_name/cluster_id
 *   only when unsealed).
 * - A sealed (or uninitialised, hence sealed) node answers 503 "Vault is
 *   sealed" (http/handler.go, consts.ErrSealed); a standby forwards every
 *   request to the active node (http/handler.go handleRequestForwarding) and
 *   answers 500 when there is none; a performance standby serves reads; a
 *   DR secondary refuses client requests with "path disabled in replication
 *   DR secondary mode" (helper/testhelpers/testhelpers.go, EnableDRSecondary;
 *   answered 400 here, the status is not named there).
 * - Kubernetes auth roles: vault-plugin-auth-kubernetes path_role.go
 *   pathRoleRead (v0.24.1): `bound_service_account_namespace_selector`
 *   always, legacy `policies`/`ttl`/`max_ttl`/`period` only when the role was
 *   written with them (tokenutil upgrade: vault-config-operator writes
 *   `token_*`, kubernetesauthenginerole_types.go).
 * - Static roles: builtin/logical/database/path_roles.go pathStaticRoleRead:
 *   `rotation_period` or `rotation_schedule` (+ `rotation_window` when set),
 *   never both.
 * - Connections: builtin/logical/database/path_config_connection.go removes
 *   `password`, `private_key` and `service_account_json` from
 *   `connection_details`, not a MongoDB x509 `tls_certificate_key`
 *   (plugins/database/mongodb/connection_producer.go): the stand-in answers it.
 */

/** Default root token of the stand-in (the demo's `VAULT_TOKEN`). @public */
export const DEFAULT_VAULT_TOKEN = 'stand-in-vault-token';
/** AppRole credentials the stand-in accepts by default. @public */
export const DEFAULT_APPROLE = {
  roleId: 'pegase-portal-role-id',
  secretId: 'pegase-portal-secret-id',
};
/** Kubernetes auth role the stand-in accepts for any non-empty JWT. @public */
export const DEFAULT_KUBERNETES_ROLE = 'pegase-portal';

/** The state of one node of the stand-in's cluster. @public */
export type VaultStandInNodeStatus =
  | 'active'
  | 'standby'
  | 'performance-standby'
  | 'dr-secondary'
  | 'not-initialized'
  | 'sealed';

/** Faults and switches of the Vault stand-in. @public */
export interface VaultStandInFaults {
  /** Every node seals: every request but `sys/health` answers 503 "Vault is sealed". */
  sealed?: boolean;
  /**
   * The nodes of the cluster, one listener each (default one active node):
   * e.g. `['active', 'standby', 'sealed']`. Read at start only.
   */
  nodes?: VaultStandInNodeStatus[];
  /** Every authenticated request answers 403 "permission denied". */
  forbidden?: boolean;
  /** TTL of every token (the root one counts from start); after it, 403 "permission denied". */
  tokenTtlSeconds?: number;
  /** Tokens cannot be renewed (renew-self answers 400). */
  nonRenewable?: boolean;
  /** Vault Enterprise namespace required in `X-Vault-Namespace`. */
  namespace?: string;
  /** Add the deliberate findings (default true). */
  findings?: boolean;
  /** AppRole credentials accepted. */
  approle?: { roleId: string; secretId: string };
  /** Kubernetes auth role accepted by `auth/<k8s>/login`. */
  kubernetesRole?: string;
  /** Extra latency (ms), changeable at run time. */
  latencyMs?: number;
}

/** One request the stand-in received. @public */
export interface VaultRequestRecord {
  method: string;
  path: string;
  namespace?: string;
  /** Index of the node that received it. */
  node?: number;
}

/** One node of the running stand-in. @public */
export interface VaultStandInNode {
  url: string;
  status: VaultStandInNodeStatus;
}

/** The running Vault stand-in, with what tests need to look at. @public */
export interface RunningVaultStandIn extends RunningStandIn {
  /** Every node (the first one's URL is `url`). */
  nodes: VaultStandInNode[];
  /** Changes the state of node `index` (0-based). */
  setNodeStatus(index: number, status: VaultStandInNodeStatus): void;
  /** Requests for secret values (KV `data`, `static-creds`, `creds`): must stay empty. */
  violations: VaultRequestRecord[];
  /** Every request received, in order. */
  requests: VaultRequestRecord[];
  /** The state answered (mutable by tests). */
  state: VaultState;
  /** Changes faults while running. */
  setFaults(faults: VaultStandInFaults): void;
  /** Forgets the recorded requests (not the violations). */
  resetRequests(): void;
  /**
   * Adds a KV v1 mount holding these secrets (key path -> values): LIST
   * answers the key names; a GET of a key (its values) is a violation.
   */
  addKvV1Mount(
    mount: string,
    secrets: Record<string, Record<string, string>>,
  ): void;
  /**
   * A trap: any later request whose path (without `/v1/`, decoded, no
   * trailing slash) equals the string or matches the RegExp is a violation.
   */
  forbid(...paths: Array<string | RegExp>): void;
}

interface TokenInfo {
  id: string;
  accessor: string;
  policies: string[];
  issuedAt: number;
  /** ms epoch; undefined = never expires. */
  expiresAt?: number;
  ttl: number;
  renewable: boolean;
  displayName: string;
  path: string;
}

const SECRET_READS = new Set(['data', 'static-creds', 'creds']);

function envelope(data: unknown, extra: Record<string, unknown> = {}) {
  return {
    request_id: randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data,
    wrap_info: null,
    warnings: null,
    auth: null,
    ...extra,
  };
}

function errors(
  res: http.ServerResponse,
  status: number,
  ...messages: string[]
) {
  sendJson(res, status, { errors: messages });
}

/** Vault's multierror text (hashicorp/go-multierror ListFormatFunc). */
function multierror(...messages: string[]): string {
  const n = messages.length;
  return `${n} error${n === 1 ? '' : 's'} occurred:\n${messages
    .map(m => `\t* ${m}`)
    .join('\n')}\n\n`;
}

/** 403 as Vault answers it: a policy refusal, or a bad token (both messages, Vault 1.17+). */
function denied(res: http.ServerResponse, badToken = false) {
  errors(
    res,
    403,
    badToken
      ? multierror('permission denied', 'invalid token')
      : multierror('permission denied'),
  );
}

const HEALTH_CODES: Record<VaultStandInNodeStatus, [string, number]> = {
  active: ['activecode', 200],
  standby: ['standbycode', 429],
  'performance-standby': ['performancestandbycode', 473],
  'dr-secondary': ['drsecondarycode', 472],
  'not-initialized': ['uninitcode', 501],
  sealed: ['sealedcode', 503],
};

/** `sys/health` of a node: status code and body, as http/sys_health.go computes them. */
function health(
  status: VaultStandInNodeStatus,
  query: URLSearchParams,
): { code: number; body?: Record<string, unknown> } {
  const bool = (k: string) => {
    const v = query.get(k);
    if (v === null) return false;
    if (/^(1|t|true)$/i.test(v)) return true;
    if (/^(0|f|false)$/i.test(v)) return false;
    return undefined;
  };
  const standbyOk = bool('standbyok');
  const perfStandbyOk = bool('perfstandbyok');
  if (standbyOk === undefined || perfStandbyOk === undefined)
    return { code: 400 };
  const codes: Record<string, number> = {};
  for (const [param, def] of Object.values(HEALTH_CODES)) {
    const v = query.get(param);
    if (v !== null && !/^-?\d+$/.test(v)) return { code: 400 };
    codes[param] = v === null ? def : Number(v);
  }
  const sealed = status === 'sealed' || status === 'not-initialized';
  let code = codes.activecode;
  if (status === 'not-initialized') code = codes.uninitcode;
  else if (status === 'sealed') code = codes.sealedcode;
  else if (status === 'dr-secondary') code = codes.drsecondarycode;
  else if (status === 'performance-standby' && !perfStandbyOk)
    code = codes.performancestandbycode;
  else if (status === 'standby' && !standbyOk) code = codes.standbycode;
  const standby = status === 'standby' || status === 'performance-standby';
  return {
    code,
    body: {
      initialized: status !== 'not-initialized',
      sealed,
      standby,
      performance_standby: status === 'performance-standby',
      replication_performance_mode: 'disabled',
      replication_dr_mode: status === 'dr-secondary' ? 'secondary' : 'disabled',
      server_time_utc: Math.floor(Date.now() / 1000),
      version: '1.21.0',
      ...(sealed
        ? {}
        : {
            cluster_name: 'vault-stand-in',
            cluster_id: '00000000-0000-0000-0000-000000000000',
          }),
    },
  };
}

function mountMap(m: Map<string, MountEntry>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of [...m.entries()].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    out[`${k}/`] = {
      ...v,
      external_entropy_access: false,
      uuid: v.accessor,
      plugin_version: '',
      running_plugin_version: '',
      running_sha256: '',
    };
  }
  return out;
}

/** Longest mount of `mounts` that prefixes `path`. */
function findMount(mounts: Iterable<string>, path: string): string | undefined {
  let best: string | undefined;
  for (const m of mounts) {
    if (
      (path === m || path.startsWith(`${m}/`)) &&
      (!best || m.length > best.length)
    )
      best = m;
  }
  return best;
}

/**
 * Listing children of `prefix` among `paths`: direct keys and folders (with `/`).
 */
function childKeys(paths: Iterable<string>, prefix: string): string[] {
  const out = new Set<string>();
  const p = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
  for (const k of paths) {
    if (!k.startsWith(p)) continue;
    const rest = k.slice(p.length);
    const i = rest.indexOf('/');
    out.add(i >= 0 ? rest.slice(0, i + 1) : rest);
  }
  return [...out].sort();
}

/**
 * Node's HTTP parser rejects the LIST verb: the public socket goes through
 * this transform, which rewrites `LIST <path> HTTP/1.x` into
 * `GET <path>?list=true HTTP/1.x` before the internal HTTP server parses it.
 */
class ListVerbRewriter extends Transform {
  private pending = '';
  _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    let text = this.pending + chunk.toString('latin1');
    this.pending = '';
    text = text.replace(
      /(^|\n|[^A-Z])LIST (\S+) (HTTP\/1\.[01]\r\n)/g,
      (_m, pre, target, proto) => {
        const sep = target.includes('?') ? '&' : '?';
        return `${pre}GET ${target}${sep}list=true ${proto}`;
      },
    );
    // keep back a tail that may be the start of a LIST request line
    const idx = text.lastIndexOf('LIST ');
    const tailStart = idx >= 0 && !text.slice(idx).includes('\n') ? idx : -1;
    let keep = tailStart;
    if (keep < 0) {
      for (const n of [4, 3, 2, 1]) {
        if (text.length >= n && 'LIST '.startsWith(text.slice(-n))) {
          keep = text.length - n;
          break;
        }
      }
    }
    if (keep >= 0) {
      this.pending = text.slice(keep);
      text = text.slice(0, keep);
    }
    cb(null, Buffer.from(text, 'latin1'));
  }
  _flush(cb: TransformCallback) {
    cb(null, Buffer.from(this.pending, 'latin1'));
  }
}

/** Starts the Vault stand-in. @public */
export async function startVaultStandIn(
  options: StandInOptions,
): Promise<RunningVaultStandIn> {
  let faults: VaultStandInFaults = {
    ...((options.faults ?? {}) as VaultStandInFaults),
  };
  const state = await buildVaultState(options.gitopsDir, {
    findings: faults.findings,
  });
  const rootToken = options.token || DEFAULT_VAULT_TOKEN;
  const startedAt = Date.now();
  const tokens = new Map<string, TokenInfo>();
  const violations: VaultRequestRecord[] = [];
  let requests: VaultRequestRecord[] = [];
  const traps: Array<string | RegExp> = [];

  const newTokenInfo = (
    id: string,
    policies: string[],
    displayName: string,
    path: string,
  ): TokenInfo => {
    const ttl = faults.tokenTtlSeconds ?? 0;
    return {
      id,
      accessor: randomUUID(),
      policies,
      issuedAt: Date.now(),
      expiresAt: ttl > 0 ? Date.now() + ttl * 1000 : undefined,
      ttl,
      renewable: ttl > 0 && !faults.nonRenewable,
      displayName,
      path,
    };
  };
  const root = newTokenInfo(rootToken, ['root'], 'token', 'auth/token/create');
  root.issuedAt = startedAt;
  tokens.set(rootToken, root);

  const issue = (policies: string[], displayName: string, path: string) => {
    const info = newTokenInfo(
      `hvs.${randomUUID().replace(/-/g, '')}`,
      policies,
      displayName,
      path,
    );
    if (!info.ttl) {
      info.ttl = 3600;
      info.expiresAt = Date.now() + 3600 * 1000;
      info.renewable = !faults.nonRenewable;
    }
    tokens.set(info.id, info);
    return info;
  };
  const authBlock = (t: TokenInfo) => ({
    client_token: t.id,
    accessor: t.accessor,
    policies: ['default', ...t.policies],
    token_policies: ['default', ...t.policies],
    metadata: {},
    lease_duration: t.ttl,
    renewable: t.renewable,
    entity_id: '',
    token_type: 'service',
    orphan: true,
  });

  const nodeStatus: VaultStandInNodeStatus[] = [
    ...(faults.nodes?.length ? faults.nodes : ['active' as const]),
  ];

  const handler = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    node: number,
  ) => {
    await delay(faults.latencyMs ?? options.latencyMs);
    const url = new URL(req.url ?? '/', 'http://vault');
    const rawPath = decodeURIComponent(url.pathname);
    const isList =
      req.method === 'LIST' ||
      (req.method === 'GET' &&
        ['true', '1'].includes(url.searchParams.get('list') ?? ''));
    const ns =
      (req.headers['x-vault-namespace'] as string | undefined) || undefined;
    const record: VaultRequestRecord = {
      method: isList ? 'LIST' : req.method ?? 'GET',
      path: rawPath,
      namespace: ns,
      ...(nodeStatus.length > 1 ? { node } : {}),
    };
    requests.push(record);

    if (!rawPath.startsWith('/v1/')) return errors(res, 404);
    const path = rawPath.slice(4).replace(/\/+$/, '');
    const segments = path.split('/');

    // ---- the rule of the portal: never a secret value --------------------
    const allMounts = [...state.mounts.keys()];
    const mount = findMount(allMounts, path);
    const rest = mount ? path.slice(mount.length + 1) : path;
    const firstSegment = rest.split('/')[0];
    const mountEntryOf = mount ? state.mounts.get(mount) : undefined;
    const kvV1Value =
      mountEntryOf?.type === 'kv' &&
      mountEntryOf.options?.version === '1' &&
      !isList &&
      rest !== '';
    const trapped = traps.some(t =>
      typeof t === 'string' ? t === path : t.test(path),
    );
    if (kvV1Value || trapped) {
      violations.push(record);
      return errors(
        res,
        500,
        `stand-in: the portal requested ${
          kvV1Value ? 'a KV v1 secret value' : 'a forbidden path'
        } (${record.method} ${rawPath}); this is forbidden`,
      );
    }
    if (
      (mount && SECRET_READS.has(firstSegment)) ||
      (!mount &&
        !path.startsWith('sys/') &&
        !path.startsWith('auth/') &&
        segments.some(s => SECRET_READS.has(s)))
    ) {
      violations.push(record);
      return errors(
        res,
        500,
        `stand-in: the portal requested a secret value (${record.method} ${rawPath}); this is forbidden`,
      );
    }

    const status: VaultStandInNodeStatus = faults.sealed
      ? 'sealed'
      : nodeStatus[node];
    if (path === 'sys/health') {
      const h = health(status, url.searchParams);
      if (req.method === 'HEAD' || !h.body) {
        res.writeHead(
          h.code,
          h.body ? { 'Content-Type': 'application/json' } : {},
        );
        return res.end();
      }
      return sendJson(res, h.code, h.body);
    }
    if (status === 'sealed' || status === 'not-initialized')
      return errors(res, 503, 'Vault is sealed');
    if (status === 'dr-secondary')
      return errors(res, 400, 'path disabled in replication DR secondary mode');
    if (status === 'standby' && !nodeStatus.includes('active'))
      return errors(
        res,
        500,
        'local node not active but active cluster node not found',
      );

    // ---- logins (no token needed) ------------------------------------------
    if (req.method === 'POST' && /^auth\/.+\/login$/.test(path)) {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse((await readBody(req)) || '{}');
      } catch {
        return errors(res, 400, 'failed to parse JSON input');
      }
      const authMount = path.slice(5, -6);
      if (authMount === 'approle') {
        const expected = faults.approle ?? DEFAULT_APPROLE;
        if (
          body.role_id !== expected.roleId ||
          body.secret_id !== expected.secretId
        ) {
          return errors(res, 400, 'invalid role or secret ID');
        }
        const t = issue(['pegase-portal'], 'approle', 'auth/approle/login');
        return sendJson(res, 200, envelope(null, { auth: authBlock(t) }));
      }
      if (state.auths.get(authMount)?.type === 'kubernetes') {
        const role = faults.kubernetesRole ?? DEFAULT_KUBERNETES_ROLE;
        if (body.role !== role)
          return errors(res, 400, `invalid role name "${String(body.role)}"`);
        if (typeof body.jwt !== 'string' || !body.jwt)
          return errors(res, 400, 'missing jwt');
        const t = issue(
          ['pegase-portal'],
          `${authMount.replace('/', '-')}-pegase-portal`,
          `auth/${authMount}/login`,
        );
        return sendJson(res, 200, envelope(null, { auth: authBlock(t) }));
      }
      return errors(
        res,
        400,
        `no handler for route "${path}". route entry not found.`,
      );
    }

    // ---- token ---------------------------------------------------------------
    const auth = req.headers.authorization;
    const tokenId =
      (req.headers['x-vault-token'] as string | undefined) ||
      (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
    const token = tokenId ? tokens.get(tokenId) : undefined;
    if (
      !token ||
      (token.expiresAt !== undefined && token.expiresAt <= Date.now())
    ) {
      return denied(res, true);
    }
    if (path === 'auth/token/lookup-self' && req.method === 'GET') {
      const remaining = token.expiresAt
        ? Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000))
        : 0;
      return sendJson(
        res,
        200,
        envelope({
          accessor: token.accessor,
          creation_time: Math.floor(token.issuedAt / 1000),
          creation_ttl: token.ttl,
          display_name: token.displayName,
          entity_id: '',
          expire_time: token.expiresAt
            ? new Date(token.expiresAt).toISOString()
            : null,
          explicit_max_ttl: 0,
          id: token.id,
          issue_time: new Date(token.issuedAt).toISOString(),
          meta: null,
          num_uses: 0,
          orphan: true,
          path: token.path,
          policies: token.policies,
          renewable: token.renewable,
          ttl: remaining,
          type: 'service',
        }),
      );
    }
    if (
      path === 'auth/token/renew-self' &&
      (req.method === 'POST' || req.method === 'PUT')
    ) {
      await readBody(req);
      if (!token.renewable || faults.nonRenewable)
        return errors(res, 400, 'lease is not renewable');
      token.expiresAt = Date.now() + token.ttl * 1000;
      return sendJson(res, 200, envelope(null, { auth: authBlock(token) }));
    }
    // a token can always look itself up and renew itself; everything else can be denied
    if (faults.forbidden) return denied(res);
    if (
      faults.namespace &&
      ns?.replace(/\/+$/, '') !== faults.namespace.replace(/\/+$/, '')
    ) {
      return denied(res);
    }
    if (req.method !== 'GET' && !isList)
      return errors(res, 405, 'unsupported operation');

    const ok = (data: unknown, extra?: Record<string, unknown>) =>
      sendJson(res, 200, envelope(data, extra));
    const list = (keys: string[]) =>
      keys.length ? ok({ keys }) : errors(res, 404);
    const one = <T>(
      m: Map<string, T> | undefined,
      key: string,
      shape: (v: T) => unknown,
    ) => {
      const v = m?.get(key);
      return v ? ok(shape(v)) : errors(res, 404);
    };

    // ---- sys ------------------------------------------------------------------
    if (path === 'sys/mounts' && !isList) {
      const data = mountMap(state.mounts);
      return sendJson(res, 200, { ...data, ...envelope(data) });
    }
    if (path === 'sys/auth' && !isList) {
      const data = mountMap(state.auths);
      return sendJson(res, 200, { ...data, ...envelope(data) });
    }
    if (path === 'sys/policies/acl' && isList)
      return list([...state.policies.keys()].sort());
    if (path.startsWith('sys/policies/acl/') && !isList) {
      const name = path.slice('sys/policies/acl/'.length);
      return one(state.policies, name, policy => ({ name, policy }));
    }

    // ---- auth methods -------------------------------------------------------------
    if (path.startsWith('auth/')) {
      const authPath = path.slice(5);
      const authMount = findMount(state.auths.keys(), authPath);
      if (!authMount) return errors(res, 404);
      const sub = authPath.slice(authMount.length + 1);
      const roles = state.kubernetesRoles.get(authMount);
      if (sub === 'role' && isList)
        return list([...(roles?.keys() ?? [])].sort());
      if (sub.startsWith('role/') && !isList) {
        return one(roles, sub.slice(5), r => {
          const { legacy, ...fields } = r;
          return {
            ...fields,
            bound_service_account_namespace_selector:
              r.bound_service_account_namespace_selector ?? '',
            token_bound_cidrs: [],
            token_explicit_max_ttl: 0,
            token_no_default_policy: false,
            token_num_uses: 0,
            token_period: 0,
            token_type: 'default',
            // the old names only for a role written with them (path_role.go)
            ...(legacy?.policies ? { policies: r.token_policies } : {}),
            ...(legacy?.ttl ? { ttl: r.token_ttl } : {}),
            ...(legacy?.max_ttl ? { max_ttl: r.token_max_ttl } : {}),
          };
        });
      }
      if (sub === 'config' && !isList) {
        const cfg = state.kubernetesConfigs.get(authMount);
        return cfg
          ? ok({
              ...cfg,
              kubernetes_ca_cert: '',
              pem_keys: [],
              issuer: '',
              disable_local_ca_jwt: false,
            })
          : errors(res, 404);
      }
      return errors(res, 404);
    }

    // ---- secrets engines -------------------------------------------------------------
    if (!mount) return errors(res, 404);
    const type = state.mounts.get(mount)!.type;
    const [op, ...restSegs] = rest.split('/');
    const sub = restSegs.join('/');
    if (type === 'kv' && state.mounts.get(mount)!.options?.version === '1') {
      // isList here (a GET of a key is a violation, above)
      return list(childKeys(state.kvV1.get(mount)?.keys() ?? [], rest));
    }
    if (type === 'kv' && op === 'metadata') {
      const tree = state.kv.get(mount);
      if (isList) return list(childKeys(tree?.keys() ?? [], sub));
      const meta = tree?.get(sub);
      if (!meta) return errors(res, 404);
      return ok({
        ...meta,
        cas_required: false,
        custom_metadata: null,
        delete_version_after: '0s',
      });
    }
    if (type === 'database') {
      const maps = {
        config: state.dbConnections,
        roles: state.dynamicRoles,
        'static-roles': state.staticRoles,
      } as const;
      const m = (maps as Record<string, Map<string, Map<string, unknown>>>)[
        op
      ]?.get(mount);
      if (!(op in maps)) return errors(res, 404);
      if (isList && !sub) return list([...(m?.keys() ?? [])].sort());
      if (isList || !sub) return errors(res, 405, 'unsupported operation');
      if (op === 'static-roles') {
        return one(state.staticRoles.get(mount), sub, r => {
          const {
            lastRotationAgo,
            rotation_period,
            rotation_schedule,
            rotation_window,
            ...rest2
          } = r;
          const last = Date.now() - lastRotationAgo * 1000;
          // one of the two styles, never both (path_roles.go pathStaticRoleRead)
          const style = rotation_schedule
            ? {
                rotation_schedule,
                ...(rotation_window ? { rotation_window } : {}),
              }
            : { rotation_period };
          const next = last + (rotation_period || 86400) * 1000;
          return {
            ...rest2,
            ...style,
            last_vault_rotation: new Date(last).toISOString(),
            ttl: Math.max(0, Math.floor((next - Date.now()) / 1000)),
            credential_config: {},
          };
        });
      }
      if (op === 'roles')
        return one(state.dynamicRoles.get(mount), sub, r => ({
          ...r,
          renew_statements: [],
          rollback_statements: [],
        }));
      return one(state.dbConnections.get(mount), sub, c => c);
    }
    return errors(res, 404);
  };

  // per node: an internal HTTP server + a public TCP front that accepts the LIST verb
  const sockets = new Set<net.Socket>();
  const inners: Array<{ stop(): Promise<void> }> = [];
  const fronts: net.Server[] = [];
  const urls: string[] = [];
  for (let node = 0; node < nodeStatus.length; node++) {
    const inner = await listen((req, res) => {
      handler(req, res, node).catch(e => {
        if (!res.headersSent) errors(res, 500, String((e as Error).message));
      });
    }, 0);
    inners.push(inner);
    const innerPort = Number(new URL(inner.url).port);
    const front = net.createServer(client => {
      const upstream = net.connect(innerPort, '127.0.0.1');
      sockets.add(client);
      sockets.add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      client.pipe(new ListVerbRewriter()).pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      // the demo port for the first node; the others on free ports
      front.listen(node === 0 ? options.port : 0, '127.0.0.1', () => resolve());
    });
    fronts.push(front);
    urls.push(`http://127.0.0.1:${(front.address() as net.AddressInfo).port}`);
  }

  return {
    url: urls[0],
    get nodes() {
      return urls.map((u, i) => ({ url: u, status: nodeStatus[i] }));
    },
    setNodeStatus(index, status) {
      if (index < 0 || index >= nodeStatus.length)
        throw new Error(
          `Vault stand-in: no node ${index} (it has ${nodeStatus.length})`,
        );
      nodeStatus[index] = status;
    },
    violations,
    get requests() {
      return requests;
    },
    state,
    setFaults(f) {
      faults = { ...faults, ...f };
    },
    resetRequests() {
      requests = [];
    },
    addKvV1Mount(mount, secrets) {
      addKvV1Mount(state, mount, secrets);
    },
    forbid(...paths) {
      traps.push(...paths);
    },
    stop: async () => {
      for (const sock of sockets) sock.destroy();
      for (const front of fronts)
        await new Promise<void>(resolve => front.close(() => resolve()));
      for (const inner of inners) await inner.stop();
    },
  };
}
