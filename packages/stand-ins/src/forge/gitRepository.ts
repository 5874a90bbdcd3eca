import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// Async only: the forge stand-ins run inside the test process, a sync git
// call would block every other request (and a client in the same process).
const execFileAsync = promisify(execFile);

/** One commit, as `git log` prints it. @public */
export interface GitCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authoredDate: string;
  committerName: string;
  committerEmail: string;
  committedDate: string;
  message: string;
}

async function git(gitDir: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', ['-C', gitDir, ...args], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

/** A ref or path that git could take for an option is never passed on. */
const safe = (s: string) => !s.startsWith('-');

/**
 * Read-only access to a real git repository (bare or not) for the forge
 * stand-ins: what the forges compute from their repositories.
 * @public
 */
export class GitRepository {
  constructor(readonly gitDir: string) {}

  /** The branch HEAD points to (a forge's default branch). */
  async defaultBranch(): Promise<string> {
    return (await git(this.gitDir, ['symbolic-ref', '--short', 'HEAD'])).trim();
  }

  /** The commit SHA of a branch, tag or SHA; undefined when unknown. */
  async resolve(ref: string): Promise<string | undefined> {
    if (!ref || !safe(ref)) return undefined;
    try {
      const out = await git(this.gitDir, [
        'rev-parse',
        '--verify',
        '--quiet',
        `${ref}^{commit}`,
      ]);
      return out.trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether `path` exists in the tree of `sha` (file or folder). */
  async hasPath(sha: string, path: string): Promise<boolean> {
    const p = path.replace(/^\/+|\/+$/g, '');
    if (!p) return true;
    const out = await git(this.gitDir, ['ls-tree', sha, '--', p]);
    return out.trim() !== '';
  }

  /**
   * Commits reachable from `sha`, newest first (touching `path` when given),
   * with the total count for pagination.
   */
  async log(
    sha: string,
    options: {
      path?: string;
      skip?: number;
      max?: number;
      since?: string;
      until?: string;
    } = {},
  ): Promise<{ commits: GitCommit[]; total: number }> {
    const filters = [
      ...(options.since ? [`--since=${options.since}`] : []),
      ...(options.until ? [`--until=${options.until}`] : []),
    ];
    const paths = options.path ? ['--', options.path] : [];
    const [out, count] = await Promise.all([
      git(this.gitDir, [
        'log',
        // fields separated by US, records ended by RS: neither appears in commit metadata
        '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%B%x1e',
        `--skip=${options.skip ?? 0}`,
        `--max-count=${options.max ?? 20}`,
        ...filters,
        sha,
        ...paths,
      ]),
      git(this.gitDir, ['rev-list', '--count', ...filters, sha, ...paths]),
    ]);
    const commits = out
      .split('\x1e')
      .map(r => r.replace(/^\n/, ''))
      .filter(Boolean)
      .map(record => {
        const [h, p, an, ae, ad, cn, ce, cd, body] = record.split('\x1f');
        return {
          sha: h,
          parents: p ? p.split(' ') : [],
          authorName: an,
          authorEmail: ae,
          authoredDate: ad,
          committerName: cn,
          committerEmail: ce,
          committedDate: cd,
          message: body,
        };
      });
    return { commits, total: Number(count.trim()) };
  }

  /**
   * `git archive` of `sha` (only `path` when given, kept at its place) with
   * every entry under `prefix/`, as a forge's archive download.
   */
  async archive(
    sha: string,
    format: 'tar.gz' | 'tar' | 'zip',
    prefix: string,
    path?: string,
  ): Promise<Buffer> {
    const { stdout } = await execFileAsync(
      'git',
      [
        '-C',
        this.gitDir,
        'archive',
        `--format=${format === 'tar.gz' ? 'tgz' : format}`,
        `--prefix=${prefix}/`,
        sha,
        ...(path ? ['--', path] : []),
      ],
      { encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 },
    );
    return stdout;
  }
}
