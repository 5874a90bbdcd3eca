import {
  LineCounter,
  parseAllDocuments,
  parseDocument,
  isMap,
  isSeq,
  isScalar,
  type Document,
  type Node,
} from 'yaml';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Problem } from '../model/types';
import { isGitopsFileRefusedError } from '../source/refused';
import { deepFreeze, type GitopsReadCache } from './readCache';
import {
  MAX_NESTING_DEPTH,
  jsonStructureIssue,
  structureMessage,
  yamlStructureIssue,
  type StructureIssue,
} from './structure';

/** Context of a file being parsed: for problems. */
export interface FileCtx {
  file: string;
  location: string;
  /** Parse results of previous reads (unchanged files are not parsed again). */
  cache?: GitopsReadCache;
}

function freezeParsed(r: { parsed?: ParsedYaml; docs?: ParsedYaml[] }): void {
  if (r.parsed) deepFreeze(r.parsed.value);
  for (const d of r.docs ?? []) deepFreeze(d.value);
}

export function problem(
  ctx: FileCtx,
  severity: Problem['severity'],
  message: string,
  extra?: Partial<Pick<Problem, 'field' | 'line' | 'column' | 'subject'>>,
): Problem {
  const where = [
    ctx.file,
    extra?.line !== undefined ? `line ${extra.line}` : undefined,
    extra?.field ? `field '${extra.field}'` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const p: Problem = {
    severity,
    file: ctx.file,
    location: ctx.location,
    message: `${where}: ${message}`,
  };
  if (extra?.field !== undefined) p.field = extra.field;
  if (extra?.line !== undefined) p.line = extra.line;
  if (extra?.column !== undefined) p.column = extra.column;
  if (extra?.subject !== undefined) p.subject = extra.subject;
  return p;
}

/**
 * The problem of a file that could not be read: for a refused file (a
 * symlink, outside the root, over the size limit) `<file> is a symlink; not
 * read`, else `<file>: cannot read the file: <reason>`. Never file content.
 */
export function readFailureProblem(
  ctx: FileCtx,
  error: unknown,
  extra?: Partial<Pick<Problem, 'subject'>> & { suffix?: string },
): Problem {
  if (isGitopsFileRefusedError(error)) {
    const text = error.message.startsWith(error.path)
      ? error.message.slice(error.path.length)
      : ` ${error.message}`;
    const p: Problem = {
      severity: 'error',
      file: ctx.file,
      location: ctx.location,
      message: `${ctx.file}${text}${extra?.suffix ?? ''}`,
    };
    if (extra?.subject !== undefined) p.subject = extra.subject;
    return p;
  }
  return problem(
    ctx,
    'error',
    `cannot read the file: ${(error as Error)?.message ?? String(error)}${
      extra?.suffix ?? ''
    }`,
    extra,
  );
}

export function lineOf(
  text: string,
  offset: number,
): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** Reasons of JSON syntax errors, by jsonc-parser error code: never the file's text. */
const JSON_REASONS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: "':' is expected after a property name",
  CommaExpected: "',' is expected",
  CloseBraceExpected: "'}' is expected",
  CloseBracketExpected: "']' is expected",
  EndOfFileExpected: 'unexpected content after the JSON value',
  InvalidCommentToken: 'comments are not allowed',
  UnexpectedEndOfComment: 'unexpected end of comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unexpected end of number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/**
 * Parses JSON; a syntax error becomes a Problem with its line and column and
 * a reason from a fixed list (never the file's text: `JSON.parse` messages
 * quote it).
 */
export function parseJsonFile(
  text: string,
  ctx: FileCtx,
): { value?: unknown; problems: Problem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    let line: number | undefined;
    let column: number | undefined;
    let reason = 'syntax error';
    const errors: ParseError[] = [];
    parseTree(text, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
    if (errors.length > 0) {
      const first = errors[0];
      reason = JSON_REASONS[printParseErrorCode(first.error)] ?? 'syntax error';
      ({ line, column } = lineOf(text, first.offset));
    } else {
      // V8's message gives a position (its text may quote the file: not kept)
      const msg = (e as Error).message;
      const lc = /\(line (\d+) column (\d+)\)/.exec(msg);
      const pos = /at position (\d+)/.exec(msg);
      if (lc) {
        line = Number(lc[1]);
        column = Number(lc[2]);
      } else if (pos) ({ line, column } = lineOf(text, Number(pos[1])));
    }
    return {
      problems: [
        problem(
          ctx,
          'error',
          `invalid JSON: ${reason}${
            column !== undefined ? ` (column ${column})` : ''
          }`,
          { line, column },
        ),
      ],
    };
  }
  // JSON.parse keeps the last of repeated keys silently: refused, as in YAML
  const issue = jsonStructureIssue(text);
  if (issue) return { problems: [structureProblem(issue, 'JSON', ctx)] };
  return { value, problems: [] };
}

/** The problem of a repeated key or too deep a nesting. */
function structureProblem(
  issue: StructureIssue,
  format: 'YAML' | 'JSON',
  ctx: FileCtx,
): Problem {
  return problem(
    ctx,
    'error',
    `invalid ${format}: ${structureMessage(issue, format)}`,
    { line: issue.line, column: issue.column },
  );
}

/**
 * The `yaml` parser's alias limit (its `maxAliasCount`): a document whose
 * aliases resolve to more nodes is refused ("billion laughs").
 */
export const MAX_ALIAS_COUNT = 1000;

/** A parsed YAML document with a way to find the line of a path. */
export interface ParsedYaml {
  value: unknown;
  doc: Document;
  /** 1-based line of the node at `path`, if it exists. */
  lineAt(path: ReadonlyArray<string | number>): number | undefined;
  /** 1-based line where the document starts. */
  startLine: number;
}

function makeParsed(doc: Document, lc: LineCounter): ParsedYaml {
  return {
    value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }),
    doc,
    startLine: lc.linePos(
      (doc.contents as Node | null)?.range?.[0] ?? doc.range?.[0] ?? 0,
    ).line,
    lineAt(path) {
      let node: unknown = doc.contents;
      let keyNode: Node | undefined;
      for (const seg of path) {
        if (isMap(node)) {
          const pair = node.items.find(
            it => (isScalar(it.key) ? it.key.value : it.key) === seg,
          );
          if (!pair)
            return keyNode?.range
              ? lc.linePos(keyNode.range[0]).line
              : undefined;
          keyNode = (pair.key as Node) ?? undefined;
          node = pair.value;
        } else if (isSeq(node) && typeof seg === 'number') {
          node = node.items[seg];
          keyNode = node as Node;
        } else break;
      }
      const n = keyNode ?? (node as Node | undefined);
      return n?.range ? lc.linePos(n.range[0]).line : undefined;
    },
  };
}

