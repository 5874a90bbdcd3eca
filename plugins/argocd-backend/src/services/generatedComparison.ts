/*
 * The Application an ApplicationSet generates, compared with the live one:
 * only what the ApplicationSet controller owns and would write back, with
 * both sides normalized as the controller normalizes them, so that a
 * difference is one the controller would see too.
 *
 * What the controller owns (argo-cd applicationset/controllers/
 * applicationset_controller.go, createOrUpdateInCluster, v2.14.0 and v3.5.1):
 * `found.Spec = generatedApp.Spec` (the whole spec), and the labels and
 * annotations replaced by the generated ones, except the annotations it
 * preserves (`defaultPreservedAnnotations`: notified.notifications.argoproj.io,
 * argocd.argoproj.io/refresh, and from v3 argocd.argoproj.io/hydrate). The
 * Application's namespace is the ApplicationSet's (controllers/template/
 * template.go) and it is owned by it (`SetControllerReference`).
 * Finalizers are left out: the controller adds or keeps some depending on the
 * version (applicationset/utils/utils.go RenderTemplateParams adds
 * resources-finalizer; v3 preserves the pre/post-delete ones).
 *
 * Normalization (applicationset/utils/createOrUpdate.go CreateOrUpdate runs
 * util/argo/argo.go NormalizeApplicationSpec on both sides): an empty project
 * is `default`; a zero syncPolicy is none; a single `source`'s empty helm,
 * kustomize and directory are none (the multi-source loop normalizes copies,
 * so `sources` are compared as written). The API serves Go structs with
 * `omitempty`: null, "", false and [] are absent on the live side, so they are
 * absent on both.
 */
import type {
  ComparisonState,
  DifferenceArea,
  GeneratedDifference,
  ManagedApplication,
} from '@pcscol/plugin-argocd-common';

/** Annotations the controller keeps on the live Application (never a difference). */
export const PRESERVED_ANNOTATIONS = [
  'notified.notifications.argoproj.io',
  'argocd.argoproj.io/refresh',
  'argocd.argoproj.io/hydrate',
];

type Json = Record<string, unknown>;
const isRecord = (x: unknown): x is Json =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Go's `omitempty` on what JSON holds: null, "", false and [] are absent. */
function omitEmpty(value: unknown): unknown {
  if (value === null || value === undefined || value === '' || value === false)
    return undefined;
  if (Array.isArray(value)) {
    const items = value.map(omitEmpty).filter(v => v !== undefined);
    return items.length ? items : undefined;
  }
  if (isRecord(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = omitEmpty(v);
      if (kept !== undefined) out[k] = kept;
    }
    return out;
  }
  return value;
}

const isEmptyObject = (x: unknown) =>
  isRecord(x) && Object.keys(x).length === 0;

/** NormalizeApplicationSpec, on the JSON of a spec. @public */
export function normalizeSpec(spec: unknown): Json {
  const out = (omitEmpty(isRecord(spec) ? spec : {}) as Json) ?? {};
  if (!out.project) out.project = 'default';
  if (isEmptyObject(out.syncPolicy)) delete out.syncPolicy;
  if (!Array.isArray(out.sources) && isRecord(out.source)) {
    const source = { ...out.source };
    for (const key of ['helm', 'kustomize', 'directory'])
      if (isEmptyObject(source[key])) delete source[key];
    out.source = source;
  }
  return out;
}

function stringMap(x: unknown): Record<string, string> {
  if (!isRecord(x)) return {};
  return Object.fromEntries(
    Object.entries(x)
      .filter((e): e is [string, string] =>
        ['string', 'number', 'boolean'].includes(typeof e[1]),
      )
      .map(([k, v]) => [k, String(v)]),
  );
}

/** The generated side, from pegase-node's rendering (`metadata`, `spec`). @public */
export function generatedSide(app: {
  name: string;
  namespace?: string;
  metadata: Json;
  spec: Json;
}): ManagedApplication {
  return {
    name: app.name,
    ...(app.namespace ? { namespace: app.namespace } : {}),
    labels: stringMap(app.metadata.labels),
    annotations: stringMap(app.metadata.annotations),
    spec: normalizeSpec(app.spec),
  };
}

