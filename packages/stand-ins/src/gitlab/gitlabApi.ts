import http from 'node:http';
import { delay, listen, sendJson } from '../listen';
import { RunningStandIn, StandInOptions } from '../types';
import { GitCommit, GitRepository } from '../forge/gitRepository';
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
  deliverGitlabHook,
  gitlabPushPayload,
  UnderReport,
  WebhookDelivery,
  WebhookTarget,
} from '../forge/pushHook';

/**
 * GitLab's limit on an issuable's description: `Issuable::DESCRIPTION_LENGTH_MAX
 * = 1.megabyte` (app/models/concerns/issuable.rb; the API documents
 * "Limited to 1,048,576 characters", lib/api/merge_requests.rb), refused with
 * `render_validation_error!`: 400 `{"message":{"description":[…]}}`.
 * @public
 */
export const GITLAB_DESCRIPTION_MAX = 1_048_576;

/** Consecutive failed deliveries after which GitLab disables a hook (docs, "Webhooks", auto-disabled hooks). */
const HOOK_FAILURES_BEFORE_DISABLED = 4;

/** Options of {@link startGitlabApi}. @public */
export interface GitlabStandInOptions extends StandInOptions {
  /** Project paths that exist (default `['pegase/gitops']`; `faults.projects` too). */
  projects?: string[];
  /**
   * Project path -> a real git repository (bare or not) whose branches, commits
   * and archives the project serves (`repository/commits`, `repository/archive`).
   * These projects exist too.
   */
  repositories?: Record<string, string>;
  /**
   * Project path -> the URL its repository is cloned from over HTTP
   * (`http_url_to_repo`, and the push webhook's `git_http_url` and
   * `http_url`, which GitLab takes from it: app/models/project.rb,
   * `Project#hook_attrs`); default
   * `<stand-in>/<path>.git`. start-all gives the git server's URL, where the
   * demo's repository really is, so that a push names the repository a
   * catalog reading that server knows.
   */
  cloneUrls?: Record<string, string>;
  /** Where merges deliver the push webhook (and `sendPush` / `sendTagPush`). */
  webhook?: WebhookTarget;
  /** The project's merge method: `merge` (a merge commit, default) or `ff` (fast-forward only). */
  mergeMethod?: 'merge' | 'ff';
  /**
   * Faults: `readOnly: true` answers 403 to writes; `failNext: <status>` answers
   * that status once to the next API call; `rateLimited: n` answers the next n
   * API calls 429 with `Retry-After: retryAfterSeconds` (default 30);
   * `underReport` makes the push webhooks list no file (`empty`) or at most
   * `cap` files per list.
   */
  faults?: GitlabStandInFaults;
}

/** The switches of the GitLab stand-in, changeable while it runs (`faults`). @public */
export type GitlabStandInFaults = {
  readOnly?: boolean;
  failNext?: number;
  projects?: string[];
  rateLimited?: number;
  retryAfterSeconds?: number;
  underReport?: UnderReport;
};

/** A running GitLab stand-in. @public */
export interface GitlabStandIn extends RunningStandIn {
  /** Every API call, in order. */
  calls: ForgeCall[];
  /** Merge requests, by project path. */
  mergeRequests: Map<string, GitlabMergeRequest[]>;
  /** The switches, changeable while it runs. */
  faults: GitlabStandInFaults;
  /** Every webhook delivery, in order. */
  deliveries: WebhookDelivery[];
  /** Whether GitLab disabled the hook after 4 failed deliveries in a row. */
  hookDisabled(): boolean;
  /** Sends the push webhook of a branch moved from `before` to its head. */
  sendPush(
    project: string,
    branch: string,
    before: string,
  ): Promise<WebhookDelivery | undefined>;
  /** Sends a tag push webhook (`Tag Push Hook`, `object_kind: tag_push`). */
  sendTagPush(
    project: string,
    tag: string,
    sha: string,
  ): Promise<WebhookDelivery | undefined>;
}

/** A merge request as GitLab's REST API v4 answers it (the recorded shape). @public */
export type GitlabMergeRequest = Record<string, unknown> & {
  id: number;
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed' | 'merged';
  source_branch: string;
  target_branch: string;
  web_url: string;
};

const ARCHIVE_FORMATS = new Map<string, 'tar.gz' | 'tar' | 'zip'>([
  ['tar.gz', 'tar.gz'],
  ['tgz', 'tar.gz'],
  ['tar', 'tar'],
  ['zip', 'zip'],
]);

