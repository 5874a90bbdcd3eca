import fsCb, { promises as fs } from 'node:fs';
import { join, resolve as resolvePath, sep } from 'node:path';
import type {
  GitopsFileSource,
  ListFilesOptions,
  ReadTreeFile,
} from '../model/types';
import { readTgzEntries, refusalError } from './tgz';
import { resolveReadLimits, type GitopsReadLimits } from './limits';
import {
  GitopsFileRefusedError,
  isGitopsFileRefusedError,
  isUnsafeRelativePath,
} from './refused';
import { mapLimit } from '../util/concurrency';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

function normalise(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

/** The excluded folders as `folder/` prefixes. */
function excludedPrefixes(options?: ListFilesOptions): string[] {
  return (options?.exclude ?? [])
    .map(f => normalise(f).replace(/\/+$/, ''))
    .filter(Boolean)
    .map(f => `${f}/`);
}

/** `files` without those under the excluded folders. */
function withoutExcluded(files: string[], options?: ListFilesOptions) {
  const prefixes = excludedPrefixes(options);
  if (prefixes.length === 0) return files;
  return files.filter(f => !prefixes.some(p => f.startsWith(p)));
}

function joinLocation(base: string, path: string): string {
  if (!base) return path;
  return base.endsWith('/') || base.endsWith('#')
    ? `${base}${path}`
    : `${base}/${path}`;
}

const OPEN_FLAGS =
  fsCb.constants.O_RDONLY |
  (fsCb.constants.O_NOFOLLOW ?? 0) |
  (fsCb.constants.O_NONBLOCK ?? 0);

/** Reads a regular file without following a final symlink, at most `max` bytes. */
function readRegularFile(
  full: string,
  label: string,
  max: number,
): Promise<Buffer> {
  return new Promise<Buffer>((resolveRead, rejectRead) => {
    // O_NOFOLLOW: a symlink as the last component fails (ELOOP) instead of
    // being followed; O_NONBLOCK: a FIFO does not block the open.
    fsCb.open(full, OPEN_FLAGS, (openErr, fd) => {
      if (openErr) {
        rejectRead(
          openErr.code === 'ELOOP' || openErr.code === 'EMLINK'
            ? new GitopsFileRefusedError(label, 'symlink')
            : openErr,
        );
        return;
      }
      const done = (err: unknown, data?: Buffer) =>
        fsCb.close(fd, () => (err ? rejectRead(err) : resolveRead(data!)));
      fsCb.fstat(fd, (statErr, st) => {
        if (statErr) return done(statErr);
        if (!st.isFile())
          return done(new GitopsFileRefusedError(label, 'not-a-file'));
        if (st.size > max)
          return done(
            new GitopsFileRefusedError(
              label,
              'too-large',
              `${st.size} bytes, limit ${max}`,
            ),
          );
        // the file may grow after fstat: read at most max + 1 bytes
        const buf = Buffer.allocUnsafe(Math.min(st.size, max) + 1);
        let got = 0;
        const step = () =>
          fsCb.read(fd, buf, got, buf.length - got, null, (readErr, n) => {
            if (readErr) return done(readErr);
            got += n;
            if (n > 0 && got < buf.length) return step();
            if (got > max)
              return done(
                new GitopsFileRefusedError(
                  label,
                  'too-large',
                  `over ${max} bytes`,
                ),
              );
            return done(undefined, buf.subarray(0, got));
          });
        return step();
      });
    });
  });
}

function realRoot(root: string): string {
  try {
    return fsCb.realpathSync.native(root);
  } catch {
    return root;
  }
}

/**
 * Files of a local folder (recursive; `.git` and `node_modules` skipped).
 * Symbolic links are never followed: a symlinked file is listed but reading
 * it rejects with a {@link GitopsFileRefusedError} (`<path> is a symlink; not
 * read`), a symlinked folder is not walked, and both are reported to
 * `onRefused`; so are special files (FIFOs, sockets, devices). A read of a
 * path that is absolute, goes through `..` or through a symlinked folder, or
 * of a file larger than `maxFileBytes` (default 5 MiB) is refused the same
 * way. `describe` gives the absolute path.
 * @public
 */
export function directoryFileSource(
  dir: string,
  options?: { concurrency?: number; maxFileBytes?: number },
): GitopsFileSource {
  const root = resolvePath(dir);
  const concurrency = options?.concurrency ?? 32;
  const maxFileBytes = resolveReadLimits({
    maxFileBytes: options?.maxFileBytes,
  }).maxFileBytes;
  let real: string | undefined;
  /** Folders (repository-relative) checked to be real folders inside the root. */
  const checkedFolders = new Map<string, Promise<void>>();
  const checkFolder = (rel: string, label: string): Promise<void> => {
    let pending = checkedFolders.get(rel);
    if (!pending) {
      real ??= realRoot(root);
      const expected = rel ? join(real, rel) : real;
      pending = fs.realpath(join(root, rel)).then(actual => {
        if (actual === expected) return;
        const inside = actual === real || actual.startsWith(`${real}${sep}`);
        throw new GitopsFileRefusedError(
          label,
          inside ? 'symlink' : 'outside-root',
          'through a symlinked folder',
        );
      });
      checkedFolders.set(rel, pending);
    }
    return pending.catch(e => {
      throw isGitopsFileRefusedError(e) && e.path !== label
        ? new GitopsFileRefusedError(
            label,
            e.reason,
            'through a symlinked folder',
          )
        : e;
    });
  };
  return {
    async list(listOptions) {
      const excluded = new Set(
        excludedPrefixes(listOptions).map(p => p.slice(0, -1)),
      );
      const onRefused = listOptions?.onRefused;
      const out: string[] = [];
      let level: string[] = [''];
      while (level.length > 0) {
        const next: string[] = [];
        await mapLimit(level, concurrency, async rel => {
          const entries = await fs.readdir(join(root, rel), {
            withFileTypes: true,
          });
          for (const e of entries) {
            const p = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory()) {
              if (!SKIPPED_DIRS.has(e.name) && !excluded.has(p)) next.push(p);
            } else if (e.isFile()) {
              out.push(p);
            } else if (e.isSymbolicLink()) {
              if (excluded.has(p) || SKIPPED_DIRS.has(e.name)) continue;
              // listed as a file, so that readers know it exists; never read
              out.push(p);
              onRefused?.(new GitopsFileRefusedError(p, 'symlink'));
            } else {
              out.push(p);
              onRefused?.(new GitopsFileRefusedError(p, 'not-a-file'));
            }
          }
        });
        level = next;
      }
      return withoutExcluded(out.sort(), listOptions);
    },
    async read(path) {
      const p = normalise(path);
      if (isUnsafeRelativePath(path) || isUnsafeRelativePath(p))
        throw new GitopsFileRefusedError(path, 'unsafe-path');
      const slash = p.lastIndexOf('/');
      await checkFolder(slash < 0 ? '' : p.slice(0, slash), p);
      return readRegularFile(join(root, p), p, maxFileBytes);
    },
    describe(path) {
      return join(root, normalise(path));
    },
  };
}

