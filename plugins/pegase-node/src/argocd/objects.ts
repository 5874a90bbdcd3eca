import type {
  ApplicationSetGenerator,
  ArgoApplicationFile,
  ArgoApplicationSet,
  Problem,
} from '../model/types';
import type { LabelSelector } from './clusterGenerator';
import {
  isRecord,
  parseYamlDocuments,
  problem,
  type FileCtx,
} from '../util/parse';

/**
 * Reads the ArgoCD objects of one YAML file of `argocd/`: ApplicationSets
 * (argoproj.io/v1alpha1, fields of the ApplicationSet CRD of argo-cd
 * manifests/crds/applicationset-crd.yaml, v2.14 and v3.x) and Applications.
 * Other kinds are ignored; what the portal cannot follow (matrix, merge,
 * list, SCM generators, templatePatch) is a warning naming it.
 */
export function parseArgocdFile(
  text: string,
  ctx: FileCtx,
): {
  applicationSets: ArgoApplicationSet[];
  applications: ArgoApplicationFile[];
  problems: Problem[];
} {
  const applicationSets: ArgoApplicationSet[] = [];
  const applications: ArgoApplicationFile[] = [];
  const { docs, problems } = parseYamlDocuments(text, ctx);
  docs?.forEach((d, index) => {
    const doc = d.value;
    if (!isRecord(doc)) return;
    const kind = doc.kind;
    if (kind !== 'ApplicationSet' && kind !== 'Application') return;
    const md = isRecord(doc.metadata) ? doc.metadata : {};
    const name = typeof md.name === 'string' ? md.name : undefined;
    const spec = isRecord(doc.spec) ? doc.spec : undefined;
    const where = `document ${index + 1}`;
    if (!name || !spec) {
      problems.push(
        problem(
          ctx,
          'error',
          `${kind} (${where}) has no metadata.name or no spec; ignored`,
          { line: d.lineAt([]) },
        ),
      );
      return;
    }
    const namespace =
      typeof md.namespace === 'string' ? md.namespace : undefined;
    if (kind === 'Application') {
      const app: ArgoApplicationFile = {
        name,
        file: ctx.file,
        location: ctx.location,
        children: [],
        spec,
      };
      if (namespace) app.namespace = namespace;
      const src = isRecord(spec.source) ? spec.source : undefined;
      if (src && typeof src.path === 'string' && !src.chart)
        app.path = src.path.replace(/^\.\/|\/+$/g, '');
      applications.push(app);
      return;
    }
    const generators: ApplicationSetGenerator[] = [];
    const gens = Array.isArray(spec.generators) ? spec.generators : [];
    gens.forEach((g, gi) => {
      if (!isRecord(g)) return;
      const field = `spec.generators[${gi}]`;
      if (isRecord(g.git) && Array.isArray(g.git.files)) {
        const files = g.git.files
          .filter(isRecord)
          .filter(f => typeof f.path === 'string')
          .map(f =>
            f.exclude === true
              ? { path: f.path as string, exclude: true }
              : { path: f.path as string },
          );
        const gen: ApplicationSetGenerator = {
          type: 'git-files',
          repoURL: String(g.git.repoURL ?? ''),
          revision: String(g.git.revision ?? ''),
          files,
        };
        if (typeof g.git.pathParamPrefix === 'string' && g.git.pathParamPrefix)
          gen.pathParamPrefix = g.git.pathParamPrefix;
        generators.push(gen);
      } else if (isRecord(g.clusters) || g.clusters === null) {
        const c = isRecord(g.clusters) ? g.clusters : {};
        generators.push({
          type: 'clusters',
          selector: isRecord(c.selector) ? (c.selector as LabelSelector) : {},
        });
      } else {
        const kindOf = Object.keys(g).find(k => k !== 'selector') ?? '?';
        const what = kindOf === 'git' ? 'git directories' : kindOf;
        generators.push({ type: 'unsupported', kind: what });
        problems.push(
          problem(
            ctx,
            'warning',
            `ApplicationSet '${name}': the ${what} generator is not read by the portal; what it generates is unknown`,
            {
              field,
              subject: name,
              line: d.lineAt(['spec', 'generators', gi]),
            },
          ),
        );
      }
    });
    if (spec.templatePatch !== undefined)
      problems.push(
        problem(
          ctx,
          'warning',
          `ApplicationSet '${name}': templatePatch is not applied by the portal; its generated Applications are rendered from spec.template only`,
          { field: 'spec.templatePatch', subject: name },
        ),
      );
    const gitFiles = generators.some(g => g.type === 'git-files');
    const clusters = generators.some(g => g.type === 'clusters');
    // an inventory is read through Git files; add-ons target clusters
    let role: ArgoApplicationSet['role'] = 'other';
    if (gitFiles) role = 'instances';
    else if (clusters) role = 'addons';
    const set: ArgoApplicationSet = {
      name,
      file: ctx.file,
      location: ctx.location,
      role,
      goTemplate: spec.goTemplate === true,
      goTemplateOptions: Array.isArray(spec.goTemplateOptions)
        ? spec.goTemplateOptions.map(String)
        : [],
      generators,
      template: isRecord(spec.template) ? spec.template : {},
    };
    if (namespace) set.namespace = namespace;
    applicationSets.push(set);
  });
  return { applicationSets, applications, problems };
}
