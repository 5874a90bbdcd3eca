import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { isValidEntityName, Problem } from '@pcscol/plugin-pegase-node';

/**
 * Annotation naming the repository-relative file an entity comes from
 * (`PEGASE_ANNOTATIONS.sourceFile`). @public
 */
export const ANNOTATION_SOURCE_FILE = PEGASE_ANNOTATIONS.sourceFile;

/** Options shared by the transforms. @public */
export interface TransformOptions {
  /** Group owning what has no owner. Default `ops`. */
  opsGroup: string;
  /** ArgoCD config name for clusters without `argocd`. */
  defaultArgocdInstance: string;
  /** Lifecycle of Components and APIs. Default `production`. */
  lifecycle: string;
  /** `kubernetes.io/auth-provider` of cluster entities. */
  authProvider: string;
  oidcTokenProvider?: string;
}

/** Default transform options. @public */
export const DEFAULT_TRANSFORM_OPTIONS: TransformOptions = {
  opsGroup: 'ops',
  defaultArgocdInstance: 'default',
  lifecycle: 'production',
  authProvider: 'oidc',
};

/** `backstage.io/managed-by-location` value of a file location. @public */
export function locationRef(location: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return `url:${location}`;
  return `file:${location}`;
}

/** The annotations every emitted entity carries. @public */
export function baseAnnotations(
  file: string,
  location: string,
): Record<string, string> {
  const ref = locationRef(location);
  return {
    [ANNOTATION_LOCATION]: ref,
    [ANNOTATION_ORIGIN_LOCATION]: ref,
    [ANNOTATION_SOURCE_FILE]: file,
  };
}

/** Removes undefined/empty annotation values. @public */
export function cleanAnnotations(
  a: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

/**
 * Collects entities, rejecting invalid names and duplicate refs with a problem.
 * @public
 */
export class EntityCollector {
  readonly entities: Entity[] = [];
  readonly problems: Problem[] = [];
  private readonly refs = new Map<string, string>();

  /** Checks a name; reports it when invalid. */
  checkName(
    name: unknown,
    what: string,
    file: string,
    location: string | undefined,
    field: string,
  ): name is string {
    if (isValidEntityName(name)) return true;
    this.problems.push({
      severity: 'error',
      file,
      location,
      field,
      message: `${location ?? file}: ${field}: ${what} name ${JSON.stringify(
        name,
      )} is not a valid Backstage entity name (1-63 characters [a-zA-Z0-9-_.], alphanumeric at both ends); entity not emitted`,
    });
    return false;
  }

  /** Adds an entity unless its ref was already emitted (then reports). */
  add(entity: Entity): boolean {
    const ref = stringifyEntityRef(entity);
    const file = entity.metadata.annotations?.[ANNOTATION_SOURCE_FILE] ?? '';
    const previous = this.refs.get(ref);
    if (previous !== undefined) {
      this.problems.push({
        severity: 'error',
        file,
        message: `${file}: ${ref} is already emitted from ${previous}; duplicate ignored`,
      });
      return false;
    }
    this.refs.set(ref, file);
    this.entities.push(entity);
    return true;
  }

  has(ref: string): boolean {
    return this.refs.has(ref);
  }
}

/** Formats a problem as one log line naming the file, the field and why. @public */
export function formatProblem(p: Problem): string {
  const where = `${p.location ?? p.file}${p.line ? `:${p.line}` : ''}${
    p.line && p.column ? `:${p.column}` : ''
  }`;
  const field = p.field ? ` [${p.field}]` : '';
  const message =
    p.message.includes(p.file) || (p.location && p.message.includes(p.location))
      ? p.message
      : `${where}: ${p.message}`;
  return `${p.severity}${field}: ${message}`;
}

/** Splits a comma-separated list, trimmed, without empties. @public */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}
