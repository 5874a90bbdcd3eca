import { posix } from 'node:path';
import { sanitizeName } from './goTemplate';

/**
 * The Git files generator as ArgoCD runs it, learned from argo-cd
 * applicationset/generators/git.go (generateParamsForGitFiles,
 * generateParamsFromGitFile) read at commit 004ed27 of the v3.x line (files
 * `exclude` entries, v3.1.0 onwards) and util/git/client.go LsFiles (v2.14
 * and v3.x): every include path is listed, then every file an exclude path
 * lists is removed; the rest is sorted and each file's object (or each
 * element of its array) gives one parameter set.
 *
 * Matching: by default `git ls-files -- <pattern>` (a pathspec: `*` and `?`
 * also match `/`, a pattern without wildcards matches that file or what is
 * under that folder); with `newGitFileGlobbing`
 * (`applicationsetcontroller.enable.new.git.file.globbing`) doublestar's
 * globbing (`*` within a segment, `**` across segments, `{a,b}`).
 */

/** One `files[]` entry of a Git generator. @public */
export interface GitFilesPath {
  path: string;
  exclude?: boolean;
}

function classToRegex(glob: string, i: number): [string, number] {
  const end = glob.indexOf(']', i + 2);
  if (end < 0) return ['\\[', i + 1];
  let body = glob.slice(i + 1, end);
  if (body.startsWith('!') || body.startsWith('^')) body = `^${body.slice(1)}`;
  return [`[${body.replace(/\\/g, '\\\\')}]`, end + 1];
}

const escape = (c: string) => c.replace(/[.+^${}()|\\/]/g, '\\$&');

/** Git pathspec wildmatch without WM_PATHNAME: `*` crosses folders. */
function pathspecRegex(pattern: string): RegExp {
  if (!/[*?[]/.test(pattern)) {
    const p = pattern.replace(/\/+$/, '');
    return new RegExp(`^${escape(p)}(/.*)?$`);
  }
  let re = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === '*') {
      re += '.*';
      while (pattern[i] === '*') i++;
    } else if (c === '?') {
      re += '.';
      i++;
    } else if (c === '[') {
      const [r, next] = classToRegex(pattern, i);
      re += r;
      i = next;
    } else {
      re += escape(c);
      i++;
    }
  }
  return new RegExp(`^${re}$`);
}

/** doublestar globbing: `**` spans folders, `*` and `?` do not. */
function doublestarRegex(pattern: string): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (pattern.startsWith('**/', i)) {
      re += '(?:[^/]*/)*';
      i += 3;
    } else if (pattern.startsWith('**', i)) {
      re += '.*';
      i += 2;
    } else if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '[') {
      const [r, next] = classToRegex(pattern, i);
      re += r;
      i = next;
    } else if (c === '{') {
      re += '(?:';
      depth++;
      i++;
    } else if (c === '}' && depth > 0) {
      re += ')';
      depth--;
      i++;
    } else if (c === ',' && depth > 0) {
      re += '|';
      i++;
    } else {
      re += escape(c);
      i++;
    }
  }
  return new RegExp(`^${re}$`);
}

/** A matcher for one generator path. @public */
export function gitPathMatcher(
  pattern: string,
  newGitFileGlobbing = false,
): (file: string) => boolean {
  const re = newGitFileGlobbing
    ? doublestarRegex(pattern)
    : pathspecRegex(pattern);
  return f => re.test(f);
}

/**
 * The files a Git files generator yields from the repository's files:
 * includes minus excludes, sorted by byte order as Go's sort.Strings.
 * @public
 */
export function matchGitFiles(
  paths: GitFilesPath[],
  files: readonly string[],
  newGitFileGlobbing = false,
): string[] {
  const inc = paths
    .filter(p => !p.exclude)
    .map(p => gitPathMatcher(p.path, newGitFileGlobbing));
  const exc = paths
    .filter(p => p.exclude)
    .map(p => gitPathMatcher(p.path, newGitFileGlobbing));
  return files
    .filter(f => inc.some(m => m(f)) && !exc.some(m => m(f)))
    .sort((a, b) => (a < b ? -1 : Number(a > b)));
}

/**
 * The Go-template parameters of one object of a generator file: the object's
 * keys, and `path` (`path`, `basename`, `filename`, their normalized forms,
 * `segments`), under `pathParamPrefix` when set.
 * @public
 */
export function gitFileParams(
  file: string,
  object: Record<string, unknown>,
  pathParamPrefix?: string,
): Record<string, unknown> {
  const dir = posix.dirname(file);
  const path = {
    path: dir,
    basename: posix.basename(dir),
    filename: posix.basename(file),
    basenameNormalized: sanitizeName(posix.basename(dir)),
    filenameNormalized: sanitizeName(posix.basename(file)),
    segments: dir.split('/'),
  };
  const params: Record<string, unknown> = { ...object };
  if (pathParamPrefix) params[pathParamPrefix] = { path };
  else params.path = path;
  return params;
}
