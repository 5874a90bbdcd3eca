import { Parser, type ReadEntry } from 'tar';

/**
 * Reads a (gzipped or plain) tar archive in memory: path -> content, for
 * regular files only. Leading `./` is stripped. Rejects on a corrupt archive.
 * @public
 */
export async function readTgz(buf: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
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
        if (entry.type !== 'File' && entry.type !== 'OldFile') {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        const path = entry.path.replace(/^(\.\/)+/, '');
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => files.set(path, Buffer.concat(chunks)));
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
  return files;
}
