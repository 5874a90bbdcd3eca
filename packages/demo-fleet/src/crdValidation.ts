import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

/** One problem found in a manifest. */
export interface ManifestValidationError {
  /** The file the manifest came from, when known. */
  file?: string;
  /** Index of the document in a multi-document file. */
  document?: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  /** JSON pointer of the offending field (`/spec/teamId`), `` for the whole object. */
  path: string;
  /** Human-readable message naming the file, kind, object and path. */
  message: string;
}

/** Options of the validation functions. */
export interface ValidateOptions {
  /** The file name to put in the errors. */
  file?: string;
  /** Document index to put in the errors. */
  document?: number;
  /** Folder of CRD YAML files (default `$PEGASE_SHARED_DIR/crds`). */
  crdDir?: string;
  /**
   * Reject fields the schema does not declare (like `kubectl --validate=strict`);
   * default true. Fields under `x-kubernetes-preserve-unknown-fields` are always accepted.
   */
  strict?: boolean;
}

interface CrdIndex {
  ajv: Ajv;
  /** Prepared schemas by `group/version/kind`, compiled on first use. */
  schemas: Map<string, object>;
  validators: Map<string, ValidateFunction>;
  /** Where each schema came from (for messages). */
  sources: Map<string, string>;
}

const cache = new Map<string, CrdIndex>();

/**
 * The default CRD folder: `$PEGASE_SHARED_DIR/crds`, else the first `shared/crds` found
 * walking up from the current directory (`<repo root>/../shared/crds` in a checkout).
 */
