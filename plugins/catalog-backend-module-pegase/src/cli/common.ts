import path from 'node:path';
import { directoryFileSource } from '@pcscol/plugin-pegase-node';
import { PegaseEntities, readPegaseEntities } from '../transform';

/** Writes one chunk of output. */
export type Out = (s: string) => void;

/** Parses `--flag value` / `--flag=value` pairs; every flag may repeat. */
export function parseArgs(
  argv: string[],
  allowed: string[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (!allowed.includes(flag)) throw new Error(`unknown option ${flag}`);
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    (out[flag] ??= []).push(v);
  }
  return out;
}

/** The one `--format` value among `allowed` (the first is the default). */
export function formatOf<T extends string>(
  args: Record<string, string[]>,
  allowed: readonly T[],
): T {
  const format = args['--format']?.[0] ?? allowed[0];
  if (!allowed.includes(format as T)) {
    throw new Error(`--format must be ${allowed.join(' or ')}, not ${format}`);
  }
  return format as T;
}

/** Columns padded to their widest cell, two spaces apart. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => r[c].length)));
  return `${rows
    .map(r =>
      r
        .map((v, c) => v.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/**
 * Reads a repository folder as the providers do (pegase-node's read, then the
 * transform): the same snapshot and entities as the catalog gets.
 */
export async function readRepoEntities(
  repo: string | undefined,
): Promise<PegaseEntities> {
  if (!repo) throw new Error('--repo is required');
  return readPegaseEntities(directoryFileSource(path.resolve(repo)));
}
