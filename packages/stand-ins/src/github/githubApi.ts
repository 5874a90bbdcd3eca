import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { delay, listen, sendJson } from '../listen';
import { RunningStandIn, StandInOptions } from '../types';
import { GitRepository } from '../forge/gitRepository';
import {
  answerForgeRequest,
  escapeHtml,
  ForgeAnswer,
  ForgeCall,
} from '../forge/forgeServer';
import {
  branchHead,
  deleteBranch,
  mergeBranches,
  pushedCommits,
} from '../forge/merge';
import {
  deliverGithubHook,
  githubPushPayload,
  UnderReport,
  WebhookDelivery,
  WebhookTarget,
} from '../forge/pushHook';

/**
 * GitHub's limit on a pull request body: 65,536 characters, refused with 422
 * `Validation Failed`, `{resource: Issue, code: custom, field: body, message:
 * "body is too long (maximum is 65536 characters)"}` (the answer recorded in
 * renovatebot/renovate#2032 and potproject/code-agent#3).
 * @public
 */
export const GITHUB_BODY_MAX = 65_536;

/** Options of {@link startGithubApi}. @public */
export interface GithubStandInOptions extends StandInOptions {
  /**
   * Repositories (`owner/repo`) that exist (default `['pegase/gitops']`). As a
   * record, `owner/repo` -> a real git repository (bare or not) whose commits
   * and tarballs the repository serves (`commits/{ref}/status`, `tarball/{ref}`).
   */
  repositories?: string[] | Record<string, string>;
  /**
   * `owner/repo` -> the URL its repository is cloned from over HTTP
   * (`clone_url`, in the API and the push webhook's `repository`, as in the
   * recorded `apis/github/push-event.webhook.json`); default
   * `<stand-in>/<owner/repo>.git`. start-all gives the git server's URL.
   */
  cloneUrls?: Record<string, string>;
  /** Where merges deliver the push webhook (and `sendPush`). */
  webhook?: WebhookTarget;
  /**
   * `readOnly: true` answers 403 to writes; `failNext: <status>` fails the
   * next API call once; `secondaryRateLimited: n` answers the next n API calls
   * with GitHub's secondary rate limit (403, `retry-after: retryAfterSeconds`,
   * default 60); `underReport` makes push webhooks list no file or at most
   * `cap` files per list.
   */
  faults?: GithubStandInFaults;
}

/** The switches of the GitHub stand-in, changeable while it runs (`faults`). @public */
export type GithubStandInFaults = {
  readOnly?: boolean;
  failNext?: number;
  repositories?: string[];
  secondaryRateLimited?: number;
  retryAfterSeconds?: number;
  underReport?: UnderReport;
};

/** A pull request as GitHub's REST API answers it (the fields clients read). @public */
export type GithubPullRequest = Record<string, unknown> & {
  id: number;
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  html_url: string;
  head: { ref: string; label: string; sha: string; [key: string]: unknown };
  base: { ref: string; label: string; [key: string]: unknown };
};

/** A running GitHub stand-in. @public */
export interface GithubStandIn extends RunningStandIn {
  calls: ForgeCall[];
  /** Pull requests, by `owner/repo`. */
  pullRequests: Map<string, GithubPullRequest[]>;
  /** The switches, changeable while it runs. */
  faults: GithubStandInFaults;
  /** Every webhook delivery, in order. */
  deliveries: WebhookDelivery[];
  /** Sends the push webhook of a branch moved from `before` to its head. */
  sendPush(
    repository: string,
    branch: string,
    before: string,
  ): Promise<WebhookDelivery | undefined>;
}

const DOCS = 'https://docs.github.com/rest';

/**
 * A GitHub REST API stand-in: repositories and pull requests (list with
 * `state`/`head`/`base` filters and Link pagination, get, create, update),
 * with GitHub's errors (401 Bad credentials, 403, 404 Not Found, 422
 * Validation Failed, e.g. a second pull request for the same head). It records
 * every call (`calls`, and `GET /__stand-in/calls`).
 * @public
 */
