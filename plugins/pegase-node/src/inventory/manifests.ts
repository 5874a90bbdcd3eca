import { PEGASE_LABELS } from '@pcscol/plugin-pegase-common';
import type { ManifestDocument, ManifestFile, Problem } from '../model/types';
import {
  isRecord,
  parseYamlDocuments,
  problem,
  stringRecord,
  type FileCtx,
} from '../util/parse';

/** Label naming the entity a DBaaS/KaaS manifest was requested for (`PEGASE_LABELS.requestedFor`). */
export const REQUESTED_FOR_LABEL = PEGASE_LABELS.requestedFor;

/**
 * Parses a multi-document manifest file. A YAML syntax error rejects the
 * whole file; empty documents are skipped; a document that is not a mapping
 * is an error (the file is rejected); one without kind/metadata.name is a warning.
 */
export function parseManifestFile(
  text: string,
  ctx: FileCtx,
): { manifest?: ManifestFile; problems: Problem[] } {
  const { docs, problems } = parseYamlDocuments(text, ctx);
  if (!docs) return { problems };
  const documents: ManifestDocument[] = [];
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    const body = d.value;
    if (body === null || body === undefined) continue;
    if (!isRecord(body)) {
      problems.push(
        problem(
          ctx,
          'error',
          `document ${i + 1} is not a mapping; file ignored`,
          { line: d.startLine },
        ),
      );
      return { problems };
    }
    const metadata = isRecord(body.metadata) ? body.metadata : {};
    const doc: ManifestDocument = {
      file: ctx.file,
      location: ctx.location,
      index: i,
      line: d.startLine,
      labels: stringRecord(metadata.labels),
      annotations: stringRecord(metadata.annotations),
      body,
    };
    if (typeof body.apiVersion === 'string') doc.apiVersion = body.apiVersion;
    if (typeof body.kind === 'string') doc.kind = body.kind;
    if (typeof metadata.name === 'string') doc.name = metadata.name;
    if (typeof metadata.namespace === 'string')
      doc.namespace = metadata.namespace;
    if (doc.labels[REQUESTED_FOR_LABEL])
      doc.requestedFor = doc.labels[REQUESTED_FOR_LABEL];
    if (!doc.kind || !doc.name) {
      problems.push(
        problem(
          ctx,
          'warning',
          `document ${i + 1} has no ${!doc.kind ? 'kind' : 'metadata.name'}`,
          {
            line: d.startLine,
            field: !doc.kind ? 'kind' : 'metadata.name',
          },
        ),
      );
    }
    documents.push(doc);
  }
  return {
    manifest: { file: ctx.file, location: ctx.location, documents },
    problems,
  };
}
