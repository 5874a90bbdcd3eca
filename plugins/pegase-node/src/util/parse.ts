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
import type { Problem } from '../model/types';
import { deepFreeze, type GitopsReadCache } from './readCache';

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

/** Parses JSON; a syntax error becomes a Problem with its line. */
export function parseJsonFile(
  text: string,
  ctx: FileCtx,
): { value?: unknown; problems: Problem[] } {
  try {
    return { value: JSON.parse(text), problems: [] };
  } catch (e) {
    const msg = (e as Error).message;
    let line: number | undefined;
    let column: number | undefined;
    const lc = /\(line (\d+) column (\d+)\)/.exec(msg);
    const pos = /at position (\d+)/.exec(msg);
    if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
    } else if (pos) {
      ({ line, column } = lineOf(text, Number(pos[1])));
    } else if (/end of JSON input/i.test(msg)) {
      ({ line, column } = lineOf(text, text.length));
    }
    const reason = msg
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/ in JSON at position \d+/, '');
    return {
      problems: [
        problem(ctx, 'error', `invalid JSON: ${reason}`, { line, column }),
      ],
    };
  }
}

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
    value: doc.toJS({ maxAliasCount: 1000 }),
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

function yamlErrorProblem(
  err: { message: string; linePos?: Array<{ line: number; col: number }> },
  ctx: FileCtx,
): Problem {
  const pos = err.linePos?.[0];
  const reason = err.message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '');
  return problem(ctx, 'error', `invalid YAML: ${reason}`, {
    line: pos?.line,
    column: pos?.col,
  });
}

/**
 * Parses one YAML document; a syntax error becomes a Problem with its line.
 * With `ctx.cache`, an unchanged file gives the previous (frozen) result.
 */
export function parseYamlFile(
  text: string,
  ctx: FileCtx,
): { parsed?: ParsedYaml; problems: Problem[] } {
  if (ctx.cache) {
    const r = ctx.cache.memo(
      'yaml',
      ctx.file,
      ctx.location,
      text,
      () => parseYamlFile(text, { file: ctx.file, location: ctx.location }),
      freezeParsed,
    );
    // callers add their own problems to the array
    return { ...r, problems: [...r.problems] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lc,
    prettyErrors: true,
    uniqueKeys: true,
  });
  if (doc.errors.length > 0) {
    return { problems: [yamlErrorProblem(doc.errors[0], ctx)] };
  }
  try {
    return { parsed: makeParsed(doc, lc), problems: [] };
  } catch (e) {
    return {
      problems: [
        problem(ctx, 'error', `invalid YAML: ${(e as Error).message}`),
      ],
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
    uniqueKeys: true,
  });
  const docs = [...all];
  for (const d of docs) {
    if (d.errors.length > 0)
      return { problems: [yamlErrorProblem(d.errors[0], ctx)] };
  }
  try {
    return { docs: docs.map(d => makeParsed(d, lc)), problems: [] };
  } catch (e) {
    return {
      problems: [
        problem(ctx, 'error', `invalid YAML: ${(e as Error).message}`),
      ],
    };
  }
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