/**
 * Reasons of YAML errors, by the `yaml` library's error code. Its messages
 * are not used: some quote the file (an alias or tag name, an escape) and,
 * with `prettyErrors`, add a code frame of the source.
 */
const YAML_REASONS: Record<string, string> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias refers to no anchor defined before it',
  BAD_COLLECTION_TYPE: 'a tag does not match the collection type',
  BAD_DIRECTIVE: 'invalid directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'anchor or tag in the wrong place',
  BAD_SCALAR_START: 'a plain value cannot start with this character',
  BLOCK_AS_IMPLICIT_KEY: 'a block collection cannot be an implicit key',
  BLOCK_IN_FLOW: 'block collections are not allowed inside flow collections',
  DUPLICATE_KEY: 'Map keys must be unique',
  IMPOSSIBLE: 'unexpected parser state',
  KEY_OVER_1024_CHARS: 'an implicit key is longer than 1024 characters',
  MISSING_CHAR: 'a closing character is missing',
  MULTILINE_IMPLICIT_KEY: 'implicit keys must be on a single line',
  MULTIPLE_ANCHORS: 'a node has several anchors',
  MULTIPLE_DOCS: 'several documents where one is expected',
  MULTIPLE_TAGS: 'a node has several tags',
  NON_STRING_KEY: 'keys must be strings',
  // raised by the parser when composing overflows its stack: nesting, not aliases
  RESOURCE_EXHAUSTION: `nesting deeper than ${MAX_NESTING_DEPTH} levels`,
  TAB_AS_INDENT: 'tabs are not allowed as indentation',
  TAG_RESOLVE_FAILED: 'a value does not resolve with its tag',
  UNEXPECTED_TOKEN: 'unexpected token',
};

function yamlErrorProblem(
  err: { code?: string; linePos?: Array<{ line: number; col: number }> },
  ctx: FileCtx,
): Problem {
  const pos = err.linePos?.[0];
  const reason = (err.code && YAML_REASONS[err.code]) ?? 'syntax error';
  return problem(
    ctx,
    'error',
    `invalid YAML: ${reason}${pos ? ` (column ${pos.col})` : ''}`,
    { line: pos?.line, column: pos?.col },
  );
}

const TOO_MANY_ALIASES = `too many aliases (more than ${MAX_ALIAS_COUNT} resolved nodes)`;

/** The problem of a document that parses but does not resolve (aliases). */
function yamlResolveProblem(e: unknown, ctx: FileCtx): Problem {
  const msg = (e as Error)?.message ?? '';
  let reason = 'the document does not resolve';
  if (/alias count|resource exhaustion/i.test(msg)) reason = TOO_MANY_ALIASES;
  else if (/unresolved alias/i.test(msg)) reason = YAML_REASONS.BAD_ALIAS;
  return problem(ctx, 'error', `invalid YAML: ${reason}`);
}

