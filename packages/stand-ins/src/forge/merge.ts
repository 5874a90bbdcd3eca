import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// Async only: the forge stand-ins serve from the test's own process.
const execFileAsync = promisify(execFile);

async function git(
  gitDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const { stdout } = await execFileAsync('git', ['-C', gitDir, ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

/** How a forge merges: a merge commit, fast-forward only, or one squashed commit. @public */
export type MergeMethod = 'merge' | 'ff' | 'squash';

/** Who merges, as the forge writes the commit. @public */
export interface MergeIdentity {
  name: string;
  email: string;
}

/** What a merge did to the target branch. @public */
export type MergeOutcome =
  | { status: 'merged'; before: string; after: string; mergeCommit?: string }
  | { status: 'conflict' | 'not-fast-forward' | 'moved'; message: string };

/** One commit of a push, with its files relative to its first parent. @public */
export interface PushedCommit {
  sha: string;
  message: string;
  timestamp: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  added: string[];
  modified: string[];
  removed: string[];
}

/**
 * Merges branch `source` into `target` of a real (bare) repository the way
 * the forges do on their merge endpoints, without a work tree:
 * - `merge`: always a merge commit (GitLab's default "Merge commit" method,
 *   GitHub's `merge_method: merge`), computed with `git merge-tree
 *   --write-tree` (git 2.38+); a conflict leaves the branch as it was;
 * - `ff`: fast-forward only (GitLab's "Fast-forward merge"), refused when the
 *   target has commits the source lacks;
 * - `squash`: one commit on the target with the merged tree (GitHub's
 *   `merge_method: squash`).
 * The target is updated with `update-ref <new> <old>`: a push to the target
 * meanwhile makes the merge fail (`moved`), never lose that push.
 */
export async function mergeBranches(
  gitDir: string,
  options: {
    source: string;
    target: string;
    method: MergeMethod;
    message: string;
    committer: MergeIdentity;
    /** The source's head the merge must take (forges' `sha` parameter). */
    expectedSourceSha?: string;
  },
): Promise<MergeOutcome> {
  const rev = async (ref: string) =>
    (
      await git(gitDir, ['rev-parse', '--verify', `refs/heads/${ref}^{commit}`])
    ).trim();
  const before = await rev(options.target);
  const head = await rev(options.source);
  const env = {
    GIT_AUTHOR_NAME: options.committer.name,
    GIT_AUTHOR_EMAIL: options.committer.email,
    GIT_COMMITTER_NAME: options.committer.name,
    GIT_COMMITTER_EMAIL: options.committer.email,
  };
  let after: string;
  let mergeCommit: string | undefined;
  if (options.method === 'ff') {
    try {
      await git(gitDir, ['merge-base', '--is-ancestor', before, head]);
    } catch {
      return {
        status: 'not-fast-forward',
        message: `${options.target} has commits that ${options.source} lacks: rebase needed for a fast-forward merge`,
      };
    }
    after = head;
  } else {
    let tree: string;
    try {
      tree = (
        await git(gitDir, ['merge-tree', '--write-tree', before, head])
      ).split('\n')[0];
    } catch (e) {
      const out = String((e as { stdout?: string }).stdout ?? '');
      return {
        status: 'conflict',
        message: `merge conflict between ${options.source} and ${
          options.target
        }: ${out
          .split('\n')
          .filter(l => l.startsWith('CONFLICT'))
          .join('; ')}`,
      };
    }
    const parents =
      options.method === 'merge' ? ['-p', before, '-p', head] : ['-p', before];
    after = (
      await git(
        gitDir,
        ['commit-tree', tree, ...parents, '-m', options.message],
        env,
      )
    ).trim();
    mergeCommit = after;
  }
  try {
    await git(gitDir, [
      'update-ref',
      `refs/heads/${options.target}`,
      after,
      before,
    ]);
  } catch {
    return {
      status: 'moved',
      message: `${options.target} moved during the merge`,
    };
  }
  return { status: 'merged', before, after, mergeCommit };
}

/** The head commit of a branch, undefined when it does not exist. */
export async function branchHead(
  gitDir: string,
  branch: string,
): Promise<string | undefined> {
  if (!branch || branch.startsWith('-')) return undefined;
  try {
    return (
      await git(gitDir, [
        'rev-parse',
        '--verify',
        '--quiet',
        `refs/heads/${branch}^{commit}`,
      ])
    ).trim();
  } catch {
    return undefined;
  }
}

/** Deletes a branch (`should_remove_source_branch`, GitHub's delete-on-merge). */
export async function deleteBranch(gitDir: string, branch: string) {
  await git(gitDir, ['update-ref', '-d', `refs/heads/${branch}`]);
}

/**
 * The commits a push from `before` to `after` brings (oldest first), each
 * with its files relative to its first parent, as the forges list them in a
 * push webhook (`commits[].added/modified/removed`).
 */
export async function pushedCommits(
  gitDir: string,
  before: string,
  after: string,
): Promise<PushedCommit[]> {
  const range = /^0+$/.test(before) ? [after] : [`${before}..${after}`];
  const shas = (await git(gitDir, ['rev-list', '--reverse', ...range]))
    .split('\n')
    .filter(Boolean);
  const commits: PushedCommit[] = [];
  for (const sha of shas) {
    const fields = (
      await git(gitDir, [
        'show',
        '--no-patch',
        '--format=%aI%x1f%an%x1f%ae%x1f%cn%x1f%ce%x1f%B',
        sha,
      ])
    ).split('\x1f');
    const status = await git(gitDir, [
      'diff-tree',
      '-r',
      '--no-commit-id',
      '--name-status',
      '--root',
      '-m',
      '--first-parent',
      sha,
    ]);
    const added: string[] = [];
    const modified: string[] = [];
    const removed: string[] = [];
    for (const line of status.split('\n').filter(Boolean)) {
      const [kind, ...paths] = line.split('\t');
      const file = paths[paths.length - 1];
      if (kind === 'A') added.push(file);
      else if (kind === 'D') removed.push(file);
      else modified.push(file);
    }
    commits.push({
      sha,
      timestamp: fields[0],
      authorName: fields[1],
      authorEmail: fields[2],
      committerName: fields[3],
      committerEmail: fields[4],
      message: fields.slice(5).join('\x1f').trim(),
      added,
      modified,
      removed,
    });
  }
  return commits;
}
