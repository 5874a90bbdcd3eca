import { createHmac, randomUUID } from 'node:crypto';
import { PushedCommit } from './merge';

/** Where a forge stand-in delivers its push webhooks. @public */
export interface WebhookTarget {
  /** The receiver, e.g. `<backend>/api/events/http/gitops`. */
  url: string;
  /** GitLab's secret token (`X-Gitlab-Token`) / GitHub's HMAC secret. */
  secret?: string;
  /** GitHub only: `form` sends `payload=<json>` form-encoded (default `json`). */
  contentType?: 'json' | 'form';
}

/** One webhook delivery and the receiver's answer. @public */
export interface WebhookDelivery {
  event: string;
  url: string;
  headers: Record<string, string>;
  payload: Record<string, unknown>;
  /** HTTP status answered, or 0 when the receiver could not be reached. */
  status: number;
  /** Milliseconds until the answer. */
  ms: number;
  error?: string;
}

/**
 * What a push lists, and how it under-reports when asked: `empty` leaves
 * every commit's file lists empty (GitHub on very large commits), `capped`
 * keeps at most `cap` files per list (GitHub: 3000 per commit).
 * @public
 */
export type UnderReport = { mode: 'empty' } | { mode: 'capped'; cap: number };

function files(list: string[], under?: UnderReport) {
  if (!under) return list;
  return under.mode === 'empty' ? [] : list.slice(0, under.cap);
}

/**
 * A GitLab push (or tag push) event, with the keys of GitLab's "Push
 * events" / "Tag events" (doc/user/project/integrations/webhook_events.md and
 * the recorded `apis/gitlab/push-event.webhook.json`): at most 20 commits,
 * `total_commits_count` counting them all.
 */
export function gitlabPushPayload(options: {
  kind: 'push' | 'tag_push';
  ref: string;
  before: string;
  after: string;
  commits: PushedCommit[];
  project: {
    id: number;
    path: string;
    webUrl: string;
    defaultBranch: string;
    /** The HTTP clone URL (`git_http_url`); default `<webUrl>.git`. */
    httpCloneUrl?: string;
  };
  under?: UnderReport;
}): Record<string, unknown> {
  const { project } = options;
  const httpCloneUrl = project.httpCloneUrl ?? `${project.webUrl}.git`;
  const listed = options.commits.slice(-20);
  return {
    object_kind: options.kind,
    event_name: options.kind,
    before: options.before,
    after: options.after,
    ref: options.ref,
    ref_protected: options.kind === 'push',
    checkout_sha: /^0+$/.test(options.after) ? null : options.after,
    message: null,
    user_id: 1,
    user_name: 'Pégase Reviewer',
    user_username: 'reviewer',
    user_email: '',
    user_avatar: '',
    project_id: project.id,
    project: {
      id: project.id,
      name: project.path.split('/').pop(),
      description: '',
      web_url: project.webUrl,
      avatar_url: null,
      git_ssh_url: `git@stand-in:${project.path}.git`,
      git_http_url: httpCloneUrl,
      namespace: project.path.split('/')[0],
      visibility_level: 0,
      path_with_namespace: project.path,
      default_branch: project.defaultBranch,
      ci_config_path: null,
      homepage: project.webUrl,
      url: `git@stand-in:${project.path}.git`,
      ssh_url: `git@stand-in:${project.path}.git`,
      http_url: httpCloneUrl,
    },
    commits: listed.map(c => ({
      id: c.sha,
      message: `${c.message}\n`,
      title: c.message.split('\n')[0],
      timestamp: c.timestamp,
      url: `${project.webUrl}/-/commit/${c.sha}`,
      author: { name: c.authorName, email: c.authorEmail },
      added: files(c.added, options.under),
      modified: files(c.modified, options.under),
      removed: files(c.removed, options.under),
    })),
    total_commits_count: options.commits.length,
    push_options: {},
    repository: {
      name: project.path.split('/').pop(),
      url: `git@stand-in:${project.path}.git`,
      description: '',
      homepage: project.webUrl,
      git_http_url: httpCloneUrl,
      git_ssh_url: `git@stand-in:${project.path}.git`,
      visibility_level: 0,
    },
  };
}

/**
 * A GitHub push event, with the keys of GitHub's "push" webhook payload
 * (octokit/webhooks `push` schema and the recorded
 * `apis/github/push-event.webhook.json`): up to 2048 commits.
 */
