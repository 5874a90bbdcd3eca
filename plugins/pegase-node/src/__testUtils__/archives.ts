/*
 * Archives built as streams, for the reading limits' tests and bench
 * (bench/reading): an entry of gigabytes is never held in memory.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { Header } from 'tar';

/**
 * One entry of {@link makeStreamedTgz}.
 *
 * @public
 */
export interface StreamedEntry {
  /** The entry's path in the archive. */
  path: string;
  /** The size its header declares, in bytes. */
  size: number;
  /** `zeros` (default) compresses about 1,000 to 1; `text` about 30 to 1. */
  fill?: 'zeros' | 'text';
  /** The entry's bytes instead of a fill (`size` is then ignored). */
  content?: string;
}

const PIECE = 1024 * 1024;
const ZEROS = Buffer.alloc(PIECE);

/** A piece that gzip compresses about 30 to 1: random bytes among repeats. */
function textPiece(): Buffer {
  const piece = Buffer.alloc(PIECE, 'values: enabled\n');
  for (let at = 0; at < PIECE; at += 32 * 1024)
    randomBytes(512)
      .toString('base64')
      .split('')
      .forEach((c, i) => {
        if (at + i < PIECE) piece[at + i] = c.charCodeAt(0);
      });
  return piece;
}

/**
 * The 512-byte tar header of a regular file.
 *
 * @public
 */
export function tarFileHeader(path: string, size: number): Buffer {
  const block = Buffer.alloc(512);
  new Header({
    path,
    size,
    type: 'File',
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: new Date(0),
  }).encode(block, 0);
  return block;
}

function* tarStream(entries: StreamedEntry[]): Generator<Buffer> {
  const text = entries.some(e => e.fill === 'text') ? textPiece() : ZEROS;
  for (const e of entries) {
    if (e.content !== undefined) {
      const b = Buffer.from(e.content);
      yield tarFileHeader(e.path, b.length);
      yield b;
      yield Buffer.alloc((512 - (b.length % 512)) % 512);
      continue;
    }
    yield tarFileHeader(e.path, e.size);
    const piece = e.fill === 'text' ? text : ZEROS;
    for (let left = e.size; left > 0; left -= PIECE)
      yield left >= PIECE ? piece : piece.subarray(0, left);
    const pad = (512 - (e.size % 512)) % 512;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(1024);
}

/**
 * A gzipped tar of `entries`, streamed through gzip (level 9 by default).
 *
 * @public
 */
export async function makeStreamedTgz(
  entries: StreamedEntry[],
  level = 9,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of Readable.from(tarStream(entries)).pipe(
    createGzip({ level }),
  ))
    chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