export async function startGithubApi(
  options: GithubStandInOptions,
): Promise<GithubStandIn> {
  const gitRepos = new Map<string, GitRepository>();
  const defaultBranches = new Map<string, string>();
  if (options.repositories && !Array.isArray(options.repositories)) {
    for (const [full, gitDir] of Object.entries(options.repositories)) {
      const repo = new GitRepository(gitDir);
      gitRepos.set(full, repo);
      defaultBranches.set(full, await repo.defaultBranch());
    }
  }
  let repositories = [...(options.faults?.repositories ?? ['pegase/gitops'])];
  if (Array.isArray(options.repositories))
    repositories = [...options.repositories];
  else if (gitRepos.size) repositories = [...gitRepos.keys()];
  // the codeload-like download URLs carry this instead of the API token
  const downloadToken = randomBytes(16).toString('hex');
  const calls: ForgeCall[] = [];
  const pullRequests = new Map<string, GithubPullRequest[]>();
  let nextId = 5000;
  let baseUrl = '';
  const faults: GithubStandInFaults = { ...(options.faults ?? {}) };
  const deliveries: WebhookDelivery[] = [];

  const cloneUrlOf = (full: string) =>
    options.cloneUrls?.[full] ?? `${baseUrl}/${full}.git`;

  const repoJson = (full: string) => {
    const [owner, name] = full.split('/');
    return {
      id: 200 + repositories.indexOf(full),
      node_id: `R_${Buffer.from(full).toString('base64')}`,
      name,
      full_name: full,
      private: true,
      owner: { login: owner, id: 20, type: 'Organization' },
      html_url: `${baseUrl}/${full}`,
      url: `${baseUrl}/repos/${full}`,
      clone_url: cloneUrlOf(full),
      archive_url: `${baseUrl}/repos/${full}/{archive_format}{/ref}`,
      default_branch: defaultBranches.get(full) ?? 'main',
      permissions: {
        admin: false,
        push: !options.faults?.readOnly,
        pull: true,
      },
    };
  };

  const validation = (message: string, code = 'custom', field?: string) => ({
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'PullRequest',
          code,
          ...(field ? { field } : {}),
          ...(code === 'custom' ? { message } : {}),
        },
      ],
      documentation_url: `${DOCS}/pulls/pulls#create-a-pull-request`,
      status: '422',
    },
  });

  // GET /repos/{owner}/{repo}/commits/{ref}/status: the combined status of a
  // ref (no status reported: `pending`), with the commit SHA and the repository.
  const combinedStatus = async (
    full: string,
    repo: GitRepository,
    ref: string,
  ): Promise<ForgeAnswer> => {
    const sha = await repo.resolve(ref);
    if (!sha)
      return {
        status: 404,
        body: { message: 'Not Found', documentation_url: DOCS, status: '404' },
      };
    return {
      status: 200,
      body: {
        state: 'pending',
        statuses: [],
        sha,
        total_count: 0,
        repository: repoJson(full),
        commit_url: `${baseUrl}/repos/${full}/commits/${sha}`,
        url: `${baseUrl}/repos/${full}/commits/${sha}/status`,
      },
    };
  };

  // GET /repos/{owner}/{repo}/tarball|zipball/{ref}: GitHub answers 302 to a
  // download host with a short-lived token; here a path of this server.
  const downloadRedirect = async (
    full: string,
    repo: GitRepository,
    kind: 'tarball' | 'zipball',
    ref: string | undefined,
  ): Promise<ForgeAnswer> => {
    const sha = await repo.resolve(ref ?? defaultBranches.get(full)!);
    if (!sha)
      return {
        status: 404,
        body: { message: 'Not Found', documentation_url: DOCS, status: '404' },
      };
    const format = kind === 'tarball' ? 'legacy.tar.gz' : 'legacy.zip';
    return {
      status: 302,
      body: undefined,
      raw: Buffer.alloc(0),
      headers: {
        location: `${baseUrl}/__codeload/${full}/${format}/${sha}?token=${downloadToken}`,
      },
    };
  };

  // The download itself: `git archive` under GitHub's top folder
  // `<owner>-<repo>-<short sha>/`.
  const download = async (
    res: http.ServerResponse,
    url: URL,
    route: RegExpExecArray,
  ) => {
    const [, owner, name, ext, sha] = route;
    const repo = gitRepos.get(`${owner}/${name}`);
    if (
      url.searchParams.get('token') !== downloadToken ||
      !repo ||
      (await repo.resolve(sha)) !== sha
    ) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404: Not Found');
      return;
    }
    const prefix = `${owner}-${name}-${sha.slice(0, 7)}`;
    const raw = await repo.archive(
      sha,
      ext === 'tar.gz' ? 'tar.gz' : 'zip',
      prefix,
    );
    res.writeHead(200, {
      'content-type':
        ext === 'tar.gz' ? 'application/x-gzip' : 'application/zip',
      'content-disposition': `attachment; filename=${prefix}.${ext}`,
      'content-length': raw.length,
    });
    res.end(raw);
  };

  const sendPush = async (full: string, branch: string, before: string) => {
    const repo = gitRepos.get(full);
    if (!repo || !options.webhook) return undefined;
    const after = (await branchHead(repo.gitDir, branch)) ?? '0'.repeat(40);
    const commits = /^0+$/.test(after)
      ? []
      : await pushedCommits(repo.gitDir, before, after);
    const delivery = await deliverGithubHook(
      options.webhook,
      'push',
      githubPushPayload({
        ref: `refs/heads/${branch}`,
        before,
        after,
        commits,
        repository: {
          id: repoJson(full).id,
          fullName: full,
          htmlUrl: `${baseUrl}/${full}`,
          apiUrl: `${baseUrl}/repos/${full}`,
          defaultBranch: defaultBranches.get(full) ?? 'main',
          cloneUrl: cloneUrlOf(full),
        },
        under: faults.underReport,
      }),
    );
    deliveries.push(delivery);
    return delivery;
  };

  const mergeError = (status: number, message: string): ForgeAnswer => ({
    status,
    body: {
      message,
      documentation_url: `${DOCS}/pulls/pulls#merge-a-pull-request`,
      status: String(status),
    },
  });

  // PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge (GitHub REST
  // "Merge a pull request"): 200 `{sha, merged: true, message}`; 405 "Pull
  // Request is not mergeable" (closed, merged, draft, conflicts; a rebase
  // that cannot fast-forward); 409 "Head branch was modified. Review and try
  // the merge again." when `sha` is not the head; 422 for a bad
  // `merge_method`. The base branch moves in the repository, then the push
  // webhook goes out; the pull request is then `closed`, `merged: true`.
  const merge = async (
    full: string,
    pr: GithubPullRequest,
    body: Record<string, unknown>,
  ): Promise<ForgeAnswer> => {
    const method = body.merge_method ?? 'merge';
    if (!['merge', 'squash', 'rebase'].includes(String(method))) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [
            { resource: 'PullRequest', code: 'invalid', field: 'merge_method' },
          ],
          documentation_url: `${DOCS}/pulls/pulls#merge-a-pull-request`,
          status: '422',
        },
      };
    }
    if (pr.state !== 'open' || pr.draft === true)
      return mergeError(405, 'Pull Request is not mergeable');
    const repo = gitRepos.get(full);
    let sha: string;
    let before: string | undefined;
    if (repo) {
      const head = await branchHead(repo.gitDir, pr.head.ref);
      if (!head) return mergeError(405, 'Pull Request is not mergeable');
      if (typeof body.sha === 'string' && body.sha !== head)
        return mergeError(
          409,
          'Head branch was modified. Review and try the merge again.',
        );
      const defaultTitle =
        method === 'squash'
          ? `${pr.title} (#${pr.number})`
          : `Merge pull request #${pr.number} from ${pr.head.label.replace(
              ':',
              '/',
            )}`;
      const title =
        typeof body.commit_title === 'string'
          ? body.commit_title
          : defaultTitle;
      const message =
        typeof body.commit_message === 'string'
          ? body.commit_message
          : pr.title;
      const outcome = await mergeBranches(repo.gitDir, {
        source: pr.head.ref,
        target: pr.base.ref,
        method: method === 'rebase' ? 'ff' : (method as 'merge' | 'squash'),
        message: `${title}\n\n${message}`,
        committer: { name: 'GitHub', email: 'noreply@github.invalid' },
        expectedSourceSha: head,
      });
      if (outcome.status === 'moved')
        return mergeError(
          409,
          'Base branch was modified. Review and try the merge again.',
        );
      if (outcome.status !== 'merged') {
        pr.mergeable = false;
        pr.mergeable_state = 'dirty';
        return mergeError(405, 'Pull Request is not mergeable');
      }
      pr.head.sha = head;
      sha = outcome.after;
      before = outcome.before;
    } else {
      sha = randomBytes(20).toString('hex');
    }
    const now = new Date().toISOString();
    Object.assign(pr, {
      state: 'closed',
      merged: true,
      mergeable: null,
      merged_at: now,
      closed_at: now,
      updated_at: now,
      merge_commit_sha: sha,
      merged_by: { login: 'reviewer', id: 2, type: 'User' },
    });
    if (repo && before) {
      if (body.delete_branch === true)
        await deleteBranch(repo.gitDir, pr.head.ref);
      // GitHub delivers the push after answering
      sendPush(full, pr.base.ref, before).catch(() => undefined);
    }
    return {
      status: 200,
      body: { sha, merged: true, message: 'Pull Request successfully merged' },
    };
  };

  const handle = async (
    req: http.IncomingMessage,
    url: URL,
    body: Record<string, unknown>,
  ): Promise<ForgeAnswer> => {
    const query = Object.fromEntries(url.searchParams.entries());
    if (options.token) {
      const auth = String(req.headers.authorization ?? '').replace(
        /^(Bearer|token) /,
        '',
      );
      if (auth !== options.token) {
        return {
          status: 401,
          body: {
            message: 'Bad credentials',
            documentation_url: DOCS,
            status: '401',
          },
        };
      }
    }
    if (faults.secondaryRateLimited && faults.secondaryRateLimited > 0) {
      faults.secondaryRateLimited -= 1;
      return secondaryRateLimit(faults.retryAfterSeconds ?? 60);
    }
    if (faults.failNext) {
      const status = faults.failNext;
      faults.failNext = undefined;
      return {
        status,
        body: {
          message: `stand-in fault ${status}`,
          documentation_url: DOCS,
          status: String(status),
        },
      };
    }
    const notFound = {
      status: 404,
      body: { message: 'Not Found', documentation_url: DOCS, status: '404' },
    };
    const repoRoute =
      /^\/repos\/([^/]+)\/([^/]+)\/(?:commits\/(.+)\/status|(tarball|zipball)(?:\/(.+))?)\/?$/.exec(
        url.pathname,
      );
    if (repoRoute) {
      const full = `${decodeURIComponent(repoRoute[1])}/${decodeURIComponent(
        repoRoute[2],
      )}`;
      const repo = gitRepos.get(full);
      if (!repositories.includes(full) || req.method !== 'GET') return notFound;
      // a repository without content: GitHub's 409 "Git Repository is empty."
      if (!repo)
        return {
          status: 409,
          body: {
            message: 'Git Repository is empty.',
            documentation_url: DOCS,
            status: '409',
          },
        };
      if (repoRoute[3] !== undefined)
        return combinedStatus(full, repo, decodeURIComponent(repoRoute[3]));
      return downloadRedirect(
        full,
        repo,
        repoRoute[4] as 'tarball' | 'zipball',
        repoRoute[5] === undefined
          ? undefined
          : decodeURIComponent(repoRoute[5]),
      );
    }
    const m =
      /^\/repos\/([^/]+)\/([^/]+)(\/pulls(?:\/(\d+)(\/merge)?)?)?\/?$/.exec(
        url.pathname,
      );
    if (!m) return notFound;
    const full = `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`;
    if (!repositories.includes(full)) return notFound;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && faults.readOnly) {
      return {
        status: 403,
        body: {
          message: 'Resource not accessible by personal access token',
          documentation_url: DOCS,
          status: '403',
        },
      };
    }
    const owner = full.split('/')[0];
    const list = pullRequests.get(full) ?? [];
    pullRequests.set(full, list);
    if (!m[3])
      return method === 'GET'
        ? { status: 200, body: repoJson(full) }
        : notFound;
    const number = m[4] ? Number(m[4]) : undefined;
    if (number === undefined && method === 'GET') {
      const head = query.head;
      let found = list.filter(
        pr =>
          (!query.state || query.state === 'all' || pr.state === query.state) &&
          (!head ||
            pr.head.label === head ||
            (!head.includes(':') && pr.head.ref === head)) &&
          (!query.base || pr.base.ref === query.base),
      );
      found = [...found].sort((a, b) => b.number - a.number);
      const perPage = Math.min(
        100,
        Math.max(1, Number(query.per_page ?? 30) || 30),
      );
      const page = Math.max(1, Number(query.page ?? 1) || 1);
      const last = Math.max(1, Math.ceil(found.length / perPage));
      const headers: Record<string, string> = {};
      const link = (p: number, rel: string) => {
        const u = new URL(`${baseUrl}${url.pathname}${url.search}`);
        u.searchParams.set('page', String(p));
        return `<${u.toString()}>; rel="${rel}"`;
      };
      const links: string[] = [];
      if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
      if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
      if (links.length) headers.link = links.join(', ');
      return {
        status: 200,
        body: found.slice((page - 1) * perPage, page * perPage),
        headers,
      };
    }
    if (number === undefined && method === 'POST') {
      for (const k of ['title', 'head', 'base']) {
        if (typeof body[k] !== 'string' || !(body[k] as string).trim())
          return validation('', 'missing_field', k);
      }
      const headRef = String(body.head).includes(':')
        ? String(body.head).split(':')[1]
        : String(body.head);
      if (headRef === body.base)
        return validation(`No commits between ${body.base} and ${headRef}`);
      const tooLong = bodyTooLong(body.body, 'create-a-pull-request');
      if (tooLong) return tooLong;
      const label = `${owner}:${headRef}`;
      if (
        list.some(
          pr =>
            pr.state === 'open' &&
            pr.head.label === label &&
            pr.base.ref === body.base,
        )
      ) {
        return validation(`A pull request already exists for ${label}.`);
      }
      const now = new Date().toISOString();
      const n = list.reduce((max, pr) => Math.max(max, pr.number), 0) + 1;
      const pr: GithubPullRequest = {
        url: `${baseUrl}/repos/${full}/pulls/${n}`,
        id: nextId++,
        node_id: `PR_${n}`,
        html_url: `${baseUrl}/${full}/pull/${n}`,
        number: n,
        state: 'open',
        locked: false,
        title: String(body.title),
        user: { login: 'pegase-portal', id: 1, type: 'Bot' },
        body: String(body.body ?? ''),
        labels: [],
        created_at: now,
        updated_at: now,
        closed_at: null,
        merged_at: null,
        merge_commit_sha: null,
        draft: Boolean(body.draft),
        head: { label, ref: headRef, sha: '', repo: repoJson(full) },
        base: {
          label: `${owner}:${body.base}`,
          ref: String(body.base),
          sha: '',
          repo: repoJson(full),
        },
        merged: false,
        mergeable: null,
        comments: 0,
        commits: 1,
        maintainer_can_modify: Boolean(body.maintainer_can_modify),
      };
      list.push(pr);
      return { status: 201, body: pr };
    }
    const pr = list.find(x => x.number === number);
    if (!pr) return notFound;
    if (m[5]) {
      return method === 'PUT' ? merge(full, pr, body) : notFound;
    }
    if (method === 'GET') {
      const repo = gitRepos.get(full);
      if (repo && pr.state === 'open')
        pr.head.sha = (await branchHead(repo.gitDir, pr.head.ref)) ?? '';
      return { status: 200, body: pr };
    }
    if (method === 'PATCH') {
      const tooLong = bodyTooLong(body.body, 'update-a-pull-request');
      if (tooLong) return tooLong;
      if (body.title !== undefined) {
        if (typeof body.title !== 'string' || !body.title.trim())
          return validation('', 'missing_field', 'title');
        pr.title = body.title;
      }
      if (typeof body.body === 'string') pr.body = body.body;
      if (typeof body.base === 'string')
        pr.base = {
          ...pr.base,
          ref: body.base,
          label: `${owner}:${body.base}`,
        };
      if (body.state === 'closed' || body.state === 'open')
        pr.state = body.state;
      pr.updated_at = new Date().toISOString();
      return { status: 200, body: pr };
    }
    return notFound;
  };

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      await delay(options.latencyMs);
      if (url.pathname === '/__stand-in/calls') {
        sendJson(res, 200, calls);
        return;
      }
      const codeload =
        /^\/__codeload\/([^/]+)\/([^/]+)\/legacy\.(tar\.gz|zip)\/([0-9a-f]{40})$/.exec(
          url.pathname,
        );
      if (codeload && req.method === 'GET') {
        await download(res, url, codeload);
        return;
      }
      const page = /^\/([^/]+\/[^/]+)\/pull\/(\d+)$/.exec(url.pathname);
      if (page && req.method === 'GET') {
        const pr = pullRequests
          .get(page[1])
          ?.find(x => x.number === Number(page[2]));
        res.writeHead(pr ? 200 : 404, {
          'content-type': 'text/html; charset=utf-8',
        });
        res.end(pr ? pullRequestPage(page[1], pr) : 'Not found');
        return;
      }
      await answerForgeRequest(req, res, url, {
        handle,
        calls,
        notJsonBody: {
          message: 'Problems parsing JSON',
          documentation_url: DOCS,
          status: '400',
        },
        badRequestBody: message => ({ message: `bad request: ${message}` }),
      });
    } catch (e) {
      sendJson(res, 400, { message: `bad request: ${(e as Error).message}` });
    }
  }, options.port);
  baseUrl = server.url;
  return { ...server, calls, pullRequests, faults, deliveries, sendPush };
}

