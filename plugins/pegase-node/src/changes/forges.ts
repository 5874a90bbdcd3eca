import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { GitAuth } from './gitCli';

/** An open merge request (GitLab) or pull request (GitHub). @public */
export interface ChangeRequestRef {
  /** MR `iid` or PR `number`. */
  number: number;
  /** Web URL of the change request. */
  url: string;
}

/** What a change request says. @public */
export interface ChangeRequestContent {
  /** The branch holding the change. */
  sourceBranch: string;
  /** The branch the change goes into. */
  targetBranch: string;
  /** Title of the change request. */
  title: string;
  /** Description (Markdown) of the change request. */
  description: string;
}

/**
 * GitHub's limit on a pull request body, in characters: 422 "body is too
 * long (maximum is 65536 characters)" beyond (REST "Create a pull request",
 * as github.com and GitHub Enterprise Server 3.x answer it).
 * @public
 */
export const GITHUB_PULL_REQUEST_BODY_MAX = 65_536;

/**
 * GitLab's limit on a merge request description, in characters
 * (`Issuable::DESCRIPTION_LENGTH_MAX`, app/models/concerns/issuable.rb):
 * 400 "is too long (maximum is 1048576 characters)" beyond.
 * @public
 */
export const GITLAB_MERGE_REQUEST_DESCRIPTION_MAX = 1_048_576;

/** How rate-limited calls are retried. @public */
export interface ForgeRetryOptions {
  /** Calls in all (the first included). Default 4. */
  attempts: number;
  /** Wait when the answer gives no `Retry-After` (doubled each time). Default 1,000 ms. */
  initialDelayMs: number;
  /** Longest wait accepted: a longer `Retry-After` gives up at once. Default 120,000 ms. */
  maxDelayMs: number;
}

const DEFAULT_RETRY: ForgeRetryOptions = {
  attempts: 4,
  initialDelayMs: 1000,
  maxDelayMs: 120_000,
};

/** The REST API of the forge that hosts the GitOps repository. @public */
export interface ForgeClient {
  /** Which forge this is. */
  readonly kind: 'gitlab' | 'github';
  /** The longest change request description the forge accepts (characters). */
  readonly descriptionMax: number;
  /** Checks the project exists and the token may see it. */
  checkProject(): Promise<void>;
  /** The open change request from `sourceBranch` into `targetBranch`, if any. */
  findOpen(
    sourceBranch: string,
    targetBranch: string,
  ): Promise<ChangeRequestRef | undefined>;
  /** Opens a change request. */
  create(content: ChangeRequestContent): Promise<ChangeRequestRef>;
  /** Changes the title and description of change request `number`. */
  update(
    number: number,
    content: ChangeRequestContent,
  ): Promise<ChangeRequestRef>;
}

interface HttpOptions {
  timeoutMs: number;
  headers: Record<string, string>;
  what: string;
  retry: ForgeRetryOptions;
}

/** Thrown by {@link call} for an answer the caller may retry. */
class RateLimited extends Error {
  constructor(message: string, readonly waitMs: number | undefined) {
    super(message);
  }
}

/**
 * `Retry-After` (GitLab) / `retry-after` (GitHub) in ms: delta-seconds or an
 * HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable.
 */
