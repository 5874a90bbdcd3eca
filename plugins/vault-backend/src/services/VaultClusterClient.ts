import fs from 'node:fs/promises';
import NodeVault from 'node-vault';
import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  VaultClusterInfo,
  VaultNodeInfo,
  VaultPartError,
} from '@pcscol/plugin-vault-common';
import { redactUrlCredentials } from '@pcscol/plugin-pegase-node';
import { nodeStateOf, NODE_PREFERENCE } from './nodeHealth';
import {
  assertAllowedVaultRequest,
  mountOf,
  mountTableOf,
  needsMountTable,
  normaliseVaultRequest,
  VaultMountTable,
  VaultSecretAccessError,
} from './guard';
import type { VaultClusterConfig } from '../config';

/** Counts the upstream requests one view costs. */
export interface CallCounter {
  calls: number;
}

/** An upstream failure, with a code the views show per part. */
export class VaultRequestError extends Error {
  readonly name = 'VaultRequestError';
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
  toPartError(): VaultPartError {
    return {
      code: this.code,
      message: this.message,
      ...(this.status ? { status: this.status } : {}),
    };
  }
}

type Cached = { v: unknown } | { nf: true };

/**
 * Vault's error text without its multierror frame: `1 error occurred:\n\t*
 * permission denied\n\n` -> `permission denied`; several are joined with `; `.
 */
export function vaultErrorText(message: string): string {
  const m = /^\d+ errors? occurred:\s*([\s\S]*)$/.exec(message.trim());
  if (!m) return message.trim();
  return m[1]
    .split('\n')
    .map(l => l.replace(/^\s*\*\s*/, '').trim())
    .filter(Boolean)
    .join('; ');
}

/** Options of a read: bypass the cache, or keep only some fields of the answer (before it is cached). */
export interface ReadOptions {
  fresh?: boolean;
  /** Applied to the answer BEFORE it is cached or returned: an allow-list of the fields the views show. */
  shape?: (answer: any) => unknown;
}

/**
 * One Vault cluster: node-vault client with the metadata-only guard on its
 * single request function, login and token renewal, timeouts, request
 * coalescing and caching in Backstage's cache service.
 */
export class VaultClusterClient {
  readonly config: VaultClusterConfig;
  private readonly vault: NodeVault.client;
  private readonly cache: CacheService;
  private readonly logger: LoggerService;
  private readonly inflight = new Map<string, Promise<Cached>>();
  private tokenState?: { expiresAt?: number; ttl?: number; renewable: boolean };
  private authInFlight?: Promise<void>;
  private mountMemo?: { table: VaultMountTable; at: number };
  /** Each node's last known state, and when the nodes were last probed. */
  private nodes: VaultNodeInfo[];
  private activeNode: string;
  private probedAt = 0;
  private probing?: Promise<void>;
  /** Paths refused with 403, remembered for refusalCacheSeconds. */
  private readonly refusals = new Map<
    string,
    { error: VaultRequestError; until: number }
  >();
  /** No new login on a 403 before this time (ms). */
  private reloginNotBefore = 0;
  private readonly requestOptions: Record<string, unknown>;

  constructor(
    config: VaultClusterConfig,
    deps: {
      cache: CacheService;
      logger: LoggerService;
      /** Auth mounts whose roles may be read (from `pegase.vault.mounts.kubernetesAuth`). */
      authRoleMount?: RegExp;
    },
  ) {
    this.config = config;
    this.cache = deps.cache;
    this.logger = deps.logger.child({ vaultCluster: config.name });
    this.nodes = config.nodes.map(url => ({ url, state: 'unknown' }));
    this.activeNode = config.nodes[0];
    // the cluster's CA (`ca`/`caFile`) for every node, instead of NODE_EXTRA_CA_CERTS
    this.requestOptions = {
      timeout: config.timeoutMs,
      ...(config.ca ? { ca: config.ca } : {}),
    };
    this.vault = NodeVault({
      endpoint: this.activeNode,
      apiVersion: 'v1',
      token: config.auth.method === 'token' ? config.auth.token : undefined,
      namespace: config.namespace,
      noCustomHTTPVerbs: true,
      requestOptions: this.requestOptions,
    });
    if (config.auth.method !== 'token') this.vault.token = '';
    // THE guard: every request node-vault sends goes through this function.
    const send = this.vault.request.bind(this.vault);
    this.vault.request = async (options: NodeVault.RequestOption) => {
      const mounts = needsMountTable(options.path)
        ? await this.mountTable(options.method, options.path)
        : undefined;
      assertAllowedVaultRequest(options.method, options.path, mounts, {
        authRoleMount: deps.authRoleMount,
      });
      return send(options);
    };
  }

