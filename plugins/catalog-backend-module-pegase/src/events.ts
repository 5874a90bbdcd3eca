/** A Git push, from a GitLab or GitHub webhook payload. @public */
export interface GitPush {
  /** `gitlab` or `github`. */
  forge: 'gitlab' | 'github';
  /** Branch name (from `refs/heads/<branch>`), undefined for tags. */
  branch?: string;
  /** Tag name (from `refs/tags/<tag>`): a tag push changes no branch. */
  tag?: string;
  /** Commit before the push. */
  before?: string;
  /** Commit after the push. */
  after?: string;
  /** URLs naming the repository (web, clone). */
  repositoryUrls: string[];
  /** Every file added, modified or removed by the pushed commits. */
  changedFiles: string[];
  /**
   * False when the file lists may under-report the push (then every provider
   * is re-read): see {@link parsePushPayload}.
   */
  complete: boolean;
  /** Why the lists are not trusted, when `complete` is false. */
  doubt?: string;
}

/**
 * The forges' caps on a push payload. GitHub (webhook docs, "push" event, and
 * octokit/webhooks' schema `push-event`): `commits` holds at most 2048
 * commits and each commit lists at most 3000 changed files per list; on very
 * large commits the lists come empty. GitLab (doc/user/project/integrations/
 * webhook_events.md, "Push events"; lib/gitlab/data_builder/push.rb): at most
 * 20 commits, `total_commits_count` counts them all.
 * @public
 */
export const PUSH_PAYLOAD_LIMITS = {
  githubCommits: 2048,
  githubFilesPerList: 3000,
  gitlabCommits: 20,
} as const;

const ZERO_SHA = /^0+$/;

function strings(v: unknown): string[] {
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : [];
}

function header(
  headers: Record<string, unknown> | undefined,
  name: string,
): string | undefined {
  const v = headers?.[name] ?? headers?.[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s : undefined;
}

/**
 * The kind of a webhook delivery from its event header: GitLab's
 * `X-Gitlab-Event` (`Push Hook`, `Tag Push Hook`, `System Hook`…) or GitHub's
 * `X-GitHub-Event` (`push`, `ping`…). Undefined without either header (an
 * event relayed by the events bus carries no headers: the payload decides).
 * @public
 */
export function webhookEventOf(
  headers: Record<string, unknown> | undefined,
): { forge: 'gitlab' | 'github'; event: string } | undefined {
  const gitlab = header(headers, 'x-gitlab-event');
  if (gitlab !== undefined) return { forge: 'gitlab', event: gitlab };
  const github = header(headers, 'x-github-event');
  if (github !== undefined) return { forge: 'github', event: github };
  return undefined;
}

/**
 * Parses a push webhook payload: GitLab (`object_kind: push` or `tag_push`)
 * or GitHub (`ref`, `repository`, `commits[]`). The event headers, when
 * given, decide the forge and the kind: a GitLab `Tag Push Hook` is a tag
 * push even though its shape is a GitHub push's, a GitHub `ping` is no push.
 * Undefined for anything that is no push.
 *
 * `complete` is false, so that every provider is re-read, when the lists may
 * under-report: fewer commits than `total_commits_count` (GitLab) or than
 * `size` / `distinct_size` say, a list at its cap, a commit with no file
 * listed at all (GitHub leaves them empty on very large commits), a forced
 * push (files of the dropped commits changed too), a created branch.
 * @public
 */
export function parsePushPayload(
  payload: unknown,
  headers?: Record<string, unknown>,
): GitPush | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, any>;
  const event = webhookEventOf(headers);
  let forge: GitPush['forge'];
  const urls: string[] = [];
  const gitlabShape =
    ['push', 'tag_push'].includes(p.object_kind) ||
    ['push', 'tag_push'].includes(p.event_name);
  if (event?.forge === 'gitlab') {
    // Push Hook, Tag Push Hook; a System Hook carries object_kind/event_name
    if (!/^(Push Hook|Tag Push Hook|System Hook)$/.test(event.event))
      return undefined;
    if (event.event === 'System Hook' && !gitlabShape) return undefined;
    forge = 'gitlab';
  } else if (event?.forge === 'github') {
    if (event.event !== 'push') return undefined;
    forge = 'github';
  } else if (gitlabShape) {
    forge = 'gitlab';
  } else if (
    typeof p.ref === 'string' &&
    p.repository &&
    Array.isArray(p.commits)
  ) {
    forge = 'github';
  } else {
    return undefined;
  }
  const candidates =
    forge === 'gitlab'
      ? [
          p.project?.web_url,
          p.project?.git_http_url,
          p.project?.http_url,
          p.repository?.homepage,
          p.repository?.git_http_url,
        ]
      : [p.repository?.html_url, p.repository?.clone_url, p.repository?.url];
  for (const u of candidates) if (typeof u === 'string') urls.push(u);

  const commits: any[] = Array.isArray(p.commits) ? p.commits : [];
  const changed = new Set<string>();
  let doubt: string | undefined;
  for (const c of commits) {
    const lists = [
      strings(c?.added),
      strings(c?.modified),
      strings(c?.removed),
    ];
    if (lists.every(l => l.length === 0))
      doubt ??= `commit ${c?.id ?? '?'} lists no file`;
    if (lists.some(l => l.length >= PUSH_PAYLOAD_LIMITS.githubFilesPerList))
      doubt ??= `commit ${c?.id ?? '?'} lists ${
        PUSH_PAYLOAD_LIMITS.githubFilesPerList
      } files or more`;
    for (const f of lists.flat()) changed.add(f.replace(/^\/+/, ''));
  }
  const ref: string = typeof p.ref === 'string' ? p.ref : '';
  const tag = ref.startsWith('refs/tags/')
    ? ref.slice('refs/tags/'.length)
    : undefined;
  const isTagPush =
    tag !== undefined ||
    p.object_kind === 'tag_push' ||
    event?.event === 'Tag Push Hook';
  const total =
    typeof p.total_commits_count === 'number'
      ? p.total_commits_count
      : undefined;
  if (commits.length === 0) doubt ??= 'the push lists no commit';
  if (total !== undefined && total > commits.length)
    doubt ??= `${commits.length} of ${total} commits listed`;
  for (const key of ['size', 'distinct_size']) {
    if (typeof p[key] === 'number' && p[key] > commits.length)
      doubt ??= `${commits.length} commits listed, ${key} ${p[key]}`;
  }
  if (commits.length >= PUSH_PAYLOAD_LIMITS.githubCommits)
    doubt ??= `${commits.length} commits listed (the cap)`;
  if (p.forced === true) doubt ??= 'forced push';
  if (
    p.created === true ||
    (typeof p.before === 'string' && ZERO_SHA.test(p.before))
  )
    doubt ??= 'branch created';
  return {
    forge,
    branch:
      !isTagPush && ref.startsWith('refs/heads/')
        ? ref.slice('refs/heads/'.length)
        : undefined,
    ...(isTagPush ? { tag: tag ?? ref } : {}),
    before: typeof p.before === 'string' ? p.before : undefined,
    after: typeof p.after === 'string' ? p.after : p.checkout_sha,
    repositoryUrls: urls,
    changedFiles: [...changed].sort(),
    complete: doubt === undefined,
    ...(doubt ? { doubt } : {}),
  };
}