export function defaultCrdDir(): string {
  if (process.env.PEGASE_SHARED_DIR)
    return path.join(process.env.PEGASE_SHARED_DIR, 'crds');
  let dir = process.cwd();
  for (;;) {
    const candidate = path.join(dir, 'shared', 'crds');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        'no CRD folder: set PEGASE_SHARED_DIR (its crds/ folder holds the CRDs)',
      );
    }
    dir = parent;
  }
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listYaml(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/**
 * Make a CRD schema usable by Ajv the way the API server reads it: `x-kubernetes-*`
 * keywords are dropped (their meaning kept), `int-or-string` becomes a type union, and in
 * strict mode objects with declared properties reject undeclared ones.
 */
function prepareSchema(schema: unknown, strict: boolean): unknown {
  if (Array.isArray(schema)) return schema.map(s => prepareSchema(s, strict));
  if (typeof schema !== 'object' || schema === null) return schema;
  const src = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-kubernetes-')) continue;
    if (
      k === 'properties' ||
      k === 'patternProperties' ||
      k === 'definitions'
    ) {
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([pk, pv]) => [
          pk,
          prepareSchema(pv, strict),
        ]),
      );
    } else if (typeof v === 'object' && v !== null) {
      out[k] = prepareSchema(v, strict);
    } else {
      out[k] = v;
    }
  }
  if (src['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    const union = [{ type: 'integer' }, { type: 'string' }];
    if (out.anyOf === undefined) out.anyOf = union;
  }
  const preserve = src['x-kubernetes-preserve-unknown-fields'] === true;
  if (
    strict &&
    !preserve &&
    out.properties !== undefined &&
    out.additionalProperties === undefined
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function loadIndex(crdDir: string, strict: boolean): CrdIndex {
  const key = `${crdDir}|${strict}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
    // CRD patterns are Go RE2 regular expressions (e.g. `\ `), not always valid with /u.
    unicodeRegExp: false,
  });
  const schemas = new Map<string, object>();
  const validators = new Map<string, ValidateFunction>();
  const sources = new Map<string, string>();
  for (const file of listYaml(crdDir)) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd = doc.toJS() as any;
      if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec?.group)
        continue;
      for (const version of crd.spec.versions ?? []) {
        const schema =
          version.schema?.openAPIV3Schema ??
          crd.spec.validation?.openAPIV3Schema;
        if (!schema) continue;
        const id = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
        schemas.set(id, prepareSchema(schema, strict) as object);
        sources.set(id, path.relative(crdDir, file));
      }
    }
  }
  const index = { ajv, schemas, validators, sources };
  cache.set(key, index);
  return index;
}

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function where(opts: ValidateOptions): string {
  if (!opts.file) return '';
  return opts.document !== undefined
    ? `${opts.file} (document ${opts.document + 1}): `
    : `${opts.file}: `;
}

/**
 * Validate one Kubernetes manifest (a parsed object) against the official CRD schema of
 * its `apiVersion` (group/version) and `kind`, read from `$PEGASE_SHARED_DIR/crds/**`.
 * Returns the problems found (empty when valid). A kind with no CRD is an error.
 */
export function validateManifest(
  manifest: unknown,
  options: ValidateOptions = {},
): ManifestValidationError[] {
  const strict = options.strict ?? true;
  const crdDir = options.crdDir ?? defaultCrdDir();
  const m = (manifest ?? {}) as Record<string, any>;
  const apiVersion =
    typeof m.apiVersion === 'string' ? m.apiVersion : undefined;
  const kind = typeof m.kind === 'string' ? m.kind : undefined;
  const name =
    typeof m.metadata?.name === 'string' ? m.metadata.name : undefined;
  const base = {
    file: options.file,
    document: options.document,
    apiVersion,
    kind,
    name,
  };
  const label = `${where(options)}${kind ?? '<no kind>'}${
    name ? ` ${name}` : ''
  }`;
  const err = (p: string, msg: string): ManifestValidationError => ({
    ...base,
    path: p,
    message: `${label}: ${p || '/'} ${msg}`,
  });

  if (
    typeof manifest !== 'object' ||
    manifest === null ||
    Array.isArray(manifest)
  ) {
    return [err('', 'must be an object')];
  }
  const errors: ManifestValidationError[] = [];
  if (!apiVersion) errors.push(err('/apiVersion', 'is required'));
  if (!kind) errors.push(err('/kind', 'is required'));
  if (!name) errors.push(err('/metadata/name', 'is required'));
  else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    errors.push(err('/metadata/name', `"${name}" is not a DNS-1123 subdomain`));
  }
  if (
    m.metadata?.namespace !== undefined &&
    (typeof m.metadata.namespace !== 'string' ||
      !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(m.metadata.namespace) ||
      m.metadata.namespace.length > 63)
  ) {
    errors.push(err('/metadata/namespace', 'is not a DNS-1123 label'));
  }
  if (!apiVersion || !kind) return errors;

  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const index = loadIndex(crdDir, strict);
  const id = `${group}/${version}/${kind}`;
  const schema = index.schemas.get(id);
  if (!schema) {
    const known = [...index.schemas.keys()].filter(k => k.endsWith(`/${kind}`));
    errors.push(
      err(
        '',
        `no CRD for ${apiVersion} ${kind} in ${crdDir}${
          known.length ? ` (known versions: ${known.join(', ')})` : ''
        }`,
      ),
    );
    return errors;
  }
  let validate = index.validators.get(id);
  if (!validate) {
    validate = index.ajv.compile(schema);
    index.validators.set(id, validate);
  }
  if (!validate(manifest)) {
    for (const e of dedupe(validate.errors ?? [])) {
      errors.push(err(e.instancePath, describe(e)));
    }
  }
  return errors.map(e => ({
    ...e,
    message: `${e.message} [${index.sources.get(id)}]`,
  }));
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter(e => {
    const k = `${e.instancePath}|${e.message}|${JSON.stringify(e.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return `has unknown field "${(e.params as any).additionalProperty}"`;
    case 'required':
      return `must have required field "${(e.params as any).missingProperty}"`;
    case 'enum':
      return `must be one of ${JSON.stringify(
        (e.params as any).allowedValues,
      )}`;
    default:
      return e.message ?? e.keyword;
  }
}

/**
 * Validate every document of a (multi-document) YAML text. Parse errors are reported too.
 */
export function validateYamlManifests(
  text: string,
  options: ValidateOptions = {},
): ManifestValidationError[] {
  const errors: ManifestValidationError[] = [];
  const docs = parseAllDocuments(text);
  docs.forEach((doc, i) => {
    const opts = { ...options, document: docs.length > 1 ? i : undefined };
    if (doc.errors.length) {
      for (const e of doc.errors) {
        errors.push({
          file: options.file,
          document: opts.document,
          path: '',
          message: `${where(opts)}YAML error: ${e.message}`,
        });
      }
      return;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) return; // empty document
    errors.push(...validateManifest(value, opts));
  });
  return errors;
}

/** Validate a YAML file of manifests (errors name the file). */
export function validateManifestFile(
  file: string,
  options: Omit<ValidateOptions, 'file'> & { displayName?: string } = {},
): ManifestValidationError[] {
  const { displayName, ...rest } = options;
  return validateYamlManifests(fs.readFileSync(file, 'utf8'), {
    ...rest,
    file: displayName ?? file,
  });
}