  info(): VaultClusterInfo {
    return {
      name: this.config.name,
      region: this.config.region,
      ...(this.config.namespace ? { namespace: this.config.namespace } : {}),
      uiUrl: this.config.uiUrl,
      node: redactUrlCredentials(this.activeNode),
      ...(this.nodes.length > 1
        ? {
            nodes: this.nodes.map(n => ({
              ...n,
              url: redactUrlCredentials(n.url),
            })),
          }
        : {}),
    };
  }

  /**
   * Probes every node's `sys/health` (no query parameter: 200 active, 429
   * standby, 472 DR secondary, 473 performance standby, 501 not initialised,
   * 503 sealed) and sends the next requests to the best one: the active
   * node, else a performance standby, else a standby (which forwards to the
   * active node). With one node configured nothing is probed.
   */
  async chooseNode(failedSince?: number): Promise<void> {
    if (this.nodes.length < 2) return undefined;
    if (this.probing) return this.probing;
    const fresh =
      Date.now() - this.probedAt < this.config.cacheTtlSeconds * 1000;
    if (failedSince === undefined && fresh) return undefined;
    // a request that failed: probe again unless another probe ran since it was sent
    if (failedSince !== undefined && this.probedAt >= failedSince)
      return undefined;
    this.probing = (async () => {
      const states = await Promise.all(this.nodes.map(n => this.probe(n.url)));
      this.nodes = states;
      this.probedAt = Date.now();
      const best = NODE_PREFERENCE.map(st =>
        states.find(n => n.state === st),
      ).find(Boolean);
      if (best && best.url !== this.activeNode) {
        this.logger.info(
          `Vault ${this.config.name}: now reading from ${redactUrlCredentials(
            best.url,
          )} (${best.state})`,
        );
        this.activeNode = best.url;
        this.vault.endpoint = best.url;
      }
    })().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  /** One node's `sys/health`, through the guard like every request. */
  private async probe(url: string): Promise<VaultNodeInfo> {
    const client = NodeVault({
      endpoint: url,
      apiVersion: 'v1',
      noCustomHTTPVerbs: true,
      requestOptions: this.requestOptions,
    });
    // the raw answer: its status code is the node's state
    client.handleVaultResponse = (r: any) => r;
    const send = client.request.bind(client);
    try {
      assertAllowedVaultRequest('GET', 'sys/health');
      const r: any = await send({
        path: '/sys/health',
        method: 'GET',
        ...this.requestOptions,
      });
      const status = Number(r?.statusCode);
      return {
        url,
        state: nodeStateOf(status),
        status,
        ...(typeof r?.body?.version === 'string'
          ? { version: r.body.version }
          : {}),
      };
    } catch {
      return { url, state: 'unreachable' };
    }
  }

  /**
   * The mount table the guard judges engine paths by (`sys/mounts`, through
   * the cache): kept for cacheTtlSeconds, read again sooner (at most every 5
   * s) when no mount of it holds the path asked for.
   */
  private async mountTable(
    method: string | undefined,
    path: string,
  ): Promise<VaultMountTable> {
    const now = Date.now();
    const memo = this.mountMemo;
    const fresh =
      memo && now - memo.at < Math.max(5, this.config.cacheTtlSeconds) * 1000;
    if (memo && fresh) {
      let known = true;
      try {
        known = Boolean(
          mountOf(normaliseVaultRequest(method, path).path, memo.table),
        );
      } catch {
        known = true; // malformed: the guard refuses it
      }
      if (known || now - memo.at < 5000) return memo.table;
    }
    const answer = await this.read('sys/mounts', undefined, {
      fresh: Boolean(memo),
    });
    const table = mountTableOf(answer);
    this.mountMemo = { table, at: Date.now() };
    return table;
  }

  /** GET a path; `null` when Vault answers 404. Cached and coalesced; `shape` applies before the cache. */
  async read<T = any>(
    path: string,
    counter?: CallCounter,
    options: ReadOptions = {},
  ): Promise<T | null> {
    const { shape } = options;
    const r = await this.cached(
      `read:${path}`,
      counter,
      async () => {
        const answer = await this.vault.read(path);
        return shape && answer !== null ? shape(answer) : answer;
      },
      options.fresh,
    );
    return 'nf' in r ? null : ((r as { v: T }).v as T);
  }

  /** LIST a path (`GET ?list=1`): the keys, `[]` when Vault answers 404. */
  async list(path: string, counter?: CallCounter): Promise<string[]> {
    const r = await this.cached(`list:${path}`, counter, () =>
      this.vault.list(path),
    );
    if ('nf' in r) return [];
    const keys = ((r as { v: any }).v?.data?.keys ?? []) as unknown[];
    return keys.filter((k): k is string => typeof k === 'string');
  }

  private async cached(
    key: string,
    counter: CallCounter | undefined,
    fetch: () => Promise<any>,
    fresh = false,
  ): Promise<Cached> {
    const cacheKey = `${this.config.name}:${key}`;
    const hit = fresh
      ? undefined
      : ((await this.cache.get(cacheKey).catch(() => undefined)) as
          | Cached
          | undefined);
    if (hit) return hit;
    const refused = this.refusals.get(cacheKey);
    if (refused && refused.until > Date.now()) throw refused.error;
    if (refused) this.refusals.delete(cacheKey);
    let p = this.inflight.get(cacheKey);
    if (!p) {
      if (counter) counter.calls++;
      p = this.fetchOnActiveNode(() => this.fetchWithAuth(fetch, counter))
        .catch(e => {
          const err = this.translate(e);
          if (err.status === 403 && this.config.refusalCacheSeconds > 0)
            this.refusals.set(cacheKey, {
              error: err,
              until: Date.now() + this.config.refusalCacheSeconds * 1000,
            });
          throw err;
        })
        .then(async (v): Promise<Cached> => {
          const value: Cached = v === null ? { nf: true } : { v };
          await this.cache
            .set(cacheKey, value as any, {
              ttl: this.config.cacheTtlSeconds * 1000,
            })
            .catch(e => this.logger.warn(`cannot cache ${key}: ${e}`));
          return value;
        })
        .finally(() => this.inflight.delete(cacheKey));
      this.inflight.set(cacheKey, p);
    }
    return p;
  }

  /**
   * Runs a request on the chosen node; when that node is sealed, gone or no
   * longer active, probes the nodes again (once for all the requests that
   * failed meanwhile) and retries once on the new one.
   */
  private async fetchOnActiveNode<T>(run: () => Promise<T>): Promise<T> {
    await this.chooseNode();
    const sentAt = Date.now();
    try {
      return await run();
    } catch (e) {
      const err = this.translate(e);
      const nodeFault =
        ['sealed', 'unreachable', 'timeout'].includes(err.code) ||
        (err.status !== undefined && [429, 472, 473, 501].includes(err.status));
      if (!nodeFault || this.nodes.length < 2) throw err;
      const before = this.activeNode;
      await this.chooseNode(sentAt);
      if (this.activeNode === before) throw err;
      return run();
    }
  }

  /**
   * Runs a request with a valid token. On a 403 under AppRole or Kubernetes
   * auth it logs in again only when its own token is no longer valid
   * (lookup-self refused), and at most once per refusalCacheSeconds: a
   * missing policy does not mint a token per view.
   */
  private async fetchWithAuth(
    fetch: () => Promise<any>,
    counter?: CallCounter,
  ): Promise<any> {
    await this.ensureToken(counter);
    try {
      return await fetch();
    } catch (e) {
      const err = this.translate(e);
      if (err.status === 404) return null;
      if (
        err.status === 403 &&
        this.config.auth.method !== 'token' &&
        Date.now() >= this.reloginNotBefore
      ) {
        this.reloginNotBefore =
          Date.now() + Math.max(1, this.config.refusalCacheSeconds) * 1000;
        // Vault 1.17+ names a bad token in the 403 itself; older ones need lookup-self
        const badToken = /invalid token/.test(err.message);
        if (!badToken && (await this.ownTokenValid(counter))) throw err;
        this.tokenState = undefined;
        this.vault.token = '';
        await this.ensureToken(counter);
        try {
          return await fetch();
        } catch (e2) {
          const err2 = this.translate(e2);
          if (err2.status === 404) return null;
          throw err2;
        }
      }
      if (err.status === 403 && this.config.auth.method === 'token') {
        // tell an expired or revoked token from a missing policy
        try {
          await this.vault.tokenLookupSelf();
        } catch (e3) {
          if (this.translate(e3).status === 403) {
            throw new VaultRequestError(
              'token-expired',
              `the Vault token of cluster ${this.config.name} is expired or revoked (403 permission denied on lookup-self)`,
              403,
            );
          }
        }
      }
      throw err;
    }
  }

  /** False when Vault refuses the portal's own token (lookup-self answers 403). */
  private async ownTokenValid(counter?: CallCounter): Promise<boolean> {
    if (!this.vault.token) return false;
    if (counter) counter.calls++;
    try {
      await this.vault.tokenLookupSelf();
      return true;
    } catch (e) {
      return this.translate(e).status !== 403;
    }
  }

  /** Makes sure a valid token is set: login, or renew-self before expiry. */
  private async ensureToken(counter?: CallCounter): Promise<void> {
    if (this.authInFlight) return this.authInFlight;
    const need = this.tokenNeedsWork();
    if (!need) return undefined;
    this.authInFlight = this.refreshToken(need, counter).finally(() => {
      this.authInFlight = undefined;
    });
    return this.authInFlight;
  }

  private tokenNeedsWork(): 'login' | 'lookup' | 'renew' | undefined {
    const { method } = this.config.auth;
    if (method !== 'token' && !this.vault.token) return 'login';
    if (!this.tokenState) return method === 'token' ? 'lookup' : 'login';
    const { expiresAt, ttl } = this.tokenState;
    if (!expiresAt || !ttl) return undefined;
    const before =
      (this.config.auth.renewBeforeSeconds ?? Math.max(30, ttl / 3)) * 1000;
    const margin = Math.min(before, (ttl * 1000) / 2);
    if (expiresAt - Date.now() > margin) return undefined;
    if (this.tokenState.renewable) return 'renew';
    return method === 'token' ? undefined : 'login';
  }

  private async refreshToken(
    kind: 'login' | 'lookup' | 'renew',
    counter?: CallCounter,
  ): Promise<void> {
    const setFrom = (ttl: number, renewable: boolean) => {
      this.tokenState = {
        ttl: ttl > 0 ? ttl : undefined,
        expiresAt: ttl > 0 ? Date.now() + ttl * 1000 : undefined,
        renewable,
      };
    };
    if (counter) counter.calls++;
    try {
      if (kind === 'renew') {
        try {
          const r = await this.vault.tokenRenewSelf();
          setFrom(
            Number(r?.auth?.lease_duration ?? 0),
            Boolean(r?.auth?.renewable),
          );
          this.logger.debug('Vault token renewed');
          return;
        } catch (e) {
          this.logger.warn(
            `renewing the Vault token failed: ${this.translate(e).message}`,
          );
          if (this.config.auth.method === 'token') {
            this.tokenState = { renewable: false };
            return;
          }
        }
      }
      if (kind === 'lookup') {
        try {
          const r = await this.vault.tokenLookupSelf();
          setFrom(Number(r?.data?.ttl ?? 0), Boolean(r?.data?.renewable));
        } catch (e) {
          // lookup-self may be denied by policy: go on without renewal
          this.tokenState = { renewable: false };
          this.logger.debug(
            `Vault token lookup-self failed: ${this.translate(e).message}`,
          );
        }
        if (this.tokenNeedsWork() === 'renew') await this.refreshToken('renew');
        return;
      }
      const { auth } = this.config;
      let r: any;
      if (auth.method === 'approle') {
        r = await this.vault.approleLogin({
          role_id: auth.roleId,
          secret_id: auth.secretId,
          mount_point: auth.approleMount,
        });
      } else {
        const jwt = (await fs.readFile(auth.jwtPath, 'utf8')).trim();
        r = await this.vault.kubernetesLogin({
          role: auth.role,
          jwt,
          mount_point: auth.kubernetesMount,
        });
      }
      const token = r?.auth?.client_token;
      if (!token)
        throw new VaultRequestError(
          'auth',
          `Vault ${this.config.name}: login answered no token`,
        );
      this.vault.token = token;
      setFrom(Number(r.auth.lease_duration ?? 0), Boolean(r.auth.renewable));
    } catch (e) {
      const err = this.translate(e);
      if (
        err.code === 'sealed' ||
        err.code === 'timeout' ||
        err.code === 'unreachable'
      )
        throw err;
      throw new VaultRequestError(
        'auth',
        `cannot log in to Vault ${this.config.name} (${this.config.auth.method}): ${err.message}`,
        err.status,
      );
    }
  }

  /** Turns any failure into a {@link VaultRequestError} with a clear message. */
  translate(e: unknown): VaultRequestError {
    if (e instanceof VaultRequestError) return e;
    const name = this.config.name;
    if (e instanceof VaultSecretAccessError)
      return e.kind === 'unknown-mount'
        ? new VaultRequestError(
            'not-found',
            `not found in Vault ${name}: ${e.message}`,
            404,
          )
        : new VaultRequestError('refused', e.message);
    const err = e as any;
    const status: number | undefined = err?.response?.statusCode;
    if (status) {
      const upstream = vaultErrorText(String(err.message ?? ''));
      if (status === 503)
        return new VaultRequestError(
          'sealed',
          `Vault ${name} is sealed or unavailable (503${
            upstream ? `: ${upstream}` : ''
          })`,
          503,
        );
      if (status === 403)
        return new VaultRequestError(
          'forbidden',
          `Vault ${name} denied the request (403 ${
            upstream || 'permission denied'
          })`,
          403,
        );
      if (status === 404)
        return new VaultRequestError(
          'not-found',
          `not found in Vault ${name}`,
          404,
        );
      return new VaultRequestError(
        'error',
        `Vault ${name} answered ${status}${upstream ? `: ${upstream}` : ''}`,
        status,
      );
    }
    if (
      err?.code === 'ECONNABORTED' ||
      err?.code === 'ETIMEDOUT' ||
      /timeout/i.test(String(err?.message))
    ) {
      return new VaultRequestError(
        'timeout',
        `Vault ${name} did not answer within ${this.config.timeoutMs} ms`,
      );
    }
    if (
      typeof err?.code === 'string' &&
      /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(err.code)
    ) {
      return new VaultRequestError(
        'tls',
        `Vault ${name}: the certificate of ${redactUrlCredentials(
          this.activeNode,
        )} is not trusted (${
          err.code
        }); give the cluster's CA in pegase.vault.clusters[].ca or caFile`,
      );
    }
    if (
      [
        'ECONNREFUSED',
        'ENOTFOUND',
        'EAI_AGAIN',
        'ECONNRESET',
        'EHOSTUNREACH',
      ].includes(err?.code)
    ) {
      return new VaultRequestError(
        'unreachable',
        `Vault ${name} is unreachable at ${redactUrlCredentials(
          this.activeNode,
        )} (${err.code})`,
      );
    }
    return new VaultRequestError(
      'error',
      `Vault ${name}: ${String(err?.message ?? e)}`,
    );
  }
}
