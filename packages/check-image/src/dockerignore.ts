/*
 * `.dockerignore` as Docker reads it: one pattern a line, anchored at the build
 * context's root (a leading `/` changes nothing), `*` and `?` within one path
 * segment, `**` across any number of segments, `!` re-including what an earlier
 * line excluded (the last matching line wins), `#` lines are comments. A pattern
 * that matches a folder excludes everything under it.
 */
import fs from 'node:fs';
import path from 'node:path';

interface Rule {
  negate: boolean;
  re: RegExp;
}

function compileRule(line: string): Rule {
  const negate = line.startsWith('!');
  const pattern = path.posix
    .normalize((negate ? line.slice(1) : line).trim().replace(/^\/+/, ''))
    .replace(/\/$/, '');
  const source = pattern
    .split('/')
    .map(seg =>
      seg === '**'
        ? '.*'
        : seg
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
    )
    .join('/')
    .replace(/\.\*\//g, '(?:.*/)?');
  return { negate, re: new RegExp(`^${source}(?:/.*)?$`) };
}

/**
 * The matcher of a `.dockerignore` text: `(relPath) => true` when the file or
 * folder at `relPath` (POSIX, relative to the context root) is excluded.
 *
 * @public
 */
export function dockerIgnoreMatcher(
  text: string,
): (relPath: string) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'))
    .map(compileRule);
  return (relPath: string) => {
    const rel = path.posix.normalize(relPath).replace(/^\.\/|\/$/g, '');
    let ignored = false;
    for (const r of rules) if (r.re.test(rel)) ignored = !r.negate;
    return ignored;
  };
}

/** The matcher of `<root>/.dockerignore` (nothing excluded without one). @public */
export function readDockerIgnore(root: string): (relPath: string) => boolean {
  const file = path.join(root, '.dockerignore');
  return dockerIgnoreMatcher(
    fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '',
  );
}
