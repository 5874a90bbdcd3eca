import { PEGASE_LABELS } from '@pcscol/plugin-pegase-common';
import type {
  ArgoApplicationSet,
  ClusterAddon,
  ClusterDefinition,
  GeneratedApplication,
  Problem,
} from '../model/types';
import { isRecord, problem, type FileCtx } from '../util/parse';
import {
  goTemplateOptionsOf,
  renderGoTemplate,
  renderTemplateObject,
  TemplateRenderError,
} from './goTemplate';
import {
  clusterParams,
  clusterSecretLabels,
  selectorMatches,
  type LabelSelector,
} from './clusterGenerator';

/**
 * The label of a cluster's type in the clusters' labels and the add-on selectors.
 *
 * @public
 */
export const CLUSTER_TYPE_LABEL = PEGASE_LABELS.clusterType;

/**
 * Renders the Application an ApplicationSet generates for one parameter set.
 * Only `goTemplate: true` is rendered (fasttemplate is refused).
 * @throws TemplateRenderError naming the field and construct
 */
export function renderApplication(
  set: ArgoApplicationSet,
  params: Record<string, unknown>,
): GeneratedApplication {
  if (!set.goTemplate)
    throw new TemplateRenderError(
      'goTemplate is not true: fasttemplate ({{param}}) is not rendered by the portal',
    );
  const rendered = renderTemplateObject(
    set.template,
    params,
    goTemplateOptionsOf(set.goTemplateOptions),
  ) as Record<string, unknown>;
  const metadata = isRecord(rendered.metadata) ? rendered.metadata : {};
  const spec = isRecord(rendered.spec) ? rendered.spec : {};
  if (typeof metadata.name !== 'string' || metadata.name === '')
    throw new TemplateRenderError('the template gives no metadata.name');
  const app: GeneratedApplication = {
    applicationSet: set.name,
    name: metadata.name,
    metadata,
    spec,
  };
  const ns = metadata.namespace ?? set.namespace;
  if (typeof ns === 'string') app.namespace = ns;
  return app;
}

/**
 * The repository files a generated Application's `$values` sources name
 * (`helm.valueFiles` entries `$values/<path>`), in order.
 */
export function valuesFilesOf(app: GeneratedApplication): string[] {
  const sources = Array.isArray(app.spec.sources) ? app.spec.sources : [];
  const out: string[] = [];
  for (const s of sources) {
    if (!isRecord(s) || !isRecord(s.helm)) continue;
    const files = Array.isArray(s.helm.valueFiles) ? s.helm.valueFiles : [];
    for (const f of files)
      if (typeof f === 'string' && f.startsWith('$values/'))
        out.push(f.slice('$values/'.length));
  }
  return out;
}

/** The source of an Application spec (template or rendered) that names a chart. */
function chartSourceOf(
  spec: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const sources = [
    ...(isRecord(spec.source) ? [spec.source] : []),
    ...(Array.isArray(spec.sources) ? spec.sources.filter(isRecord) : []),
  ];
  return sources.find(x => typeof x.chart === 'string');
}

/**
 * The version a template's `targetRevision` gives a cluster without any
 * label or annotation of its own (the default of a per-cluster override, see
 * edit/addonUpgrade.ts); undefined when it depends on anything else.
 */
function defaultRevision(
  set: ArgoApplicationSet,
  revision: string,
): string | undefined {
  if (!revision.includes('{{')) return revision;
  try {
    return renderGoTemplate(
      revision,
      { metadata: { labels: {}, annotations: {} } },
      goTemplateOptionsOf(set.goTemplateOptions),
    );
  } catch {
    return undefined;
  }
}

/** The chart source of an add-on Application template (`chart` + `targetRevision`). */
function chartSource(set: ArgoApplicationSet): {
  chart?: string;
  repoURL?: string;
  version?: string;
} {
  const spec = isRecord(set.template.spec) ? set.template.spec : {};
  const s = chartSourceOf(spec);
  if (!s) return {};
  const out: { chart?: string; repoURL?: string; version?: string } = {
    chart: s.chart as string,
  };
  if (typeof s.repoURL === 'string') out.repoURL = s.repoURL;
  if (typeof s.targetRevision === 'string') {
    const v = defaultRevision(set, s.targetRevision);
    if (v !== undefined) out.version = v;
  }
  return out;
}

/**
 * An add-on ApplicationSet's clusters (its cluster generators' selectors
 * matched against the clusters' labels) and its generated Applications.
 */
export function resolveAddon(
  set: ArgoApplicationSet,
  clusters: ClusterDefinition[],
  ctx: FileCtx,
): { addon: ClusterAddon; problems: Problem[] } {
  const problems: Problem[] = [];
  const selected = new Map<string, ClusterDefinition>();
  let clusterType: string | undefined;
  for (const g of set.generators) {
    if (g.type !== 'clusters') continue;
    const sel = g.selector as LabelSelector;
    const t = sel.matchLabels?.[CLUSTER_TYPE_LABEL];
    if (t !== undefined) clusterType = String(t);
    for (const c of clusters) {
      try {
        if (selectorMatches(sel, clusterSecretLabels(c)))
          selected.set(c.name, c);
      } catch (e) {
        problems.push(
          problem(
            ctx,
            'error',
            `ApplicationSet '${
              set.name
            }': its cluster selector cannot be matched: ${
              (e as Error).message
            }`,
            { subject: set.name, field: 'spec.generators' },
          ),
        );
        break;
      }
    }
  }
  const names = [...selected.keys()].sort();
  const applications: GeneratedApplication[] = [];
  for (const n of names) {
    const c = selected.get(n)!;
    try {
      const app = renderApplication(set, clusterParams(c));
      app.cluster = c.name;
      applications.push(app);
    } catch (e) {
      if (!(e instanceof TemplateRenderError)) throw e;
      problems.push(
        problem(
          ctx,
          'error',
          `ApplicationSet '${set.name}': cannot render the Application of cluster '${c.name}': ${e.message}`,
          { subject: set.name },
        ),
      );
    }
  }
  // the version each cluster's Application declares (a per-cluster override
  // read by the template shows here)
  const versions: Record<string, string> = {};
  for (const app of applications) {
    const v = chartSourceOf(app.spec)?.targetRevision;
    if (app.cluster !== undefined && typeof v === 'string')
      versions[app.cluster] = v;
  }
  const addon: ClusterAddon = {
    name: set.name,
    applicationSet: set.name,
    file: set.file,
    ...chartSource(set),
    clusters: names,
    versions,
    applications,
  };
  if (clusterType !== undefined) addon.clusterType = clusterType;
  return { addon, problems };
}