/**
 * Host and path of a repository URL, lower case, without `.git`, `/-/tree/...`.
 * @public
 */
export function normaliseRepoUrl(url: string): string {
  let u = url.trim().toLowerCase();
  u = u.replace(/^[a-z+]+:\/\//, '').replace(/^[^@/]+@/, '');
  u = u.replace(/^([^/:]+):(?!\d)/, '$1/'); // scp-like git@host:group/repo
  u = u.replace(/:\d+\//, '/');
  u = u.replace(/\/-\/(tree|blob)\/.*$/, '').replace(/\/(tree|blob)\/.*$/, '');
  u = u
    .replace(/[?#].*$/, '')
    .replace(/\.git\/?$/, '')
    .replace(/\/+$/, '');
  return u;
}

/** Which providers a set of changed files concerns. @public */
export function providersForFiles(
  files: string[],
  chartPath = 'charts/pegase',
): { chart: boolean; inventory: boolean; clusters: boolean; argocd: boolean } {
  const out = {
    chart: false,
    inventory: false,
    clusters: false,
    argocd: false,
  };
  for (const f of files) {
    if (f.startsWith('charts/') || f.startsWith(`${chartPath}/`)) {
      out.chart = true;
      out.inventory = true; // instances depend on the chart's values and versions
    } else if (f.startsWith('clusters/')) {
      out.clusters = true;
      out.inventory = true; // an instance's ArgoCD instance comes from its cluster
      out.argocd = true; // the add-ons select clusters by their labels
    } else if (f.startsWith('argocd/')) {
      // the ApplicationSets say where the inventory is, which clusters each
      // add-on targets (a cluster depends on its add-ons)
      out.argocd = true;
      out.inventory = true;
      out.clusters = true;
    } else if (f.startsWith('instances/')) {
      out.inventory = true;
      out.argocd = true; // an instances ApplicationSet lists what it generates
    } else if (f.startsWith('dbaas/') || f.startsWith('kaas/')) {
      out.inventory = true;
    }
  }
  return out;
}
