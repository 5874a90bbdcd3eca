import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The path every Pégase backend route uses to name an entity:
 * `/entity/:namespace/:kind/:name/...`, as Backstage's catalog does.
 * @public
 */
export const ENTITY_PATH = '/entity/:namespace/:kind/:name';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * The entity ref of a request's `:namespace/:kind/:name` parameters, in
 * Backstage's canonical lower-case form; a malformed segment is a 400 naming it.
 * @public
 */
export function entityRefFromPath(params: {
  namespace?: string;
  kind?: string;
  name?: string;
}): string {
  const parts = {
    namespace: params.namespace,
    kind: params.kind,
    name: params.name,
  };
  for (const [field, value] of Object.entries(parts)) {
    if (!value || !SEGMENT.test(value)) {
      throw new InputError(
        `invalid entity ${field} in the path: ${JSON.stringify(value ?? '')}`,
      );
    }
  }
  return stringifyEntityRef({
    kind: parts.kind!,
    namespace: parts.namespace!,
    name: parts.name!,
  }).toLocaleLowerCase('en-US');
}

/** The URL path segment of an entity ref, for clients: `namespace/kind/name`. @public */
export function entityPathOf(ref: {
  kind: string;
  namespace?: string;
  name: string;
}): string {
  return [ref.namespace ?? 'default', ref.kind, ref.name]
    .map(encodeURIComponent)
    .join('/');
}

/**
 * The entity ref an action's input names: a bare name (`uca-recette`, of
 * `defaultKind`) or a full ref (`resource:default/uca-recette`), in canonical
 * lower-case form; anything else is an InputError naming `field`.
 * @public
 */
export function entityRefOfInput(
  value: string,
  defaultKind: string,
  field: string,
): string {
  if (SEGMENT.test(value))
    return stringifyEntityRef({
      kind: defaultKind,
      name: value,
    }).toLocaleLowerCase('en-US');
  try {
    if (!value.includes(':'))
      throw new Error('a ref names its kind: kind:namespace/name');
    return stringifyEntityRef(parseEntityRef(value)).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(
      `${field} must be an entity name or ref such as ${defaultKind}:default/name, got ${JSON.stringify(
        value,
      )}`,
    );
  }
}