/** GitHub's 422 for a body over {@link GITHUB_BODY_MAX}. */
function bodyTooLong(body: unknown, doc: string): ForgeAnswer | undefined {
  if (typeof body !== 'string' || body.length <= GITHUB_BODY_MAX)
    return undefined;
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'Issue',
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${GITHUB_BODY_MAX} characters)`,
        },
      ],
      documentation_url: `${DOCS}/pulls/pulls#${doc}`,
      status: '422',
    },
  };
}

/**
 * GitHub's secondary rate limit (REST docs, "Rate limits for the REST API",
 * secondary rate limits; the message octokit's plugin-throttling matches
 * with /\bsecondary rate\b/): 403 with `retry-after`.
 */
function secondaryRateLimit(retryAfter: number): ForgeAnswer {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  return {
    status: 403,
    headers: { 'retry-after': String(retryAfter) },
    body: {
      message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
      status: '403',
    },
  };
}

function pullRequestPage(repo: string, pr: GithubPullRequest) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(
    pr.title,
  )} (#${pr.number}) · ${escapeHtml(repo)}</title></head>
<body><p>GitHub stand-in · ${escapeHtml(repo)}</p><h1>${escapeHtml(
    pr.title,
  )}</h1>
<p>#${pr.number} · ${pr.state} · <code>${escapeHtml(
    pr.head.ref,
  )}</code> → <code>${escapeHtml(pr.base.ref)}</code></p>
<pre>${escapeHtml(pr.body)}</pre></body></html>`;
}
