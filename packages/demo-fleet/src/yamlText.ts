import { Document, Scalar, isMap, isScalar, visit } from 'yaml';

const TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?)?$/;

/** Options of every YAML file the generator writes (no line folding: stable bytes). */
const TO_STRING = { lineWidth: 0, minContentWidth: 0 } as const;

/** A comment to attach before a key, addressed by its path of keys. */
export interface KeyComment {
  path: Array<string | number>;
  comment: string;
  /** Insert an empty line before the key. */
  spaceBefore?: boolean;
}

/** Build a YAML document from a plain value, with an optional header and key comments. */
export function yamlDoc(
  value: unknown,
  options: { header?: string; comments?: KeyComment[] } = {},
): Document {
  const doc = new Document(value);
  quoteTimestamps(doc);
  if (options.header) doc.commentBefore = prefix(options.header);
  for (const c of options.comments ?? []) commentKey(doc, c);
  return doc;
}

/**
 * Quote date-like strings: YAML 1.1 parsers (Go, js-yaml) would read them as timestamps.
 */
function quoteTimestamps(doc: Document) {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && TIMESTAMP.test(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
}

function prefix(text: string): string {
  return text
    .split('\n')
    .map(l => (l ? ` ${l}` : ''))
    .join('\n');
}

/** Attach a comment before the key at `path` (no-op when the key does not exist). */
export function commentKey(doc: Document, c: KeyComment): void {
  const parentPath = c.path.slice(0, -1);
  const last = c.path[c.path.length - 1];
  const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
  if (!isMap(parent)) return;
  for (const pair of parent.items) {
    if (isScalar(pair.key) && pair.key.value === last) {
      pair.key.commentBefore = prefix(c.comment);
      if (c.spaceBefore) pair.key.spaceBefore = true;
      return;
    }
  }
}

/** One YAML document as text. */
export function toYaml(
  value: unknown,
  options: { header?: string; comments?: KeyComment[] } = {},
): string {
  return yamlDoc(value, options).toString(TO_STRING);
}

/** Several documents as one multi-document YAML text (`---` before each document). */
export function toMultiYaml(
  docs: Array<Document | unknown>,
  header?: string,
): string {
  const parts = docs.map(d =>
    (d instanceof Document ? d : yamlDoc(d)).toString(TO_STRING),
  );
  const head = header ? `${prefix(header).replace(/^/gm, '#')}\n` : '';
  return head + parts.map(p => `---\n${p}`).join('');
}