const USER = {
  id: 1,
  name: 'Pégase Portal',
  username: 'pegase-portal',
  state: 'active',
  avatar_url: null,
  web_url: '',
};

/**
 * A GitLab REST API v4 stand-in: projects, merge requests (list with filters
 * and pagination, get, create, update), with GitLab's error answers (401, 403,
 * 404, 409 for a second open MR of a source branch, 400/422 for bad input).
 * It records every call (`calls`, and `GET /__stand-in/calls`).
 * @public
 */
export async function startGitlabApi(
  options: GitlabStandInOptions,
): Promise<GitlabStandIn> {
  const projects = [
    ...(options.projects ?? options.faults?.projects ?? ['pegase/gitops']),
  ];
  const repositories = new Map<string, GitRepository>();
  const defaultBranches = new Map<string, string>();
  for (const [project, gitDir] of Object.entries(options.repositories ?? {})) {
    if (!projects.includes(project)) projects.push(project);
    const repo = new GitRepository(gitDir);
    repositories.set(project, repo);
    defaultBranches.set(project, await repo.defaultBranch());
  }
  const calls: ForgeCall[] = [];
  const mergeRequests = new Map<string, GitlabMergeRequest[]>();
  let nextId = 1000;
  let baseUrl = '';
  const faults: GitlabStandInFaults = { ...(options.faults ?? {}) };
  const deliveries: WebhookDelivery[] = [];
  let hookFailures = 0;

  const cloneUrlOf = (path: string) =>
    options.cloneUrls?.[path] ?? `${baseUrl}/${path}.git`;

  const projectJson = (path: string) => {
    const index = projects.indexOf(path);
    const [namespace] = path.split('/');
    return {
      id: 100 + index,
      name: path.split('/').pop(),
      path: path.split('/').pop(),
      path_with_namespace: path,
      name_with_namespace: path.replace(/\//g, ' / '),
      namespace: {
        id: 10,
        name: namespace,
        path: namespace,
        kind: 'group',
        full_path: path.split('/').slice(0, -1).join('/'),
      },
      default_branch: defaultBranches.get(path) ?? 'main',
      visibility: 'private',
      web_url: `${baseUrl}/${path}`,
      http_url_to_repo: cloneUrlOf(path),
    };
  };

  const resolveProject = (id: string): string | undefined => {
    const decoded = decodeURIComponent(id);
    if (/^\d+$/.test(decoded)) return projects[Number(decoded) - 100];
    return projects.includes(decoded) ? decoded : undefined;
  };

  const pageHeaders = (
    url: URL,
    page: number,
    perPage: number,
    total: number,
  ): Record<string, string> => {
    const totalPages = Math.max(1, Math.ceil(total / perPage));
    const headers: Record<string, string> = {
      'x-total': String(total),
      'x-total-pages': String(totalPages),
      'x-per-page': String(perPage),
      'x-page': String(page),
      'x-next-page': page < totalPages ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
    };
    if (page < totalPages) {
      const next = new URL(url.toString(), baseUrl);
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${baseUrl}${next.pathname}${next.search}>; rel="next"`;
    }
    return headers;
  };

  const commitJson = (project: string, c: GitCommit) => ({
    id: c.sha,
    short_id: c.sha.slice(0, 11),
    created_at: c.committedDate,
    parent_ids: c.parents,
    title: c.message.split('\n')[0],
    message: c.message,
    author_name: c.authorName,
    author_email: c.authorEmail,
    authored_date: c.authoredDate,
    committer_name: c.committerName,
    committer_email: c.committerEmail,
    committed_date: c.committedDate,
    trailers: {},
    extended_trailers: {},
    web_url: `${baseUrl}/${project}/-/commit/${c.sha}`,
  });

  // GET /projects/:id/repository/commits: newest first, `ref_name` (default
  // branch when absent), `path`, `since`, `until`, offset pagination. Like
  // GitLab, an unknown ref lists no commit (200 []).
  const listCommits = async (
    project: string,
    repo: GitRepository,
    url: URL,
    query: Record<string, string>,
  ): Promise<ForgeAnswer> => {
    const ref = query.ref_name || defaultBranches.get(project)!;
    const perPage = Math.min(
      100,
      Math.max(1, Number(query.per_page ?? 20) || 20),
    );
    const page = Math.max(1, Number(query.page ?? 1) || 1);
    const sha = await repo.resolve(ref);
    const { commits, total } = sha
      ? await repo.log(sha, {
          path: query.path,
          skip: (page - 1) * perPage,
          max: perPage,
          since: query.since,
          until: query.until,
        })
      : { commits: [], total: 0 };
    return {
      status: 200,
      body: commits.map(c => commitJson(project, c)),
      headers: pageHeaders(url, page, perPage, total),
    };
  };

  // GET /projects/:id/repository/archive[.format]?sha=&path=: `git archive`
  // under GitLab's top folder `<project>-<ref>-<sha>[-<path>]/`.
  const archive = async (
    project: string,
    repo: GitRepository,
    req: http.IncomingMessage,
    extension: string | undefined,
    query: Record<string, string>,
  ): Promise<ForgeAnswer> => {
    // GitLab refuses archive downloads that look like cross-site hotlinks:
    // a fetch() in CORS mode (what Node's fetch sends by default).
    if (req.headers['sec-fetch-mode'] === 'cors')
      return { status: 406, body: { message: '406 Not Acceptable' } };
    const format = ARCHIVE_FORMATS.get(extension ?? query.format ?? 'tar.gz');
    const notFound = { status: 404, body: { message: '404 File Not Found' } };
    if (!format) return notFound;
    const ref = query.sha || defaultBranches.get(project)!;
    const sha = await repo.resolve(ref);
    const path = query.path?.replace(/^\/+|\/+$/g, '') || undefined;
    if (!sha || (path && !(await repo.hasPath(sha, path)))) return notFound;
    const prefix = [
      project.split('/').pop(),
      ref.replace(/\//g, '-'),
      sha,
      ...(path ? [path.replace(/\//g, '-')] : []),
    ].join('-');
    const raw = await repo.archive(sha, format, prefix, path);
    const contentType = {
      'tar.gz': 'application/gzip',
      tar: 'application/x-tar',
      zip: 'application/zip',
    }[format];
    return {
      status: 200,
      body: undefined,
      raw,
      headers: {
        'content-type': contentType,
        'content-disposition': `attachment; filename="${prefix}.${format}"`,
      },
    };
  };

  const projectHook = (project: string) => ({
    id: projectJson(project).id,
    path: project,
    webUrl: `${baseUrl}/${project}`,
    defaultBranch: defaultBranches.get(project) ?? 'main',
    httpCloneUrl: cloneUrlOf(project),
  });

  // GitLab disables a hook after 4 failed deliveries in a row; a success resets the count.
  const deliver = async (event: string, payload: Record<string, unknown>) => {
    if (!options.webhook || hookFailures >= HOOK_FAILURES_BEFORE_DISABLED)
      return undefined;
    const delivery = await deliverGitlabHook(
      options.webhook,
      event,
      payload,
      baseUrl,
    );
    deliveries.push(delivery);
    if (delivery.status >= 200 && delivery.status < 300) hookFailures = 0;
    else hookFailures += 1;
    return delivery;
  };

  const sendPush = async (project: string, branch: string, before: string) => {
    const repo = repositories.get(project);
    if (!repo) return undefined;
    const after = (await branchHead(repo.gitDir, branch)) ?? '0'.repeat(40);
    const commits = /^0+$/.test(after)
      ? []
      : await pushedCommits(repo.gitDir, before, after);
    return deliver(
      'Push Hook',
      gitlabPushPayload({
        kind: 'push',
        ref: `refs/heads/${branch}`,
        before,
        after,
        commits,
        project: projectHook(project),
        under: faults.underReport,
      }),
    );
  };

  const sendTagPush = (project: string, tag: string, sha: string) =>
    deliver(
      'Tag Push Hook',
      gitlabPushPayload({
        kind: 'tag_push',
        ref: `refs/tags/${tag}`,
        before: '0'.repeat(40),
        after: sha,
        commits: [],
        project: projectHook(project),
      }),
    );

  const refreshSha = async (project: string, mr: GitlabMergeRequest) => {
    const repo = repositories.get(project);
    if (!repo || mr.state !== 'opened') return;
    mr.sha = (await branchHead(repo.gitDir, mr.source_branch)) ?? null;
  };

  // PUT /projects/:id/merge_requests/:iid/merge (lib/api/merge_requests.rb,
  // "Merge a merge request"): 405 when it cannot be merged (not open, draft,
  // conflicts, a fast-forward project whose target moved), 409 when `sha` is
  // not the source's head ("SHA does not match HEAD of source branch"), 422
  // "Branch cannot be merged" when the merge itself fails; else the merge
  // request, `state: merged`, and the target branch moved in the repository,
  // then the push webhook.
  const merge = async (
    project: string,
    mr: GitlabMergeRequest,
    body: Record<string, unknown>,
  ): Promise<ForgeAnswer> => {
    const notAllowed = {
      status: 405,
      body: { message: '405 Method Not Allowed' },
    };
    if (mr.state !== 'opened' || mr.work_in_progress) return notAllowed;
    const repo = repositories.get(project);
    if (!repo) {
      // no repository behind the project: the state alone changes
      Object.assign(mr, mergedState(null));
      return { status: 200, body: mr };
    }
    const head = await branchHead(repo.gitDir, mr.source_branch);
    if (!head) return notAllowed;
    if (typeof body.sha === 'string' && body.sha !== head) {
      return {
        status: 409,
        body: { message: `SHA does not match HEAD of source branch: ${head}` },
      };
    }
    const outcome = await mergeBranches(repo.gitDir, {
      source: mr.source_branch,
      target: mr.target_branch,
      method: options.mergeMethod === 'ff' ? 'ff' : 'merge',
      message:
        typeof body.merge_commit_message === 'string'
          ? body.merge_commit_message
          : `Merge branch '${mr.source_branch}' into '${mr.target_branch}'\n\n${mr.title}\n\nSee merge request ${project}!${mr.iid}`,
      committer: { name: 'Pégase Reviewer', email: 'reviewer@pegase.invalid' },
      expectedSourceSha: head,
    });
    if (
      outcome.status === 'conflict' ||
      outcome.status === 'not-fast-forward'
    ) {
      mr.merge_status = 'cannot_be_merged';
      mr.has_conflicts = outcome.status === 'conflict';
      return notAllowed;
    }
    if (outcome.status !== 'merged') {
      return { status: 422, body: { message: 'Branch cannot be merged' } };
    }
    mr.sha = head;
    Object.assign(mr, mergedState(outcome.mergeCommit ?? null));
    const remove =
      body.should_remove_source_branch === true ||
      mr.force_remove_source_branch === true;
    if (remove) await deleteBranch(repo.gitDir, mr.source_branch);
    // GitLab sends the hook from a background job, after answering
    sendPush(project, mr.target_branch, outcome.before).catch(() => undefined);
    return { status: 200, body: mr };
  };

  const handle = async (
    req: http.IncomingMessage,
    url: URL,
    requestBody: Record<string, unknown>,
  ): Promise<ForgeAnswer> => {
    const query = Object.fromEntries(url.searchParams.entries());
    if (options.token) {
      const auth =
        String(req.headers['private-token'] ?? '') ||
        String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (auth !== options.token)
        return { status: 401, body: { message: '401 Unauthorized' } };
    }
    if (faults.failNext) {
      const status = faults.failNext;
      faults.failNext = undefined;
      return { status, body: { message: `${status} stand-in fault` } };
    }
    if (faults.rateLimited && faults.rateLimited > 0) {
      faults.rateLimited -= 1;
      return rateLimitedAnswer(faults.retryAfterSeconds ?? 30);
    }
    const repoRoute =
      /^\/api\/v4\/projects\/([^/]+)\/repository\/(commits|archive(?:\.([a-z0-9.]+))?)\/?$/.exec(
        url.pathname,
      );
    if (repoRoute) {
      const project = resolveProject(repoRoute[1]);
      if (!project)
        return { status: 404, body: { message: '404 Project Not Found' } };
      if (req.method !== 'GET')
        return { status: 405, body: { message: '405 Method Not Allowed' } };
      const repo = repositories.get(project);
      if (!repo)
        return { status: 404, body: { message: '404 Repository Not Found' } };
      return repoRoute[2] === 'commits'
        ? listCommits(project, repo, url, query)
        : archive(project, repo, req, repoRoute[3], query);
    }
    const m =
      /^\/api\/v4\/projects\/([^/]+)(\/merge_requests(?:\/(\d+)(\/merge)?)?)?\/?$/.exec(
        url.pathname,
      );
    if (!m) return { status: 404, body: { error: '404 Not Found' } };
    const project = resolveProject(m[1]);
    if (!project)
      return { status: 404, body: { message: '404 Project Not Found' } };
    const method = req.method ?? 'GET';
    if (method !== 'GET' && faults.readOnly)
      return { status: 403, body: { message: '403 Forbidden' } };
    const list = mergeRequests.get(project) ?? [];
    mergeRequests.set(project, list);
    if (!m[2]) {
      return method === 'GET'
        ? { status: 200, body: projectJson(project) }
        : { status: 405, body: { message: '405 Method Not Allowed' } };
    }
    const iid = m[3] ? Number(m[3]) : undefined;
    if (iid === undefined && method === 'GET') {
      let found = list.filter(
        mr =>
          (!query.state || query.state === 'all' || mr.state === query.state) &&
          (!query.source_branch || mr.source_branch === query.source_branch) &&
          (!query.target_branch || mr.target_branch === query.target_branch),
      );
      found = [...found].sort((a, b) => b.iid - a.iid);
      const perPage = Math.min(
        100,
        Math.max(1, Number(query.per_page ?? 20) || 20),
      );
      const page = Math.max(1, Number(query.page ?? 1) || 1);
      return {
        status: 200,
        body: found.slice((page - 1) * perPage, page * perPage),
        headers: pageHeaders(url, page, perPage, found.length),
      };
    }
    if (iid === undefined && method === 'POST') {
      const body = requestBody;
      for (const k of ['source_branch', 'target_branch', 'title']) {
        if (typeof body[k] !== 'string' || !(body[k] as string).trim())
          return { status: 400, body: { error: `${k} is missing` } };
      }
      const tooLong = descriptionTooLong(body.description);
      if (tooLong) return tooLong;
      if (body.source_branch === body.target_branch) {
        return {
          status: 422,
          body: {
            message: [
              "You can't use same project/branch for source and target",
            ],
          },
        };
      }
      const open = list.find(
        mr =>
          mr.state === 'opened' &&
          mr.source_branch === body.source_branch &&
          mr.target_branch === body.target_branch,
      );
      if (open) {
        return {
          status: 409,
          body: {
            message: [
              `Another open merge request already exists for this source branch: !${open.iid}`,
            ],
          },
        };
      }
      const now = new Date().toISOString();
      const newIid = list.reduce((max, mr) => Math.max(max, mr.iid), 0) + 1;
      const mr: GitlabMergeRequest = {
        id: nextId++,
        iid: newIid,
        project_id: projectJson(project).id,
        title: String(body.title),
        description: String(body.description ?? ''),
        state: 'opened',
        created_at: now,
        updated_at: now,
        merged_by: null,
        merged_at: null,
        closed_by: null,
        closed_at: null,
        target_branch: String(body.target_branch),
        source_branch: String(body.source_branch),
        user_notes_count: 0,
        upvotes: 0,
        downvotes: 0,
        assignee: null,
        author: USER,
        assignees: [],
        reviewers: [],
        source_project_id: projectJson(project).id,
        target_project_id: projectJson(project).id,
        labels: Array.isArray(body.labels) ? body.labels : [],
        work_in_progress: String(body.title).startsWith('Draft:'),
        milestone: null,
        merge_when_pipeline_succeeds: false,
        merge_status: 'can_be_merged',
        sha: null,
        merge_commit_sha: null,
        discussion_locked: null,
        should_remove_source_branch: null,
        force_remove_source_branch: Boolean(body.remove_source_branch),
        reference: `!${newIid}`,
        web_url: `${baseUrl}/${project}/-/merge_requests/${newIid}`,
        time_stats: {
          time_estimate: 0,
          total_time_spent: 0,
          human_time_estimate: null,
          human_total_time_spent: null,
        },
        squash: Boolean(body.squash),
        task_completion_status: { count: 0, completed_count: 0 },
        approvals_before_merge: null,
      };
      list.push(mr);
      return { status: 201, body: mr };
    }
    const mr = list.find(x => x.iid === iid);
    if (!mr) return { status: 404, body: { message: '404 Not found' } };
    if (m[4]) {
      return method === 'PUT'
        ? merge(project, mr, requestBody)
        : { status: 405, body: { message: '405 Method Not Allowed' } };
    }
    if (method === 'GET') {
      await refreshSha(project, mr);
      return { status: 200, body: mr };
    }
    if (method === 'PUT') {
      const body = requestBody;
      const tooLong = descriptionTooLong(body.description);
      if (tooLong) return tooLong;
      if (typeof body.title === 'string') {
        if (!body.title.trim())
          return { status: 400, body: { error: 'title is empty' } };
        mr.title = body.title;
        mr.work_in_progress = body.title.startsWith('Draft:');
      }
      if (typeof body.description === 'string')
        mr.description = body.description;
      if (typeof body.target_branch === 'string')
        mr.target_branch = body.target_branch;
      if (body.state_event === 'close') mr.state = 'closed';
      if (body.state_event === 'reopen') mr.state = 'opened';
      mr.updated_at = new Date().toISOString();
      return { status: 200, body: mr };
    }
    return { status: 405, body: { message: '405 Method Not Allowed' } };
  };

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      await delay(options.latencyMs);
      if (url.pathname === '/__stand-in/calls') {
        sendJson(res, 200, calls);
        return;
      }
      // the web page of a merge request (what the change request link opens)
      const page = /^\/(.+)\/-\/merge_requests\/(\d+)$/.exec(url.pathname);
      if (page && req.method === 'GET') {
        const mr = mergeRequests
          .get(page[1])
          ?.find(x => x.iid === Number(page[2]));
        res.writeHead(mr ? 200 : 404, {
          'content-type': 'text/html; charset=utf-8',
        });
        res.end(mr ? mergeRequestPage(page[1], mr) : 'Not found');
        return;
      }
      await answerForgeRequest(req, res, url, {
        handle,
        calls,
        notJsonBody: { error: 'the body is not JSON' },
        badRequestBody: message => ({ error: `bad request: ${message}` }),
      });
    } catch (e) {
      sendJson(res, 400, { error: `bad request: ${(e as Error).message}` });
    }
  }, options.port);
  baseUrl = server.url;
  return {
    ...server,
    calls,
    mergeRequests,
    faults,
    deliveries,
    hookDisabled: () => hookFailures >= HOOK_FAILURES_BEFORE_DISABLED,
    sendPush,
    sendTagPush,
  };
}

/** The fields a merge sets on a merge request (GitLab's MergeRequest entity). */
function mergedState(mergeCommit: string | null) {
  const now = new Date().toISOString();
  return {
    state: 'merged' as const,
    merged_by: USER,
    merge_user: USER,
    merged_at: now,
    updated_at: now,
    merge_commit_sha: mergeCommit,
    merge_status: 'can_be_merged',
  };
}

/** GitLab's 400 for a description over {@link GITLAB_DESCRIPTION_MAX}. */
function descriptionTooLong(description: unknown): ForgeAnswer | undefined {
  if (
    typeof description !== 'string' ||
    description.length <= GITLAB_DESCRIPTION_MAX
  )
    return undefined;
  return {
    status: 400,
    body: {
      message: {
        description: [
          `is too long (maximum is ${GITLAB_DESCRIPTION_MAX} characters)`,
        ],
      },
    },
  };
}

/**
 * GitLab's throttled answer (lib/gitlab/rack_attack.rb `throttled_responder`,
 * `Gitlab::Throttle.rate_limiting_response_text` default "Retry later"):
 * 429, text/plain, `Retry-After` and the `RateLimit-*` headers.
 */
function rateLimitedAnswer(retryAfter: number): ForgeAnswer {
  const reset = Math.floor(Date.now() / 1000) + retryAfter;
  return {
    status: 429,
    body: undefined,
    raw: Buffer.from('Retry later\n'),
    headers: {
      'content-type': 'text/plain',
      'retry-after': String(retryAfter),
      'ratelimit-name': 'throttle_authenticated_api',
      'ratelimit-limit': '2000',
      'ratelimit-observed': '2001',
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(reset),
      'ratelimit-resettime': new Date(reset * 1000).toUTCString(),
    },
  };
}

function mergeRequestPage(project: string, mr: GitlabMergeRequest) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(
    mr.title,
  )} (!${mr.iid}) · ${escapeHtml(project)}</title></head>
<body><p>GitLab stand-in · ${escapeHtml(project)}</p><h1>${escapeHtml(
    mr.title,
  )}</h1>
<p>!${mr.iid} · ${mr.state} · <code>${escapeHtml(
    mr.source_branch,
  )}</code> → <code>${escapeHtml(mr.target_branch)}</code></p>
<pre>${escapeHtml(mr.description)}</pre></body></html>`;
}