export function githubPushPayload(options: {
  ref: string;
  before: string;
  after: string;
  commits: PushedCommit[];
  repository: {
    id: number;
    fullName: string;
    htmlUrl: string;
    apiUrl: string;
    defaultBranch: string;
    /** The HTTP clone URL (`clone_url`); default `<htmlUrl>.git`. */
    cloneUrl?: string;
  };
  under?: UnderReport;
}): Record<string, unknown> {
  const { repository } = options;
  const [owner, name] = repository.fullName.split('/');
  const commit = (c: PushedCommit) => ({
    id: c.sha,
    tree_id: '',
    distinct: true,
    message: c.message,
    timestamp: c.timestamp,
    url: `${repository.htmlUrl}/commit/${c.sha}`,
    author: { name: c.authorName, email: c.authorEmail, username: null },
    committer: {
      name: c.committerName,
      email: c.committerEmail,
      username: null,
    },
    added: files(c.added, options.under),
    removed: files(c.removed, options.under),
    modified: files(c.modified, options.under),
  });
  const listed = options.commits.slice(0, 2048).map(commit);
  return {
    ref: options.ref,
    before: options.before,
    after: options.after,
    repository: {
      id: repository.id,
      name,
      full_name: repository.fullName,
      private: true,
      owner: { name: owner, login: owner },
      html_url: repository.htmlUrl,
      url: repository.htmlUrl,
      clone_url: repository.cloneUrl ?? `${repository.htmlUrl}.git`,
      default_branch: repository.defaultBranch,
      master_branch: repository.defaultBranch,
    },
    pusher: { name: 'reviewer', email: 'reviewer@pegase.invalid' },
    sender: { login: 'reviewer', id: 2, type: 'User' },
    created: /^0+$/.test(options.before),
    deleted: /^0+$/.test(options.after),
    forced: false,
    base_ref: null,
    compare: `${repository.htmlUrl}/compare/${options.before.slice(
      0,
      12,
    )}...${options.after.slice(0, 12)}`,
    commits: listed,
    head_commit: listed.length ? listed[listed.length - 1] : null,
  };
}

/**
 * Delivers a webhook as GitLab does (`X-Gitlab-Event`, `X-Gitlab-Token`,
 * `X-Gitlab-Instance`, `X-Gitlab-Webhook-UUID`, `X-Gitlab-Event-UUID`,
 * `Idempotency-Key`: GitLab docs, "Webhooks", delivery headers) and gives up
 * after 10 s, as GitLab's default webhook timeout does.
 */
export async function deliverGitlabHook(
  target: WebhookTarget,
  event: string,
  payload: Record<string, unknown>,
  instanceUrl: string,
): Promise<WebhookDelivery> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitLab/17.11.0-stand-in',
    'x-gitlab-event': event,
    'x-gitlab-instance': instanceUrl,
    'x-gitlab-webhook-uuid': randomUUID(),
    'x-gitlab-event-uuid': randomUUID(),
    'idempotency-key': randomUUID(),
    ...(target.secret ? { 'x-gitlab-token': target.secret } : {}),
  };
  return deliver(
    target.url,
    event,
    headers,
    Buffer.from(JSON.stringify(payload)),
    payload,
  );
}

/**
 * Delivers a webhook as GitHub does (`X-GitHub-Event`, `X-GitHub-Delivery`,
 * `X-GitHub-Hook-ID`, `X-Hub-Signature` and `X-Hub-Signature-256`, the
 * HMACs of the raw body: GitHub docs, "Webhook events and payloads",
 * delivery headers; "Validating webhook deliveries"), as JSON or form
 * encoded (`payload=`), and gives up after 10 s as GitHub does.
 */
export async function deliverGithubHook(
  target: WebhookTarget,
  event: string,
  payload: Record<string, unknown>,
): Promise<WebhookDelivery> {
  const json = JSON.stringify(payload);
  const body = Buffer.from(
    target.contentType === 'form'
      ? new URLSearchParams({ payload: json }).toString()
      : json,
  );
  const headers: Record<string, string> = {
    'content-type':
      target.contentType === 'form'
        ? 'application/x-www-form-urlencoded'
        : 'application/json',
    'user-agent': 'GitHub-Hookshot/stand-in',
    'x-github-event': event,
    'x-github-delivery': randomUUID(),
    'x-github-hook-id': '1',
    'x-github-hook-installation-target-type': 'repository',
    'x-github-hook-installation-target-id': '200',
  };
  if (target.secret) {
    headers['x-hub-signature'] = `sha1=${createHmac('sha1', target.secret)
      .update(body)
      .digest('hex')}`;
    headers['x-hub-signature-256'] = `sha256=${createHmac(
      'sha256',
      target.secret,
    )
      .update(body)
      .digest('hex')}`;
  }
  return deliver(target.url, event, headers, body, payload);
}

/** Both forges time a delivery out after 10 s. */
const DELIVERY_TIMEOUT_MS = 10_000;

async function deliver(
  url: string,
  event: string,
  headers: Record<string, string>,
  body: Buffer,
  payload: Record<string, unknown>,
): Promise<WebhookDelivery> {
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return {
      event,
      url,
      headers,
      payload,
      status: res.status,
      ms: Date.now() - started,
    };
  } catch (e) {
    return {
      event,
      url,
      headers,
      payload,
      status: 0,
      ms: Date.now() - started,
      error: (e as Error).message,
    };
  }
}