export function retryAfterMs(
  value: string | null,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The forge's rate limits: GitLab answers 429 with `Retry-After`
 * (lib/gitlab/rack_attack.rb); GitHub answers its secondary rate limit with
 * 403 (or 429) "You have exceeded a secondary rate limit…" and `retry-after`
 * (REST docs, "Rate limits for the REST API"), its primary one with 403/429
 * and `x-ratelimit-remaining: 0` until `x-ratelimit-reset`.
 */
function rateLimitWait(
  status: number,
  headers: Headers,
  detail: string,
): number | undefined | false {
  const primaryExhausted = headers.get('x-ratelimit-remaining') === '0';
  if (
    status !== 429 &&
    !(
      status === 403 &&
      (/secondary rate limit/i.test(detail) || primaryExhausted)
    )
  )
    return false;
  const after = retryAfterMs(headers.get('retry-after'));
  if (after !== undefined) return after;
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (primaryExhausted && reset > 0)
    return Math.max(0, reset * 1000 - Date.now());
  return undefined;
}

/**
 * {@link callOnce}, retried with back-off while the forge answers a rate
 * limit: waits what `Retry-After` says (else 1 s, 2 s, 4 s…), at most
 * `retry.attempts` calls; then a clear error naming the limit.
 */
async function call(
  method: string,
  url: string,
  options: HttpOptions,
  body?: unknown,
): Promise<{ status: number; headers: Headers; json: any }> {
  const { attempts, initialDelayMs, maxDelayMs } = options.retry;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await callOnce(method, url, options, body);
    } catch (e) {
      if (!(e instanceof RateLimited)) throw e;
      const delay = e.waitMs ?? initialDelayMs * 2 ** (attempt - 1);
      if (attempt >= attempts || delay > maxDelayMs) {
        const why =
          attempt >= attempts
            ? `rate limited ${attempt} time(s) in a row${
                waited ? ` over ${Math.round(waited / 1000)} s` : ''
              }`
            : `rate limited, and the forge asks to wait ${Math.round(
                delay / 1000,
              )} s (more than ${Math.round(maxDelayMs / 1000)} s)`;
        throw new Error(
          `${e.message}: ${why}; nothing more was sent, run the task again later`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, delay));
      waited += delay;
    }
  }
}

async function callOnce(
  method: string,
  url: string,
  options: HttpOptions,
  body?: unknown,
): Promise<{ status: number; headers: Headers; json: any }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (e) {
    const err = e as Error;
    const why =
      err.name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs} ms`
        : err.message;
    throw new Error(`${options.what}: ${method} ${url} failed: ${why}`);
  }
  const text = await res.text();
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = { message: text.slice(0, 200).trim() };
  }
  if (res.status >= 400) {
    let detail: string;
    if (typeof json?.message === 'string') detail = json.message;
    else if (Array.isArray(json?.message)) detail = json.message.join('; ');
    else if (json?.message && typeof json.message === 'object')
      // GitLab's validation errors: {"message":{"description":["is too long …"]}}
      detail = Object.entries(json.message)
        .map(
          ([field, v]) => `${field} ${([] as unknown[]).concat(v).join(', ')}`,
        )
        .join('; ');
    else detail = json?.error ?? JSON.stringify(json ?? '').slice(0, 200);
    const extra = Array.isArray(json?.errors)
      ? `: ${json.errors
          .map((x: any) => x?.message ?? JSON.stringify(x))
          .join('; ')}`
      : '';
    const msg = `${options.what}: ${method} ${new URL(url).pathname} answered ${
      res.status
    } (${detail}${extra})`;
    const wait = rateLimitWait(res.status, res.headers, detail);
    if (wait !== false) throw new RateLimited(msg, wait);
    if (res.status === 401)
      throw new NotAllowedError(`${msg}; check the integration's token`);
    if (res.status === 403) throw new NotAllowedError(msg);
    if (res.status === 404) throw new NotFoundError(msg);
    if (res.status === 409) throw new ConflictError(msg);
    if (res.status === 422 || res.status === 400) throw new InputError(msg);
    throw new Error(msg);
  }
  return { status: res.status, headers: res.headers, json };
}

