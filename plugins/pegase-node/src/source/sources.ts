import { promises as fs, readFile as readFileCb } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import type {
  GitopsFileSource,
  ListFilesOptions,
  ReadTreeFile,
} from '../model/types';
import { readTgz } from './tgz';
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

/**
 * Files of a local folder (recursive; `.git` and `node_modules` skipped;
 * symbolic links followed). `describe` gives the absolute path.
 * @public
 */
export function directoryFileSource(
  dir: string,
  options?: { concurrency?: number },
): GitopsFileSource {
  const root = resolvePath(dir);
  const concurrency = options?.concurrency ?? 32;
  return {
    async list(listOptions) {
      const excluded = new Set(
        excludedPrefixes(listOptions).map(p => p.slice(0, -1)),
      );
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
            let isDir = e.isDirectory();
            let isFile = e.isFile();
            if (e.isSymbolicLink()) {
              const st = await fs.stat(join(root, p)).catch(() => undefined);
              isDir = !!st?.isDirectory();
              isFile = !!st?.isFile();
            }
            if (isDir) {
              if (!SKIPPED_DIRS.has(e.name) && !excluded.has(p)) next.push(p);
            } else if (isFile) out.push(p);
          }
        });
        level = next;
      }
      return out.sort();
    },
    read(path) {
      // the callback API is markedly cheaper than fs.promises.readFile for many small files
      return new Promise<Buffer>((resolveRead, rejectRead) =>
        readFileCb(join(root, normalise(path)), (err, data) =>
          err ? rejectRead(err) : resolveRead(data),
        ),
      );
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
 * @public
 */
export async function tgzFileSource(
  archive: Buffer,
  location: string,
  options?: { root?: string },
): Promise<GitopsFileSource> {
  const all = await readTgz(archive);
  const root = options?.root
    ? `${normalise(options.root).replace(/\/+$/, '')}/`
    : '';
  const files = new Map<string, Buffer>();
  for (const [k, v] of all) {
    if (!root || k.startsWith(root)) files.set(k.slice(root.length), v);
  }
  return memoryFileSource(files, `${location}#${root}`);
}
