/*
 * The Dockerfile as the image check reads it: instructions (comments dropped,
 * `\` continuations joined), words with quotes, ENV, ARG and COPY arguments,
 * and `$VAR` / `${VAR}` substitution. No file system, no process: pure parsing.
 */

/** One instruction of a Dockerfile. @public */
export interface Instruction {
  /** Upper-cased keyword (`COPY`, `RUN`, …). */
  keyword: string;
  /** Everything after the keyword, continuations joined. */
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
}

/**
 * Instructions of a Dockerfile: blank and comment lines dropped (inside a
 * continued instruction too, as Docker does), `\` continuations joined.
 *
 * @public
 */
export function parseDockerfile(
  text: string,
  file = 'Dockerfile',
): Instruction[] {
  const out: Instruction[] = [];
  let buffer = '';
  let start = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (!buffer && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (buffer && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (!buffer) start = i + 1;
    if (trimmed.endsWith('\\')) {
      buffer += `${trimmed.slice(0, -1).trimEnd()} `;
      return;
    }
    buffer += trimmed;
    const m = buffer.match(/^(\S+)\s*([\s\S]*)$/)!;
    out.push({ keyword: m[1].toUpperCase(), args: m[2].trim(), line: start });
    buffer = '';
  });
  if (buffer) {
    throw new Error(`${file}: the last instruction ends with a "\\"`);
  }
  return out;
}

/** Splits on whitespace, honouring double and single quotes. @public */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"']+))+/g;
  for (const m of text.matchAll(re)) {
    words.push(
      m[0].replace(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (_, dq, sq) =>
        dq !== undefined ? dq.replace(/\\(.)/g, '$1') : sq,
      ),
    );
  }
  return words;
}

/** `ENV a=b c="d e"` (and the legacy `ENV a b c`). @public */
export function parseEnv(text: string): Record<string, string> {
  const words = splitWords(text);
  if (words.length >= 1 && !words[0].includes('=')) {
    return {
      [words[0]]: text.slice(text.indexOf(words[0]) + words[0].length).trim(),
    };
  }
  const env: Record<string, string> = {};
  for (const w of words) {
    const i = w.indexOf('=');
    if (i <= 0) throw new Error(`ENV: cannot parse "${w}"`);
    env[w.slice(0, i)] = w.slice(i + 1);
  }
  return env;
}

/** `ARG NAME` or `ARG NAME=default` (one or several). @public */
export function parseArg(text: string): Record<string, string | undefined> {
  const args: Record<string, string | undefined> = {};
  for (const w of splitWords(text)) {
    const i = w.indexOf('=');
    if (i === 0) throw new Error(`ARG: cannot parse "${w}"`);
    if (i < 0) args[w] = undefined;
    else args[w.slice(0, i)] = w.slice(i + 1);
  }
  return args;
}

/**
 * Docker's variable substitution: `$NAME`, `${NAME}`, `${NAME:-default}`,
 * `${NAME:+alternative}`; `\$` stays a literal `$`. A variable that is not set
 * (and has no default) is an error naming it, rather than an empty string.
 *
 * @public
 */
export function substitute(
  text: string,
  vars: Record<string, string | undefined>,
): string {
  return text.replace(
    /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced, op, word, bare) => {
      if (match === '\\$') return '$';
      const name = braced ?? bare;
      const value = vars[name];
      if (op === '-') return value ? value : word;
      if (op === '+') return value ? word : '';
      if (value === undefined) {
        throw new Error(`variable "${name}" is not set (ARG or ENV)`);
      }
      return value;
    },
  );
}

/** A COPY instruction's parts. @public */
export interface CopyArgs {
  /** `--from=<stage or image>`, when copying from another stage. */
  from?: string;
  /** Every flag as written (`--chown=node:node`, `--from=build`, …). */
  flags: string[];
  sources: string[];
  dest: string;
}

/** `COPY [--flag...] src... dest` (the JSON array form too). @public */
export function parseCopy(text: string): CopyArgs {
  const trimmed = text.trim();
  let words: string[];
  const flags: string[] = [];
  const json = trimmed.match(/^((?:--\S+\s+)*)(\[[\s\S]*\])$/);
  if (json) {
    flags.push(...splitWords(json[1]));
    const parsed = JSON.parse(json[2]);
    if (!Array.isArray(parsed) || parsed.some(p => typeof p !== 'string')) {
      throw new Error(`COPY: the JSON form must be an array of strings`);
    }
    words = parsed;
  } else {
    const all = splitWords(trimmed);
    let i = 0;
    while (i < all.length && all[i].startsWith('--')) flags.push(all[i++]);
    words = all.slice(i);
  }
  if (words.length < 2) {
    throw new Error(`COPY needs a source and a destination: ${text}`);
  }
  const from = flags
    .find(f => f.startsWith('--from='))
    ?.slice('--from='.length);
  return {
    ...(from !== undefined ? { from } : {}),
    flags,
    sources: words.slice(0, -1),
    dest: words[words.length - 1],
  };
}

/**
 * A `RUN` instruction's command: its BuildKit flags (`--mount=…`,
 * `--network=…`), build-time only, dropped.
 *
 * @public
 */
export function runCommand(text: string): string {
  if (text.trim().startsWith('[')) {
    throw new Error('RUN ["..."] form is not replayed');
  }
  return text.replace(/^(--[a-z]+=\S+\s+)+/, '');
}