function nextLink(headers: Headers): string | undefined {
  const link = headers.get('link');
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

/** GitLab merge requests (REST API v4). @public */
export class GitlabForge implements ForgeClient {
  readonly kind = 'gitlab' as const;
  readonly descriptionMax = GITLAB_MERGE_REQUEST_DESCRIPTION_MAX;
  readonly #api: string;
  readonly #project: string;
  readonly #http: HttpOptions;

  constructor(options: {
    apiBaseUrl: string;
    project: string;
    token?: string;
    timeoutMs: number;
    retry?: Partial<ForgeRetryOptions>;
  }) {
    this.#api = options.apiBaseUrl.replace(/\/+$/, '');
    this.#project = encodeURIComponent(options.project);
    this.#http = {
      timeoutMs: options.timeoutMs,
      headers: options.token ? { 'PRIVATE-TOKEN': options.token } : {},
      what: `GitLab project ${options.project}`,
      retry: { ...DEFAULT_RETRY, ...options.retry },
    };
  }

  async checkProject() {
    await call('GET', `${this.#api}/projects/${this.#project}`, this.#http);
  }

  async findOpen(sourceBranch: string, targetBranch: string) {
    const q = new URLSearchParams({
      state: 'opened',
      source_branch: sourceBranch,
      target_branch: targetBranch,
      per_page: '100',
    });
    let url: string | undefined = `${this.#api}/projects/${
      this.#project
    }/merge_requests?${q}`;
    for (let pages = 0; url && pages < 50; pages++) {
      const res = await call('GET', url, this.#http);
      const found = (res.json as any[]).find(
        mr => mr.source_branch === sourceBranch && mr.state === 'opened',
      );
      if (found) return { number: found.iid, url: found.web_url };
      const next = res.headers.get('x-next-page');
      url = next
        ? `${this.#api}/projects/${
            this.#project
          }/merge_requests?${q}&page=${next}`
        : nextLink(res.headers);
    }
    return undefined;
  }

  async create(c: ChangeRequestContent) {
    const res = await call(
      'POST',
      `${this.#api}/projects/${this.#project}/merge_requests`,
      this.#http,
      {
        source_branch: c.sourceBranch,
        target_branch: c.targetBranch,
        title: c.title,
        description: c.description,
        remove_source_branch: true,
      },
    );
    return { number: res.json.iid, url: res.json.web_url };
  }

  async update(number: number, c: ChangeRequestContent) {
    const res = await call(
      'PUT',
      `${this.#api}/projects/${this.#project}/merge_requests/${number}`,
      this.#http,
      {
        title: c.title,
        description: c.description,
        target_branch: c.targetBranch,
      },
    );
    return { number: res.json.iid, url: res.json.web_url };
  }
}

/** GitHub pull requests (REST API v3). @public */
export class GithubForge implements ForgeClient {
  readonly kind = 'github' as const;
  readonly descriptionMax = GITHUB_PULL_REQUEST_BODY_MAX;
  readonly #api: string;
  readonly #owner: string;
  readonly #repo: string;
  readonly #http: HttpOptions;

  constructor(options: {
    apiBaseUrl: string;
    project: string;
    token?: string;
    timeoutMs: number;
    retry?: Partial<ForgeRetryOptions>;
  }) {
    this.#api = options.apiBaseUrl.replace(/\/+$/, '');
    [this.#owner, this.#repo] = options.project.split('/');
    this.#http = {
      timeoutMs: options.timeoutMs,
      headers: {
        'x-github-api-version': '2022-11-28',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      what: `GitHub repository ${options.project}`,
      retry: { ...DEFAULT_RETRY, ...options.retry },
    };
  }

  #repoPath() {
    return `${this.#api}/repos/${encodeURIComponent(
      this.#owner,
    )}/${encodeURIComponent(this.#repo)}`;
  }

  async checkProject() {
    await call('GET', this.#repoPath(), this.#http);
  }

  async findOpen(sourceBranch: string, targetBranch: string) {
    const q = new URLSearchParams({
      state: 'open',
      head: `${this.#owner}:${sourceBranch}`,
      base: targetBranch,
      per_page: '100',
    });
    let url: string | undefined = `${this.#repoPath()}/pulls?${q}`;
    for (let pages = 0; url && pages < 50; pages++) {
      const res = await call('GET', url, this.#http);
      const found = (res.json as any[]).find(
        pr => pr.head?.ref === sourceBranch && pr.state === 'open',
      );
      if (found) return { number: found.number, url: found.html_url };
      url = nextLink(res.headers);
    }
    return undefined;
  }

  async create(c: ChangeRequestContent) {
    try {
      const res = await call('POST', `${this.#repoPath()}/pulls`, this.#http, {
        title: c.title,
        body: c.description,
        head: c.sourceBranch,
        base: c.targetBranch,
      });
      return { number: res.json.number, url: res.json.html_url };
    } catch (e) {
      // 422 "A pull request already exists for owner:branch." (REST "Create a pull request")
      if (
        e instanceof InputError &&
        /pull request already exists/i.test(e.message)
      )
        throw new ConflictError(e.message);
      throw e;
    }
  }

  async update(number: number, c: ChangeRequestContent) {
    const res = await call(
      'PATCH',
      `${this.#repoPath()}/pulls/${number}`,
      this.#http,
      {
        title: c.title,
        body: c.description,
        base: c.targetBranch,
      },
    );
    return { number: res.json.number, url: res.json.html_url };
  }
}

/**
 * The REST API of a GitHub host when its integration names no `apiBaseUrl`:
 * `https://api.github.com` for github.com, `https://<host>/api/v3` for GitHub
 * Enterprise Server (as Backstage's GitHub integration documents `apiBaseUrl`
 * for GHE, and as GHE serves its REST API).
 * @public
 */
export function githubApiBaseUrl(host: string, configured?: string): string {
  if (configured) return configured;
  return host === 'github.com'
    ? 'https://api.github.com'
    : `https://${host}/api/v3`;
}

/**
 * The forge client and the git credentials of the GitOps repository, from
 * Backstage's SCM integrations (`integrations.gitlab[]` / `integrations.github[]`
 * entry whose host is `forgeHost`).
 * @public
 */
export async function resolveForge(options: {
  integrations: ScmIntegrationRegistry;
  forge: 'gitlab' | 'github';
  forgeHost: string;
  project: string;
  gitToken?: string;
  timeoutMs: number;
}): Promise<{ client: ForgeClient; gitAuth?: GitAuth }> {
  const { integrations, forge, forgeHost, project, timeoutMs } = options;
  if (forge === 'gitlab') {
    const integration = integrations.gitlab.byHost(forgeHost);
    if (!integration) {
      throw new Error(
        `No integrations.gitlab entry has host '${forgeHost}' (pegase.gitops.forgeHost, default the host of pegase.gitops.repoUrl)`,
      );
    }
    const { apiBaseUrl, token } = integration.config;
    const gitToken = options.gitToken ?? token;
    return {
      client: new GitlabForge({
        apiBaseUrl: apiBaseUrl!,
        project,
        token,
        timeoutMs,
      }),
      gitAuth: gitToken
        ? { username: 'oauth2', password: gitToken }
        : undefined,
    };
  }
  const integration = integrations.github.byHost(forgeHost);
  if (!integration) {
    throw new Error(
      `No integrations.github entry has host '${forgeHost}' (pegase.gitops.forgeHost, default the host of pegase.gitops.repoUrl)`,
    );
  }
  const provider = DefaultGithubCredentialsProvider.fromIntegrations(
    integrations as any,
  );
  const { token } = await provider.getCredentials({
    url: `https://${forgeHost}/${project}`,
  });
  const gitToken = options.gitToken ?? token;
  return {
    client: new GithubForge({
      apiBaseUrl: githubApiBaseUrl(forgeHost, integration.config.apiBaseUrl),
      project,
      token,
      timeoutMs,
    }),
    gitAuth: gitToken
      ? { username: 'x-access-token', password: gitToken }
      : undefined,
  };
}