/** Options of {@link parseYamlFile}. */
export interface YamlReadOptions {
  /**
   * Read plain scalars as YAML 1.1, as Helm reads values files: Helm v4.2.4
   * pkg/chart/common/values.go (ReadValues) uses sigs.k8s.io/yaml v1.6.0,
   * which converts through go.yaml.in/yaml/v2 (yaml.go: "As per the YAML 1.1
   * specification ... 'yes' and 'no' ... will be converted to true/false"),
   * whose resolve.go makes y/yes/on (any case form listed there) true,
   * n/no/off false, 0777 octal, 0x/0b numbers and 1_000 ints. Timestamps
   * and sexagesimal numbers stay strings here (no Date objects in values).
   */
  yaml11?: boolean;
}

const YAML_11 = {
  version: '1.1' as const,
  customTags: (tags: ReadonlyArray<unknown>) =>
    (tags as Array<{ tag?: string; format?: string }>).filter(
      t => t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME',
    ) as never,
};

/**
 * Parses one YAML document; a syntax error becomes a Problem with its line.
 * With `ctx.cache`, an unchanged file gives the previous (frozen) result.
 */
export function parseYamlFile(
  text: string,
  ctx: FileCtx,
  options: YamlReadOptions = {},
): { parsed?: ParsedYaml; problems: Problem[] } {
  if (ctx.cache) {
    const r = ctx.cache.memo(
      options.yaml11 ? 'yaml-1.1' : 'yaml',
      ctx.file,
      ctx.location,
      text,
      () =>
        parseYamlFile(
          text,
          { file: ctx.file, location: ctx.location },
          options,
        ),
      freezeParsed,
    );
    // callers add their own problems to the array
    return { ...r, problems: [...r.problems] };
  }
  const lc = new LineCounter();
  // uniqueKeys: false, repeated keys are found by yamlStructureIssue, linearly
  const doc = parseDocument(text, {
    lineCounter: lc,
    prettyErrors: true,
    uniqueKeys: false,
    ...(options.yaml11 ? YAML_11 : {}),
  });
  if (doc.errors.length > 0) {
    return { problems: [yamlErrorProblem(doc.errors[0], ctx)] };
  }
  const issue = yamlStructureIssue(doc, lc);
  if (issue) return { problems: [structureProblem(issue, 'YAML', ctx)] };
  try {
    return { parsed: makeParsed(doc, lc), problems: [] };
  } catch (e) {
    return {
      problems: [yamlResolveProblem(e, ctx)],
    };
  }
}

/**
 * Parses a multi-document YAML file; any syntax error rejects the whole file.
 * With `ctx.cache`, an unchanged file gives the previous (frozen) result.
 */
export function parseYamlDocuments(
  text: string,
  ctx: FileCtx,
): { docs?: ParsedYaml[]; problems: Problem[] } {
  if (ctx.cache) {
    const r = ctx.cache.memo(
      'yaml-docs',
      ctx.file,
      ctx.location,
      text,
      () =>
        parseYamlDocuments(text, { file: ctx.file, location: ctx.location }),
      freezeParsed,
    );
    return { ...r, problems: [...r.problems] };
  }
  const lc = new LineCounter();
  const all = parseAllDocuments(text, {
    lineCounter: lc,
    prettyErrors: true,
    uniqueKeys: false,
  });
  const docs = [...all];
  for (const d of docs) {
    if (d.errors.length > 0)
      return { problems: [yamlErrorProblem(d.errors[0], ctx)] };
  }
  for (const d of docs) {
    const issue = yamlStructureIssue(d, lc);
    if (issue) return { problems: [structureProblem(issue, 'YAML', ctx)] };
  }
  try {
    return { docs: docs.map(d => makeParsed(d, lc)), problems: [] };
  } catch (e) {
    return {
      problems: [yamlResolveProblem(e, ctx)],
    };
  }
}

/** `problems` without repeats (same severity, file and message), in order. */
export function uniqueProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter(p => {
    const key = `${p.severity}\u0000${p.file}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Compares repository paths folder by folder (`a/x` before `a-b/x`). */
export function comparePaths(a: string, b: string): number {
  const sa = a.split('/');
  const sb = b.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    if (sa[i] !== sb[i]) return sa[i] < sb[i] ? -1 : 1;
  }
  return sa.length - sb.length;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A record of strings from an unknown value (non-string values are stringified). */
export function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x !== null && x !== undefined)
        out[k] = typeof x === 'string' ? x : String(x);
    }
  }
  return out;
}

export function splitList(v: string | undefined): string[] {
  if (!v) return [];
  return v
    .split(/[,\n]/)
    .map(s => s.trim())
    .filter(Boolean);
}
