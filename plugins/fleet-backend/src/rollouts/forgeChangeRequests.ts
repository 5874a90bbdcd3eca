/*
 * The state of the GitOps repository's change requests, by plain fetch to the
 * forge's REST API (pegase-node's ForgeClient opens and updates
 * them but cannot say whether one was merged nor close it):
 * GitLab `GET/PUT /projects/:id/merge_requests[/:iid]` (state opened, merged,
 * closed, locked), GitHub `GET/PATCH /repos/:owner/:repo/pulls[/:number]`
 * (state open/closed, `merged_at`).
 */
import type { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  redactUrlCredentials,
  type GitopsSettings,
} from '@pcscol/plugin-pegase-node';
import type { ChangeRequestForge, ForgeChangeRequest } from './ports';

interface ForgeHttp {
  apiBaseUrl: string;
  project: string;
  token?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

async function call(
  http: ForgeHttp,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<any> {
  const doFetch = http.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(http.timeoutMs),
    });
  } catch (e) {
    throw new Error(
      redactUrlCredentials(
        `${method} ${url} failed: ${
          (e as Error).name === 'TimeoutError'
            ? `no answer within ${http.timeoutMs} ms`
            : (e as Error).message
        }`,
      ),
    );
  }
  const text = await res.text();
  if (!res.ok) {
    throw new Error(
      redactUrlCredentials(
        `${method} ${url} answered ${res.status}: ${text.slice(0, 200)}`,
      ),
    );
  }
  return text ? JSON.parse(text) : undefined;
}

/** GitLab merge requests. */
export class GitlabChangeRequests implements ChangeRequestForge {
  readonly kind = 'gitlab' as const;
  readonly #base: string;
  readonly #headers: Record<string, string>;
  constructor(private readonly http: ForgeHttp) {
    this.#base = `${http.apiBaseUrl.replace(
      /\/+$/,
      '',
    )}/projects/${encodeURIComponent(http.project)}/merge_requests`;
    this.#headers = http.token ? { 'PRIVATE-TOKEN': http.token } : {};
  }
  #of(mr: any): ForgeChangeRequest {
    // opened, merged, closed, locked (a transient state of a merge)
    let state: ForgeChangeRequest['state'] = 'closed';
    if (mr.state === 'merged') state = 'merged';
    else if (mr.state === 'opened' || mr.state === 'locked') state = 'open';
    return { number: mr.iid, url: mr.web_url, state };
  }
  async findByBranch(branch: string) {
    const q = new URLSearchParams({
      state: 'all',
      source_branch: branch,
      order_by: 'created_at',
      sort: 'desc',
      per_page: '20',
    });
    const list = (await call(
      this.http,
      'GET',
      `${this.#base}?${q}`,
      this.#headers,
    )) as any[];
    const mr = (list ?? []).find(m => m.source_branch === branch);
    return mr ? this.#of(mr) : undefined;
  }
  async get(number: number) {
    return this.#of(
      await call(this.http, 'GET', `${this.#base}/${number}`, this.#headers),
    );
  }
  async close(number: number) {
    await call(this.http, 'PUT', `${this.#base}/${number}`, this.#headers, {
      state_event: 'close',
    });
  }
}

/** GitHub pull requests. */
export class GithubChangeRequests implements ChangeRequestForge {
  readonly kind = 'github' as const;
  readonly #base: string;
  readonly #owner: string;
  readonly #headers: Record<string, string>;
  constructor(private readonly http: ForgeHttp) {
    const [owner, repo] = http.project.split('/');
    this.#owner = owner;
    this.#base = `${http.apiBaseUrl.replace(
      /\/+$/,
      '',
    )}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/pulls`;
    this.#headers = {
      'x-github-api-version': '2022-11-28',
      ...(http.token ? { authorization: `Bearer ${http.token}` } : {}),
    };
  }
  #of(pr: any): ForgeChangeRequest {
    // a merged pull request is `closed` with `merged_at` set
    let state: ForgeChangeRequest['state'] = 'closed';
    if (pr.merged_at || pr.merged) state = 'merged';
    else if (pr.state === 'open') state = 'open';
    return { number: pr.number, url: pr.html_url, state };
  }
  async findByBranch(branch: string) {
    const q = new URLSearchParams({
      state: 'all',
      head: `${this.#owner}:${branch}`,
      sort: 'created',
      direction: 'desc',
      per_page: '20',
    });
    const list = (await call(
      this.http,
      'GET',
      `${this.#base}?${q}`,
      this.#headers,
    )) as any[];
    const pr = (list ?? []).find(p => p.head?.ref === branch);
    return pr ? this.#of(pr) : undefined;
  }
  async get(number: number) {
    return this.#of(
      await call(this.http, 'GET', `${this.#base}/${number}`, this.#headers),
    );
  }
  async close(number: number) {
    await call(this.http, 'PATCH', `${this.#base}/${number}`, this.#headers, {
      state: 'closed',
    });
  }
}

/** The client of the configured forge. */
export function changeRequestForge(
  kind: 'gitlab' | 'github',
  http: ForgeHttp,
): ChangeRequestForge {
  return kind === 'gitlab'
    ? new GitlabChangeRequests(http)
    : new GithubChangeRequests(http);
}

/**
 * The client of the GitOps repository's forge from Backstage's SCM
 * integrations (`integrations.gitlab[]`/`github[]` of `forgeHost`), as the
 * publisher (pegase-node's resolveForge) resolves it for opening change requests.
 */
export async function changeRequestForgeFromConfig(
  config: Config,
  settings: Pick<
    GitopsSettings,
    'forge' | 'forgeHost' | 'project' | 'timeoutMs'
  >,
): Promise<ChangeRequestForge> {
  const integrations = ScmIntegrations.fromConfig(config);
  const { forge, forgeHost, project, timeoutMs } = settings;
  if (forge === 'gitlab') {
    const integration = integrations.gitlab.byHost(forgeHost);
    if (!integration) {
      throw new Error(
        `No integrations.gitlab entry has host '${forgeHost}' (pegase.gitops.forgeHost)`,
      );
    }
    return new GitlabChangeRequests({
      apiBaseUrl: integration.config.apiBaseUrl!,
      project,
      token: integration.config.token,
      timeoutMs,
    });
  }
  const integration = integrations.github.byHost(forgeHost);
  if (!integration) {
    throw new Error(
      `No integrations.github entry has host '${forgeHost}' (pegase.gitops.forgeHost)`,
    );
  }
  const { token } = await DefaultGithubCredentialsProvider.fromIntegrations(
    integrations,
  ).getCredentials({ url: `https://${forgeHost}/${project}` });
  return new GithubChangeRequests({
    apiBaseUrl: integration.config.apiBaseUrl ?? `https://api.${forgeHost}`,
    project,
    token,
    timeoutMs,
  });
}
