/*
 * The `fields` filter of `GET /api/v1/applications`, as ArgoCD's API server
 * applies it (test and dev code only). Learned from
 * pkg/apiclient/application/forwarder_overwrite.go (appFields,
 * processApplicationListField) @ v2.14.21 and v3.5.1 and from
 * github.com/argoproj/pkg grpc/http forwarders.go newMarshaler.
 */
import type { Json } from './fleet';
import type { ArgocdProfile } from './profiles';

/** The parsed `fields` query: exact keys, `-` prefix excludes them. @public */
export interface ListFieldsQuery {
  fields: Set<string>;
  exclude: boolean;
}

/**
 * Parses `fields` as argoproj/pkg's newMarshaler does: the first `fields`
 * parameter only, split on `,` without trimming, a leading `-` means exclude.
 * Undefined when absent or empty (the whole Applications are served).
 * @public
 */
export function parseListFields(
  raw: string | null,
): ListFieldsQuery | undefined {
  if (!raw) return undefined;
  const exclude = raw.startsWith('-');
  return {
    fields: new Set((exclude ? raw.slice(1) : raw).split(',')),
    exclude,
  };
}

const NIL = Symbol('nil');

/**
 * The value appFields' function returns for a key, Go-style: `NIL` when it
 * returns a plain nil (the key is skipped), `null` for a typed nil (a nil map,
 * slice or pointer: the key is served as null), zero values for structs and
 * strings.
 */
function valueOf(app: Json, key: string): unknown {
  const md = app.metadata ?? {};
  const spec = app.spec ?? {};
  const status = app.status ?? {};
  const op = status.operationState;
  switch (key) {
    case 'metadata.name':
      return md.name ?? '';
    case 'metadata.namespace':
      return md.namespace ?? '';
    case 'metadata.annotations':
      return md.annotations ?? null;
    case 'metadata.labels':
      return md.labels ?? null;
    case 'metadata.creationTimestamp':
      return md.creationTimestamp ?? null;
    case 'metadata.deletionTimestamp':
      return md.deletionTimestamp ?? null;
    case 'spec':
      return spec;
    case 'spec.destination':
      return spec.destination ?? {};
    case 'spec.project':
      return spec.project ?? '';
    case 'spec.source':
      return spec.source ?? null;
    case 'spec.sources':
      return spec.sources ?? null;
    case 'spec.sourceHydrator':
      return spec.sourceHydrator ?? null;
    case 'spec.syncPolicy':
      return spec.syncPolicy ?? null;
    case 'status.sourceHydrator':
      return status.sourceHydrator ?? {};
    case 'status.summary':
      return status.summary ?? {};
    case 'status.sync.status':
      return status.sync?.status ?? '';
    case 'status.sync.revision':
      return status.sync?.revision ?? '';
    case 'status.health':
      return status.health ?? {};
    case 'status.operationState.startedAt':
      return op ? op.startedAt ?? null : NIL;
    case 'status.operationState.finishedAt':
      return op ? op.finishedAt ?? null : NIL;
    case 'status.resources':
      return status.resources?.length ? status.resources : NIL;
    case 'operation.sync':
      return app.operation ? app.operation.sync ?? null : NIL;
    case 'status.operationState.phase':
      return op ? op.phase ?? '' : NIL;
    case 'status.operationState.operation.sync':
      // sic: appFields returns the sync *result* under this key
      return op ? op.syncResult ?? null : NIL;
    default:
      return NIL;
  }
}

/** Thrown when two selected keys collide (e.g. `spec` and `spec.project`). @public */
export class ListFieldsError extends Error {}

/**
 * One list item as processApplicationListField builds it: for every key the
 * profile knows, kept when asked (or not excluded), nested under its dotted
 * path. In Go the keys are visited in map order, so `spec` together with a
 * `spec.*` key fails or not at random ("field spec.project is not a map");
 * the stand-in always fails, so that a client never relies on it.
 * @public
 */
export function filterListItem(
  app: Json,
  query: ListFieldsQuery,
  profile: ArgocdProfile,
): Json {
  const out: Json = {};
  for (const key of new Set(profile.listFields)) {
    if (query.fields.has(`items.${key}`) === query.exclude) continue;
    const value = valueOf(app, key);
    if (value === NIL) continue;
    const parts = key.split('.');
    let item: Json = out;
    for (const part of parts.slice(0, -1)) {
      if (!(part in item)) item[part] = {};
      const nested = item[part];
      if (nested === null || typeof nested !== 'object' || nested.__struct)
        throw new ListFieldsError(`field ${key} is not a map`);
      item = nested;
    }
    item[parts[parts.length - 1]] =
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.defineProperty({ ...(value as Json) }, '__struct', {
            value: true,
            enumerable: false,
          })
        : value;
  }
  return out;
}
