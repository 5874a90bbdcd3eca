import { createGunzip, type Gunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import {
  RATIO_FLOOR_BYTES,
  resolveReadLimits,
  type GitopsReadLimits,
} from './limits';
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

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
// tar's parser would unpack these by itself, past our counts: refused
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
/** Size of the pieces gunzip hands over: the most unpacked past a cap before it stops. */
const GUNZIP_CHUNK = 64 * 1024;

const startsWith = (b: Buffer, magic: Buffer) =>
  b.length >= magic.length && b.subarray(0, magic.length).equals(magic);

/** Options of {@link readTgzEntries} beyond the limits. */
export interface TgzReadOptions {
  /**
   * Called with every piece of unpacked data, before it is parsed (the read
   * budget: it throws to stop the archive). Its bytes sum to what was unpacked.
   */
  charge?: (bytes: number) => void;
}

/**
 * Reads a (gzipped or plain) tar archive in memory. Regular files are kept;
 * symlinks, hard links, special files and files larger than `maxFileBytes`
 * are refused one by one (kept in `refused`, their content never kept). The
 * whole archive is rejected when an entry is absolute or goes through `..`,
 * when it has more than `maxArchiveEntries` entries, when it unpacks to more
 * than `maxArchiveBytes` or more than `maxArchiveRatio` times its size (every
 * entry counts, skipped ones too: the sizes their headers declare, checked
 * before their data is unpacked, and the bytes unpacked, tar headers
 * included), and when it is corrupt. The gunzip stream stops as soon as a
 * cap is passed. Leading `./` is stripped.
 */
export async function readTgzEntries(
  buf: Buffer,
  limits?: GitopsReadLimits,
  options?: TgzReadOptions,
): Promise<TgzEntries> {
  const max = resolveReadLimits(limits);
  const files = new Map<string, Buffer>();
  const refused = new Map<string, TgzRefusal>();
  const ratioCap = max.maxArchiveRatio * buf.length;
  let entries = 0;
  /** Sizes declared by the entries' headers so far. */
  let declared = 0;
  /** Bytes of tar data unpacked so far. */
  let unpacked = 0;
  /** Whether `size` bytes unpacked pass a cap: the error saying which. */
  const overCap = (size: number, what: string): Error | undefined => {
    if (size > max.maxArchiveBytes)
      return new Error(
        `the archive unpacks to more than ${max.maxArchiveBytes} bytes (limit maxArchiveBytes; ${what} ${size} bytes); not read`,
      );
    if (size > RATIO_FLOOR_BYTES && size > ratioCap)
      return new Error(
        `the archive unpacks to more than ${max.maxArchiveRatio} times its ${buf.length} bytes (limit maxArchiveRatio; ${what} ${size} bytes); not read`,
      );
    return undefined;
  };
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    let gunzip: Gunzip | undefined;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      // stops unpacking: nothing more is inflated
      gunzip?.destroy();
      reject(err instanceof Error ? err : new Error(String(err)));
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
        // every entry counts, before its data is unpacked
        declared += entry.size ?? 0;
        const over = overCap(declared, `its entries up to '${raw}' declare`);
        if (over) {
          entry.resume();
          fail(over);
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
    /** Hands unpacked tar data to the parser, counted first. */
    const feed = (chunk: Buffer) => {
      if (failed) return;
      if (
        unpacked === 0 &&
        (startsWith(chunk, GZIP_MAGIC) || startsWith(chunk, ZSTD_MAGIC))
      ) {
        fail(new Error('the archive is compressed twice; not read'));
        return;
      }
      unpacked += chunk.length;
      const over = overCap(unpacked, 'unpacked so far');
      if (over) {
        fail(over);
        return;
      }
      try {
        options?.charge?.(chunk.length);
        parser.write(chunk);
      } catch (e) {
        fail(e);
      }
    };
    const end = () => {
      if (failed) return;
      try {
        parser.end();
      } catch (e) {
        fail(e);
      }
    };
    if (startsWith(buf, GZIP_MAGIC)) {
      gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
      gunzip.on('data', feed);
      gunzip.on('end', end);
      gunzip.on('error', (e: Error) =>
        fail(new Error(`corrupt gzip data: ${e.message}`)),
      );
      gunzip.end(buf);
    } else if (startsWith(buf, ZSTD_MAGIC)) {
      fail(new Error('the archive is not gzip nor tar; not read'));
    } else {
      feed(buf);
      end();
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
 * archive, an absolute or `..` entry, an archive compressed twice, and an
 * archive over `limits.maxArchiveEntries`, `limits.maxArchiveBytes` or
 * `limits.maxArchiveRatio` (every entry counted, refused as soon as passed).
 * Leading `./` is stripped.
 * @public
 */
export async function readTgz(
  buf: Buffer,
  limits?: GitopsReadLimits,
): Promise<Map<string, Buffer>> {
  return (await readTgzEntries(buf, limits)).files;
}