/**
 * Files held in memory: `{ 'charts/pegase/Chart.yaml': '...' }`. `describe`
 * joins `baseLocation` (a URL or path; default empty) and the path.
 * @public
 */
export function memoryFileSource(
  files: Record<string, string | Buffer> | Map<string, string | Buffer>,
  baseLocation = '',
): GitopsFileSource {
  const map = new Map<string, Buffer>();
  const entries =
    files instanceof Map ? [...files.entries()] : Object.entries(files);
  for (const [k, v] of entries) {
    map.set(normalise(k), typeof v === 'string' ? Buffer.from(v, 'utf8') : v);
  }
  return {
    async list(listOptions) {
      return withoutExcluded([...map.keys()].sort(), listOptions);
    },
    async read(path) {
      const b = map.get(normalise(path));
      if (!b)
        throw new Error(`File not found: ${joinLocation(baseLocation, path)}`);
      return b;
    },
    describe(path) {
      return joinLocation(baseLocation, normalise(path));
    },
  };
}

/**
 * Files of a Backstage `UrlReaderService.readTree(...)` response: pass
 * `await response.files()` and the URL that was read (`describe` joins them).
 * Contents are read lazily, once.
 * @public
 */
export function readTreeFileSource(
  files: ReadTreeFile[],
  baseLocation: string,
): GitopsFileSource {
  const map = new Map<string, ReadTreeFile>();
  const cache = new Map<string, Promise<Buffer>>();
  for (const f of files) map.set(normalise(f.path), f);
  return {
    async list(listOptions) {
      return withoutExcluded([...map.keys()].sort(), listOptions);
    },
    read(path) {
      const p = normalise(path);
      let pending = cache.get(p);
      if (!pending) {
        const f = map.get(p);
        pending = f
          ? f.content()
          : Promise.reject(
              new Error(`File not found: ${joinLocation(baseLocation, p)}`),
            );
        cache.set(p, pending);
      }
      return pending;
    },
    describe(path) {
      return joinLocation(baseLocation, normalise(path));
    },
  };
}

/**
 * Files of a tar/tgz archive. With `root` (e.g. `pegase`), only files under
 * that folder are listed, relative to it. `describe` gives `<location>#<path in archive>`.
 * Symlinks, hard links and files over `limits.maxFileBytes` are listed but
 * reading them rejects with a {@link GitopsFileRefusedError}; an archive with
 * an absolute or `..` entry, or over the archive limits, is rejected.
 * @public
 */
export async function tgzFileSource(
  archive: Buffer,
  location: string,
  options?: { root?: string; limits?: GitopsReadLimits },
): Promise<GitopsFileSource> {
  const all = await readTgzEntries(archive, options?.limits);
  const root = options?.root
    ? `${normalise(options.root).replace(/\/+$/, '')}/`
    : '';
  const files = new Map<string, Buffer>();
  for (const [k, v] of all.files) {
    if (!root || k.startsWith(root)) files.set(k.slice(root.length), v);
  }
  const refused = new Map<string, GitopsFileRefusedError>();
  for (const [k, r] of all.refused) {
    if (!root || k.startsWith(root)) {
      const rel = k.slice(root.length);
      refused.set(rel, refusalError(`${location}#${root}${rel}`, r));
    }
  }
  const mem = memoryFileSource(files, `${location}#${root}`);
  return {
    async list(listOptions) {
      for (const e of refused.values()) listOptions?.onRefused?.(e);
      return withoutExcluded(
        [...(await mem.list()), ...refused.keys()].sort(),
        listOptions,
      );
    },
    read(path) {
      const r = refused.get(normalise(path));
      return r ? Promise.reject(r) : mem.read(path);
    },
    describe: mem.describe,
  };
}
