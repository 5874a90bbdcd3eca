/** A Git push, from a GitLab or GitHub webhook payload. @public */
export interface GitPush {
  /** `gitlab` or `github`. */
  forge: 'gitlab' | 'github';
  /** Branch name (from `refs/heads/<branch>`), undefined for tags. */
  branch?: string;
  /** Commit after the push. */
  after?: string;
  /** URLs naming the repository (web, clone). */
  repositoryUrls: string[];
  /** Every file added, modified or removed by the pushed commits. */
  changedFiles: string[];
  /** False when the payload lists no commits or was truncated (then re-read all). */
  complete: boolean;
}

function strings(v: unknown): string[] {
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : [];
}

/**
 * Parses a push webhook payload: GitLab (`object_kind: push`) or GitHub
 * (`ref`, `repository`, `commits[]`). Undefined for anything else.
 * @public
 */
export function parsePushPayload(payload: unknown): GitPush | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, any>;
  let forge: GitPush['forge'];
  const urls: string[] = [];
  if (p.object_kind === 'push' || p.event_name === 'push') {
    forge = 'gitlab';
    for (const u of [
      p.project?.web_url,
      p.project?.git_http_url,
      p.project?.http_url,
      p.repository?.homepage,
      p.repository?.git_http_url,
    ]) {
      if (typeof u === 'string') urls.push(u);
    }
  } else if (
    typeof p.ref === 'string' &&
    p.repository &&
    Array.isArray(p.commits)
  ) {
    forge = 'github';
    for (const u of [
      p.repository.html_url,
      p.repository.clone_url,
      p.repository.url,
    ]) {
      if (typeof u === 'string') urls.push(u);
    }
  } else {
    return undefined;
  }
  const commits: any[] = Array.isArray(p.commits) ? p.commits : [];
  const changed = new Set<string>();
  for (const c of commits) {
    for (const f of [
      ...strings(c?.added),
      ...strings(c?.modified),
      ...strings(c?.removed),
    ]) {
      changed.add(f.replace(/^\/+/, ''));
    }
  }
  const total =
    typeof p.total_commits_count === 'number'
      ? p.total_commits_count
      : commits.length;
  const ref: string = typeof p.ref === 'string' ? p.ref : '';
  return {
    forge,
    branch: ref.startsWith('refs/heads/')
      ? ref.slice('refs/heads/'.length)
      : undefined,
    after: typeof p.after === 'string' ? p.after : p.checkout_sha,
    repositoryUrls: urls,
    changedFiles: [...changed].sort(),
    // GitLab lists at most 20 commits; GitHub at most 2048.
    complete: commits.length > 0 && commits.length >= total,
  };
}

/** Host and path of a repository URL, lower case, without `.git`, `/-/tree/...`. */
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
): { chart: boolean; inventory: boolean; clusters: boolean } {
  const out = { chart: false, inventory: false, clusters: false };
  for (const f of files) {
    if (f.startsWith('charts/') || f.startsWith(`${chartPath}/`)) {
      out.chart = true;
      out.inventory = true; // instances depend on the chart's values and versions
    } else if (f.startsWith('clusters/')) {
      out.clusters = true;
      out.inventory = true; // an instance's ArgoCD instance comes from its cluster
    } else if (
      f.startsWith('instances/') ||
      f.startsWith('dbaas/') ||
      f.startsWith('kaas/')
    ) {
      out.inventory = true;
    }
  }
  return out;
}
