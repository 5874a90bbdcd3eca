import { LoggerService } from '@backstage/backend-plugin-api';
import type { ArgocdInstanceConfig } from '../config';
import {
  ArgocdUpstreamError,
  errorFromStatus,
  toUpstreamError,
} from './errors';

/** Minimal typing of the ArgoCD JSON we read (grpc-gateway shapes). @internal */
export type ArgoJson = Record<string, any>;

/**
 * Fields the fleet view asks the list endpoint for: only keys every supported
 * ArgoCD serves. From v2.6 to v3.4 the server keeps only the keys of its
 * `appFields` table (argo-cd pkg/apiclient/application/forwarder_overwrite.go):
 * `spec` as a whole (`spec.source`, `spec.syncPolicy`... give nothing before
 * v3.5), and `status.sync.revision(s)` is served by no version before v3.5
 * (`revisions` never): what runs is read from the Application itself.
 * @internal
 */
export const LIST_FIELDS = [
  'items.metadata.name',
  'items.metadata.namespace',
  'items.spec',
  'items.status.sync.status',
  'items.status.health',
  'items.status.operationState.phase',
  'items.status.operationState.startedAt',
  'items.status.operationState.finishedAt',
  'items.operation.sync',
];

/**
 * The items of a list answer, or why it is malformed. Go encodes an empty
 * list as `items: null` (argo-cd server/application/application.go List).
 * @internal
 */
export function listItemsOf(body: unknown): ArgoJson[] | string {
  if (
    body === null ||
    typeof body !== 'object' ||
    !('items' in body || 'metadata' in body)
  )
    return 'no items';
  const items = (body as ArgoJson).items ?? [];
  if (!Array.isArray(items)) return 'items is not an array';
  return items.filter(i => i && typeof i === 'object');
}

/** An Application: its name and, for applications in any namespace, its namespace. @internal */
export interface AppRef {
  name: string;
  namespace?: string;
  /** The Application's project, for an Application outside the configured `project` (add-ons). */
  project?: string;
}

/** `major.minor` of an ArgoCD server (`GET /api/version`), undefined when it does not say. @internal */
export interface ArgocdVersion {
  raw: string;
  major: number;
  minor: number;
}

/** True when `v` is at least `major.minor` (an unknown version counts as recent). @internal */
export function atLeast(
  v: ArgocdVersion | undefined,
  major: number,
  minor: number,
): boolean {
  if (!v) return true;
  return v.major > major || (v.major === major && v.minor >= minor);
}

/**
 * HTTP client of one ArgoCD API server: bearer token or session login, a
 * timeout on every call, clear errors, and coalescing of identical concurrent
 * GETs into one upstream call.
 * @internal
 */
export class ArgocdClient {
  readonly #inflight = new Map<string, Promise<unknown>>();
  #version?: Promise<ArgocdVersion | undefined>;
  #sessionToken?: Promise<string>;
  /** Upstream HTTP calls made (tests, bench). */
  calls = 0;
  /** Bytes of the last application list read (bench). */
  lastListBytes = 0;

  constructor(
    readonly config: ArgocdInstanceConfig,
    private readonly logger: LoggerService,
  ) {}

  get name() {
    return this.config.name;
  }

  listApplications(
    opts: {
      fields?: string[];
      selector?: string;
      /** Instead of the configured `project`; `[]`: every project the token reads. */
      projects?: string[];
    } = {},
  ): Promise<ArgoJson[]> {
    const q = new URLSearchParams();
    if (opts.fields) q.set('fields', opts.fields.join(','));
    if (opts.selector) q.set('selector', opts.selector);
    // with a project, single-app calls answer 404 outside it: list only it
    const projects =
      opts.projects ?? (this.config.project ? [this.config.project] : []);
    for (const p of projects) q.append('projects', p);
    const qs = q.toString();
    return this.get(
      `/api/v1/applications${qs ? `?${qs}` : ''}`,
      'the application list',
    ).then(body => {
      const items = listItemsOf(body);
      if (typeof items === 'string')
        throw this.malformed('the application list', items);
      return items;
    });
  }

  /** The server's version (`GET /api/version`), asked once per client; undefined when unreadable. */
  version(): Promise<ArgocdVersion | undefined> {
    this.#version ??= this.get('/api/version', 'its version')
      .then(body => {
        const raw = String((body as ArgoJson)?.Version ?? '');
        const m = /^v?(\d+)\.(\d+)/.exec(raw);
        return m
          ? { raw, major: Number(m[1]), minor: Number(m[2]) }
          : undefined;
      })
      .catch(e => {
        this.#version = undefined;
        this.logger.debug(
          `ArgoCD '${this.name}': version unknown: ${(e as Error).message}`,
        );
        return undefined;
      });
    return this.#version;
  }

  /** `?appNamespace=` and `?project=` of the single-app calls. */
  private appQuery(ref: AppRef, extra: Record<string, string> = {}) {
    const q = new URLSearchParams(extra);
    if (ref.namespace) q.set('appNamespace', ref.namespace);
    const project = ref.project ?? this.config.project;
    if (project) q.set('project', project);
    const qs = q.toString();
    return qs ? `?${qs}` : '';
  }

  private static label(ref: AppRef) {
    return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  }

  getApplication(ref: AppRef, refresh?: 'normal' | 'hard'): Promise<ArgoJson> {
    const what = `application '${ArgocdClient.label(ref)}'`;
    return this.get(
      `/api/v1/applications/${encodeURIComponent(ref.name)}${this.appQuery(
        ref,
        refresh ? { refresh } : {},
      )}`,
      what,
    ).then(body => this.checkApp(body, what));
  }

  getResourceTree(ref: AppRef): Promise<ArgoJson[]> {
    const what = `the resource tree of '${ArgocdClient.label(ref)}'`;
    return this.get(
      `/api/v1/applications/${encodeURIComponent(
        ref.name,
      )}/resource-tree${this.appQuery(ref)}`,
      what,
    ).then(body => {
      if (body === null || typeof body !== 'object')
        throw this.malformed(what, 'not an object');
      // Go encodes an empty list as null
      const nodes = (body as ArgoJson).nodes ?? [];
      if (!Array.isArray(nodes))
        throw this.malformed(what, 'nodes is not an array');
      return nodes as ArgoJson[];
    });
  }

  /** Requests a sync: ArgoCD answers at once, with `.operation` set (the sync runs later). */
  sync(ref: AppRef, body: ArgoJson): Promise<ArgoJson> {
    const what = `a sync of '${ArgocdClient.label(ref)}'`;
    return this.request(
      'POST',
      `/api/v1/applications/${encodeURIComponent(ref.name)}/sync`,
      what,
      this.actionBody(ref, body),
    ).then(b => this.checkApp(b, what));
  }

  /** Requests a rollback to a history entry (it runs later, as a sync). */
  rollback(ref: AppRef, id: number): Promise<ArgoJson> {
    const what = `a rollback of '${ArgocdClient.label(ref)}'`;
    return this.request(
      'POST',
      `/api/v1/applications/${encodeURIComponent(ref.name)}/rollback`,
      what,
      this.actionBody(ref, { id }),
    ).then(b => this.checkApp(b, what));
  }

  private actionBody(ref: AppRef, body: ArgoJson): ArgoJson {
    return {
      name: ref.name,
      ...(ref.namespace ? { appNamespace: ref.namespace } : {}),
      ...(this.config.project ? { project: this.config.project } : {}),
      ...body,
    };
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
    if (
      path.startsWith('/api/v1/applications?') ||
      path === '/api/v1/applications'
    )
      this.lastListBytes = Buffer.byteLength(text);
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
