import { LoggerService } from '@backstage/backend-plugin-api';
import type { ArgocdInstanceConfig } from '../config';
import {
  ArgocdUpstreamError,
  errorFromStatus,
  toUpstreamError,
} from './errors';

/** Minimal typing of the ArgoCD JSON we read (grpc-gateway shapes). @internal */
export type ArgoJson = Record<string, any>;

/** Fields the fleet view asks the list endpoint for (kept light over 1,000 apps). @internal */
export const LIST_FIELDS = [
  'items.metadata.name',
  'items.metadata.labels',
  'items.spec.project',
  'items.spec.sources',
  'items.spec.source',
  'items.spec.destination',
  'items.spec.syncPolicy',
  'items.status.sync.status',
  'items.status.sync.revision',
  'items.status.sync.revisions',
  'items.status.health',
  'items.status.operationState.phase',
  'items.status.operationState.startedAt',
  'items.status.operationState.finishedAt',
];

/**
 * HTTP client of one ArgoCD API server: bearer token or session login, a
 * timeout on every call, clear errors, and coalescing of identical concurrent
 * GETs into one upstream call.
 * @internal
 */
export class ArgocdClient {
  readonly #inflight = new Map<string, Promise<unknown>>();
  #sessionToken?: Promise<string>;
  /** Upstream HTTP calls made (tests, bench). */
  calls = 0;

  constructor(
    readonly config: ArgocdInstanceConfig,
    private readonly logger: LoggerService,
  ) {}

  get name() {
    return this.config.name;
  }

  listApplications(
    opts: { fields?: string[]; selector?: string } = {},
  ): Promise<ArgoJson[]> {
    const q = new URLSearchParams();
    if (opts.fields) q.set('fields', opts.fields.join(','));
    if (opts.selector) q.set('selector', opts.selector);
    const qs = q.toString();
    return this.get(
      `/api/v1/applications${qs ? `?${qs}` : ''}`,
      'the application list',
    ).then(body => {
      if (
        body === null ||
        typeof body !== 'object' ||
        !('items' in body || 'metadata' in body)
      ) {
        throw this.malformed('the application list', 'no items');
      }
      const items = (body as ArgoJson).items ?? [];
      if (!Array.isArray(items))
        throw this.malformed('the application list', 'items is not an array');
      return items as ArgoJson[];
    });
  }

  getApplication(name: string, refresh?: 'normal' | 'hard'): Promise<ArgoJson> {
    const q = new URLSearchParams();
    if (refresh) q.set('refresh', refresh);
    if (this.config.project) q.set('project', this.config.project);
    const qs = q.toString();
    const what = `application '${name}'`;
    return this.get(
      `/api/v1/applications/${encodeURIComponent(name)}${qs ? `?${qs}` : ''}`,
      what,
    ).then(body => this.checkApp(body, what));
  }

  getResourceTree(name: string): Promise<ArgoJson[]> {
    const q = this.config.project
      ? `?project=${encodeURIComponent(this.config.project)}`
      : '';
    const what = `the resource tree of '${name}'`;
    return this.get(
      `/api/v1/applications/${encodeURIComponent(name)}/resource-tree${q}`,
      what,
    ).then(body => {
      if (body === null || typeof body !== 'object')
        throw this.malformed(what, 'not an object');
      const nodes = (body as ArgoJson).nodes ?? [];
      if (!Array.isArray(nodes))
        throw this.malformed(what, 'nodes is not an array');
      return nodes as ArgoJson[];
    });
  }

  sync(name: string, body: ArgoJson): Promise<ArgoJson> {
    const what = `a sync of '${name}'`;
    return this.request(
      'POST',
      `/api/v1/applications/${encodeURIComponent(name)}/sync`,
      what,
      {
        name,
        ...body,
      },
    ).then(b => this.checkApp(b, what));
  }

  rollback(name: string, id: number): Promise<ArgoJson> {
    const what = `a rollback of '${name}'`;
    return this.request(
      'POST',
      `/api/v1/applications/${encodeURIComponent(name)}/rollback`,
      what,
      {
        name,
        id,
      },
    ).then(b => this.checkApp(b, what));
  }

  private checkApp(body: unknown, what: string): ArgoJson {
    if (
      body === null ||
      typeof body !== 'object' ||
      typeof (body as ArgoJson).metadata?.name !== 'string'
    ) {
      throw this.malformed(what, 'no metadata.name');
    }
    return body as ArgoJson;
  }

  private malformed(what: string, why: string) {
    return new ArgocdUpstreamError({
      kind: 'malformed',
      argocdInstance: this.name,
      message: `ArgoCD '${this.name}' answered ${what} with a malformed body (${why})`,
    });
  }

  /** GET, coalesced: identical concurrent calls share one upstream request. */
  private get(path: string, what: string): Promise<unknown> {
    const existing = this.#inflight.get(path);
    if (existing) return existing;
    const p = this.request('GET', path, what).finally(() =>
      this.#inflight.delete(path),
    );
    this.#inflight.set(path, p);
    return p;
  }

  private async token(force = false): Promise<string> {
    if (this.config.token) return this.config.token;
    if (!this.#sessionToken || force) {
      this.#sessionToken = this.login().catch(e => {
        this.#sessionToken = undefined;
        throw e;
      });
    }
    return this.#sessionToken;
  }

  private async login(): Promise<string> {
    const body = (await this.raw(
      'POST',
      '/api/v1/session',
      'a session login',
      undefined,
      {
        username: this.config.username,
        password: this.config.password,
      },
    )) as ArgoJson;
    if (typeof body?.token !== 'string' || !body.token) {
      throw this.malformed('a session login', 'no token');
    }
    this.logger.info(
      `Logged in to ArgoCD '${this.name}' as ${this.config.username}`,
    );
    return body.token;
  }

  private async request(
    method: string,
    path: string,
    what: string,
    body?: unknown,
  ): Promise<unknown> {
    const token = await this.token();
    try {
      return await this.raw(method, path, what, token, body);
    } catch (e) {
      // an expired session token: log in again once
      if (
        e instanceof ArgocdUpstreamError &&
        e.kind === 'unauthorized' &&
        !this.config.token
      ) {
        return this.raw(method, path, what, await this.token(true), body);
      }
      throw e;
    }
  }

  private async raw(
    method: string,
    path: string,
    what: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<unknown> {
    this.calls++;
    let res: Response;
    try {
      res = await fetch(`${this.config.url}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (e) {
      const err = e as Error;
      if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
        throw new ArgocdUpstreamError({
          kind: 'timeout',
          argocdInstance: this.name,
          message: `ArgoCD '${this.name}' did not answer ${what} within ${this.config.timeoutMs} ms`,
        });
      }
      throw toUpstreamError(this.name, e);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      const err = e as Error;
      if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
        throw new ArgocdUpstreamError({
          kind: 'timeout',
          argocdInstance: this.name,
          message: `ArgoCD '${this.name}' did not finish answering ${what} within ${this.config.timeoutMs} ms`,
        });
      }
      throw toUpstreamError(this.name, e);
    }
    if (!res.ok) throw errorFromStatus(this.name, what, res.status, text);
    try {
      return JSON.parse(text);
    } catch {
      throw this.malformed(
        what,
        `not JSON: ${JSON.stringify(text.slice(0, 60))}`,
      );
    }
  }
}
