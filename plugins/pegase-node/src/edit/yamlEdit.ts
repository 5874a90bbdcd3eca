import { isCollection, isScalar, parseDocument, type Document } from 'yaml';
import type { ValuePath } from '../model/types';
import { GitopsValidationError } from '../model/errors';

/** Splits a dotted path; all-digit segments become sequence indexes. */
export function toSegments(path: ValuePath): Array<string | number> {
  if (typeof path !== 'string') return [...path];
  return path.split('.').map(s => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Helm-style `key:\n- item` (sequences not indented under their key). */
function usesCompactSequences(text: string): boolean {
  return /^([ ]*)[^\s#-][^\n]*:[ ]*\r?\n\1- /m.test(text);
}

function load(text: string, file?: string): Document {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    const name = file ?? 'the YAML document';
    throw new GitopsValidationError([
      {
        severity: 'error',
        file: file ?? '',
        line,
        message: `${name}${line ? `, line ${line}` : ''}: invalid YAML: ${
          e.message.split('\n')[0]
        }`,
      },
    ]);
  }
  return doc;
}

function dump(doc: Document, original: string): string {
  const out = doc.toString({
    lineWidth: 0,
    flowCollectionPadding: false,
    indentSeq: !usesCompactSequences(original),
  });
  return out;
}

/**
 * Sets `path` to `value` in a YAML text, keeping comments, key order and the
 * style of untouched nodes (a scalar replaced by a scalar keeps its inline
 * comment and quoting). Missing maps on the way are created. Throws a
 * GitopsValidationError when the text is not valid YAML.
 * @public
 */
export function setYamlPath(
  text: string,
  path: ValuePath,
  value: unknown,
  options?: { file?: string },
): string {
  const doc = load(text, options?.file);
  const segs = toSegments(path);
  const existing = doc.getIn(segs, true);
  const isPlain =
    value === null || ['string', 'number', 'boolean'].includes(typeof value);
  if (isScalar(existing) && isPlain) {
    existing.value = value;
    // a quoted style that cannot hold the new type is dropped
    if (typeof value !== 'string') existing.type = undefined;
  } else if (segs.length === 0) {
    doc.contents = doc.createNode(value) as unknown as typeof doc.contents;
  } else if (
    doc.contents === null ||
    doc.contents === undefined ||
    (isScalar(doc.contents) && doc.contents.value === null)
  ) {
    doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
    doc.setIn(segs, doc.createNode(value));
  } else {
    if (!isCollection(doc.contents)) {
      throw new GitopsValidationError([
        {
          severity: 'error',
          file: options?.file ?? '',
          message: `${
            options?.file ?? 'the YAML document'
          }: the root is not a mapping`,
        },
      ]);
    }
    doc.setIn(segs, doc.createNode(value));
  }
  return dump(doc, text);
}

/**
 * Removes `path` from a YAML text (no-op if absent), keeping comments and key order.
 * @public
 */
export function deleteYamlPath(
  text: string,
  path: ValuePath,
  options?: { file?: string },
): string {
  const doc = load(text, options?.file);
  const segs = toSegments(path);
  if (!doc.hasIn(segs)) return text;
  doc.deleteIn(segs);
  return dump(doc, text);
}
