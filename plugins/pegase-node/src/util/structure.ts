/*
 * Checks of a parsed file's structure in one pass, linear in its size: keys
 * repeated in a mapping (a Set per mapping, instead of the `yaml` parser's
 * `uniqueKeys`, which compares each key with every earlier one: O(n²)) and
 * nesting deeper than MAX_NESTING_DEPTH. No recursion: a deep file cannot
 * overflow the stack here.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import { createScanner } from 'jsonc-parser';

/** Deepest nesting of mappings and sequences read in a YAML or JSON file. */
export const MAX_NESTING_DEPTH = 100;

/** What is wrong with a file's structure, and where (1-based). */
export interface StructureIssue {
  kind: 'duplicate-key' | 'too-deep';
  line: number;
  column: number;
  /** The repeated key's path (`global.image.tag`, `hosts[2].name`), printable and shortened. */
  path?: string;
  /** Line of the key's first definition. */
  firstLine?: number;
}

const MAX_SHOWN = 80;

/** A key as shown in a message: control characters replaced, shortened. */
function shown(segment: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = segment.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > MAX_SHOWN ? `${clean.slice(0, MAX_SHOWN)}…` : clean;
}

function joinPath(path: string, key: string): string {
  const k = shown(key);
  return path ? `${path}.${k}` : k;
}

function shortPath(path: string): string {
  return path.length > 2 * MAX_SHOWN
    ? `…${path.slice(path.length - 2 * MAX_SHOWN)}`
    : path;
}

/**
 * The first repeated key (by position) of a YAML document, or its first
 * collection nested deeper than {@link MAX_NESTING_DEPTH}. Keys are equal as
 * for the `yaml` parser's own check: two scalar keys with the same resolved
 * value (`1` and `"1"` differ, `~` and `null` do not); collections and
 * aliases as keys are never equal.
 */
export function yamlStructureIssue(
  doc: Document,
  lc: LineCounter,
): StructureIssue | undefined {
  let found: { offset: number; issue: StructureIssue } | undefined;
  const pos = (offset: number) => lc.linePos(offset);
  const stack: Array<{ node: unknown; path: string; depth: number }> = [
    { node: doc.contents, path: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= MAX_NESTING_DEPTH) {
      const { line, col } = pos(node.range?.[0] ?? 0);
      return { kind: 'too-deep', line, column: col };
    }
    if (isSeq(node)) {
      node.items.forEach((item, i) =>
        stack.push({ node: item, path: `${path}[${i}]`, depth: depth + 1 }),
      );
      continue;
    }
    // a Map compares as `===` does, except NaN (never equal for yaml): skipped
    const seen = new Map<unknown, number>();
    for (const pair of node.items) {
      const key = pair.key;
      let segment = '?';
      if (isScalar(key)) {
        segment = String(key.value);
        const offset = key.range?.[0] ?? 0;
        if (!Number.isNaN(key.value)) {
          const first = seen.get(key.value);
          if (first === undefined) seen.set(key.value, offset);
          else if (!found || offset < found.offset) {
            const { line, col } = pos(offset);
            found = {
              offset,
              issue: {
                kind: 'duplicate-key',
                line,
                column: col,
                path: shortPath(joinPath(path, segment)),
                firstLine: pos(first).line,
              },
            };
          }
        }
      } else if (key !== null && key !== undefined) {
        stack.push({ node: key, path, depth: depth + 1 });
      }
      stack.push({
        node: pair.value,
        path: joinPath(path, segment),
        depth: depth + 1,
      });
    }
  }
  return found?.issue;
}

// jsonc-parser's SyntaxKind (a const enum, not importable at run time)
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const STRING = 10;
const EOF = 17;

/**
 * The first repeated key of a JSON text that `JSON.parse` accepted (it keeps
 * the last silently), or its first object or array nested deeper than
 * {@link MAX_NESTING_DEPTH}. One scan of the tokens; keys are compared after
 * their escapes are decoded, as `JSON.parse` does.
 */
export function jsonStructureIssue(text: string): StructureIssue | undefined {
  const scanner = createScanner(text, true);
  type Frame =
    | {
        object: true;
        keys: Map<string, number>;
        expectKey: boolean;
        path: string;
      }
    | { object: false; index: number; path: string };
  const stack: Frame[] = [];
  let pendingPath = '';
  const here = () => ({
    line: scanner.getTokenStartLine() + 1,
    column: scanner.getTokenStartCharacter() + 1,
  });
  const valuePath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    return top.object ? pendingPath : `${top.path}[${top.index}]`;
  };
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    const top = stack[stack.length - 1];
    switch (token) {
      case OPEN_BRACE:
      case OPEN_BRACKET: {
        if (stack.length >= MAX_NESTING_DEPTH)
          return { kind: 'too-deep', ...here() };
        const path = valuePath();
        stack.push(
          token === OPEN_BRACE
            ? { object: true, keys: new Map(), expectKey: true, path }
            : { object: false, index: 0, path },
        );
        break;
      }
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        stack.pop();
        break;
      case COMMA:
        if (top?.object) top.expectKey = true;
        else if (top) top.index++;
        break;
      case STRING:
        if (top?.object && top.expectKey) {
          const key = scanner.getTokenValue();
          const at = here();
          pendingPath = shortPath(joinPath(top.path, key));
          const first = top.keys.get(key);
          if (first !== undefined)
            return {
              kind: 'duplicate-key',
              ...at,
              path: pendingPath,
              firstLine: first,
            };
          top.keys.set(key, at.line);
          top.expectKey = false;
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

/** The message of a structure issue (after `invalid YAML: ` or `invalid JSON: `). */
export function structureMessage(
  issue: StructureIssue,
  format: 'YAML' | 'JSON',
): string {
  if (issue.kind === 'too-deep')
    return `nesting deeper than ${MAX_NESTING_DEPTH} levels (column ${issue.column})`;
  return `${format === 'YAML' ? 'Map keys' : 'keys'} must be unique: key '${
    issue.path
  }' (column ${issue.column}) is already defined at line ${issue.firstLine}`;
}
