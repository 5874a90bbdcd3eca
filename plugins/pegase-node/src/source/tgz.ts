import { Parser, type ReadEntry } from 'tar';
import { resolveReadLimits, type GitopsReadLimits } from './limits';
import {
  GitopsFileRefusedError,
  isUnsafeRelativePath,
  type GitopsRefusalReason,
} from './refused';

/** An entry of an archive that is not read, and why. */
export interface TgzRefusal {
  reason: GitopsRefusalReason;
  detail?: string;
}

/** The entries of an archive: regular files, and those refused. */
export interface TgzEntries {
  files: Map<string, Buffer>;
  /** Symlinks, hard links, special files, files over `maxFileBytes`: listed, never read. */
  refused: Map<string, TgzRefusal>;
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const DIR_TYPES = new Set(['Directory', 'GNUDumpDir']);

/**
 * Reads a (gzipped or plain) tar archive in memory. Regular files are kept;
 * symlinks, hard links, special files and files larger than `maxFileBytes`
 * are refused one by one (kept in `refused`, their content never read). The
 * whole archive is rejected when an entry is absolute or goes through `..`,
 * when it has more than `maxArchiveEntries` entries or unpacks to more than
 * `maxArchiveBytes`, and when it is corrupt. Leading `./` is stripped.
 */
export async function readTgzEntries(
  buf: Buffer,
  limits?: GitopsReadLimits,
): Promise<TgzEntries> {
  const max = resolveReadLimits(limits);
  const files = new Map<string, Buffer>();
  const refused = new Map<string, TgzRefusal>();
  let entries = 0;
  let unpacked = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown) => {
      if (!failed) {
        failed = true;
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        if (failed) {
          entry.resume();
          return;
        }
        entries++;
        if (entries > max.maxArchiveEntries) {
          entry.resume();
          fail(
            new Error(
              `the archive has more than ${max.maxArchiveEntries} entries (limit maxArchiveEntries); not read`,
            ),
          );
          return;
        }
        const raw = entry.path;
        if (isUnsafeRelativePath(raw)) {
          entry.resume();
          fail(
            new Error(
              `entry '${raw}' is an absolute path or goes through '..'; the archive is not read`,
            ),
          );
          return;
        }
        const path = raw.replace(/^(\.\/)+/, '');
        if (DIR_TYPES.has(entry.type)) {
          entry.resume();
          return;
        }
        if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
          entry.resume();
          refused.set(path, {
            reason: 'symlink',
            detail: entry.type === 'Link' ? 'a hard link' : undefined,
          });
          return;
        }
        if (!FILE_TYPES.has(entry.type)) {
          entry.resume();
          refused.set(path, { reason: 'not-a-file' });
          return;
        }
        if ((entry.size ?? 0) > max.maxFileBytes) {
          entry.resume();
          refused.set(path, {
            reason: 'too-large',
            detail: `${entry.size} bytes, limit ${max.maxFileBytes}`,
          });
          return;
        }
        unpacked += entry.size ?? 0;
        if (unpacked > max.maxArchiveBytes) {
          entry.resume();
          fail(
            new Error(
              `the archive unpacks to more than ${max.maxArchiveBytes} bytes (limit maxArchiveBytes); not read`,
            ),
          );
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => {
          if (!failed) chunks.push(c);
        });
        entry.on('end', () => {
          if (!failed) files.set(path, Buffer.concat(chunks));
        });
      },
    });
    parser.on('end', () => {
      if (!failed) resolve();
    });
    parser.on('error', fail);
    parser.on('warn', (code: string, message: string | Error) => {
      // with strict: true, tar raises errors; this catches the rest (e.g. TAR_BAD_ARCHIVE)
      if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ABORT') {
        fail(
          message instanceof Error ? message : new Error(`${code}: ${message}`),
        );
      }
    });
    try {
      parser.end(buf);
    } catch (e) {
      fail(e);
    }
  });
  return { files, refused };
}

/** The error of reading refused entry `path`, named `label`. */
export function refusalError(
  label: string,
  refusal: TgzRefusal,
): GitopsFileRefusedError {
  return new GitopsFileRefusedError(label, refusal.reason, refusal.detail);
}

/**
 * Reads a (gzipped or plain) tar archive in memory: path -> content, for
 * regular files only (symlinks, hard links, special files and files over
 * `limits.maxFileBytes` are left out, never read). Rejects on a corrupt
 * archive, an absolute or `..` entry, and an archive over
 * `limits.maxArchiveEntries` or `limits.maxArchiveBytes`. Leading `./` is
 * stripped.
 * @public
 */
export async function readTgz(
  buf: Buffer,
  limits?: GitopsReadLimits,
): Promise<Map<string, Buffer>> {
  return (await readTgzEntries(buf, limits)).files;
}