/** The live side, from ArgoCD's answer for the Application. @public */
export function liveSide(app: Json): ManagedApplication {
  const metadata = isRecord(app.metadata) ? app.metadata : {};
  const owner = (
    Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences : []
  ).find(o => isRecord(o) && o.kind === 'ApplicationSet' && o.controller);
  const annotations = stringMap(metadata.annotations);
  for (const key of PRESERVED_ANNOTATIONS) delete annotations[key];
  return {
    name: String(metadata.name ?? ''),
    ...(typeof metadata.namespace === 'string'
      ? { namespace: metadata.namespace }
      : {}),
    labels: stringMap(metadata.labels),
    annotations,
    ...(isRecord(owner) && typeof owner.name === 'string'
      ? { ownedBy: owner.name }
      : {}),
    spec: normalizeSpec(app.spec),
  };
}

function areaOf(path: string): DifferenceArea {
  const m = /^spec\.([A-Za-z]+)/.exec(path);
  if (!m) return 'other';
  if (m[1] === 'source' || m[1] === 'sources') return 'source';
  if (m[1] === 'project' || m[1] === 'destination' || m[1] === 'syncPolicy')
    return m[1];
  return 'other';
}

const isScalarList = (x: unknown) =>
  Array.isArray(x) && x.every(v => !isRecord(v) && !Array.isArray(v));

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The differences of two JSON values, depth first, keys sorted. */
function diffValues(
  path: string,
  generated: unknown,
  live: unknown,
  out: GeneratedDifference[],
) {
  if (generated === undefined && live === undefined) return;
  const area = areaOf(path);
  if (generated === undefined) {
    out.push({ path, area, change: 'live-only', live });
    return;
  }
  if (live === undefined) {
    out.push({ path, area, change: 'generated-only', generated });
    return;
  }
  if (isRecord(generated) && isRecord(live)) {
    const keys = [
      ...new Set([...Object.keys(generated), ...Object.keys(live)]),
    ].sort();
    for (const k of keys)
      diffValues(`${path}.${k}`, generated[k], live[k], out);
    return;
  }
  // a list of objects item by item (sources); of strings as one value
  if (
    Array.isArray(generated) &&
    Array.isArray(live) &&
    !(isScalarList(generated) && isScalarList(live))
  ) {
    const n = Math.max(generated.length, live.length);
    for (let i = 0; i < n; i++)
      diffValues(`${path}[${i}]`, generated[i], live[i], out);
    return;
  }
  if (!same(generated, live))
    out.push({ path, area, change: 'changed', generated, live });
}

function diffMap(
  area: 'labels' | 'annotations',
  generated: Record<string, string>,
  live: Record<string, string>,
  out: GeneratedDifference[],
) {
  const keys = [
    ...new Set([...Object.keys(generated), ...Object.keys(live)]),
  ].sort();
  for (const k of keys) {
    const path = `metadata.${area}[${JSON.stringify(k)}]`;
    const g = generated[k];
    const l = live[k];
    if (g === l) continue;
    if (l === undefined)
      out.push({ path, area, change: 'generated-only', generated: g });
    else if (g === undefined)
      out.push({ path, area, change: 'live-only', live: l });
    else out.push({ path, area, change: 'changed', generated: g, live: l });
  }
}

/**
 * The differences between the Application an ApplicationSet generates and
 * the live one (`live` undefined: ArgoCD has no such Application).
 * @public
 */
export function compareGenerated(
  applicationSet: string,
  generated: ManagedApplication,
  live: ManagedApplication | undefined,
): { state: ComparisonState; differences: GeneratedDifference[] } {
  if (!live) return { state: 'live-missing', differences: [] };
  const out: GeneratedDifference[] = [];
  if (live.ownedBy !== applicationSet)
    out.push({
      path: 'metadata.ownerReferences',
      area: 'owner',
      change: live.ownedBy ? 'changed' : 'generated-only',
      generated: applicationSet,
      ...(live.ownedBy ? { live: live.ownedBy } : {}),
    });
  if (
    generated.namespace &&
    live.namespace &&
    generated.namespace !== live.namespace
  )
    out.push({
      path: 'metadata.namespace',
      area: 'namespace',
      change: 'changed',
      generated: generated.namespace,
      live: live.namespace,
    });
  diffMap('labels', generated.labels, live.labels, out);
  diffMap('annotations', generated.annotations, live.annotations, out);
  diffValues('spec', generated.spec, live.spec, out);
  return { state: out.length ? 'different' : 'same', differences: out };
}
