/** Why a file source refuses a path. @public */
export type GitopsRefusalReason =
  | 'symlink'
  | 'outside-root'
  | 'unsafe-path'
  | 'not-a-file'
  | 'too-large'
  | 'over-budget';

const TEXTS: Record<GitopsRefusalReason, string> = {
  symlink: 'is a symlink; not read',
  'outside-root': 'resolves outside the repository; not read',
  'unsafe-path': "is an absolute path or goes through '..'; not read",
  'not-a-file': 'is not a regular file; not read',
  'too-large': 'is too large; not read',
  'over-budget': 'is past the read budget; not read',
};

/**
 * Rejection of {@link GitopsFileSource.read} for a path the source will not
 * read: a symlink, a path resolving outside the repository root, a file
 * larger than {@link GitopsReadLimits.maxFileBytes}, a file read after
 * {@link GitopsReadLimits.maxReadBytes} were spent. The message names the
 * file (`charts/pegase/charts/ins/files/openapi.yaml is a symlink; not read`)
 * and never its content.
 * @public
 */
export class GitopsFileRefusedError extends Error {
  readonly path: string;
  readonly reason: GitopsRefusalReason;
  constructor(path: string, reason: GitopsRefusalReason, detail?: string) {
    super(
      `${path} ${
        detail
          ? TEXTS[reason].replace(/; not read$/, ` (${detail}); not read`)
          : TEXTS[reason]
      }`,
    );
    this.name = 'GitopsFileRefusedError';
    this.path = path;
    this.reason = reason;
  }
}

/** Whether `e` is a {@link GitopsFileRefusedError} (also across package copies). @public */
export function isGitopsFileRefusedError(
  e: unknown,
): e is GitopsFileRefusedError {
  return (
    e instanceof GitopsFileRefusedError ||
    (e instanceof Error && e.name === 'GitopsFileRefusedError')
  );
}

/** Whether a relative path is absolute or has a `..` segment. */
export function isUnsafeRelativePath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return (
    p.startsWith('/') ||
    /^[a-zA-Z]:\//.test(p) ||
    p.split('/').some(s => s === '..')
  );
}
