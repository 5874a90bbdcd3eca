import { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_OBJECTS_NAMESPACE,
  argocdObjectEntityRef,
  clusterAddonEntityRef,
  PEGASE_ANNOTATIONS,
  PEGASE_ENTITY_TYPES,
} from '@pcscol/plugin-pegase-common';
import type {
  ApplicationSetGenerator,
  ArgoApplicationSet,
  GitopsSnapshot,
  Problem,
} from '@pcscol/plugin-pegase-node';
import { isValidEntityName } from '@pcscol/plugin-pegase-node';
import { emittedAddons } from './addons';
import {
  baseAnnotations,
  cleanAnnotations,
  EntityCollector,
  TransformOptions,
} from './common';

/** One generator in words: `git files: <paths>`, `clusters: <selector>`. */
function generatorSummary(g: ApplicationSetGenerator): string {
  if (g.type === 'git-files') {
    const paths = g.files.map(f => (f.exclude ? `!${f.path}` : f.path));
    return `git files: ${paths.join(', ') || '(none)'}`;
  }
  if (g.type === 'clusters') {
    const terms = [
      ...Object.entries(g.selector.matchLabels ?? {}).map(
        ([k, v]) => `${k}=${v}`,
      ),
      ...(g.selector.matchExpressions ?? []).map(e =>
        e.values && e.values.length
          ? `${e.key} ${e.operator} (${e.values.join(', ')})`
          : `${e.key} ${e.operator}`,
      ),
    ];
    return `clusters: ${terms.join(', ') || 'all'}`;
  }
  return `${g.kind} (not read by the portal)`;
}

/** The generators of an ApplicationSet in one line. @public */
export function generatorsSummary(set: ArgoApplicationSet): string {
  return set.generators.map(generatorSummary).join('; ');
}

/**
 * The ArgoCD objects of the repository (`argocd/`) as entities, in the
 * `argocd` namespace under their ArgoCD names:
 * - one `argocd-applicationset` Resource per ApplicationSet, `dependencyOf`
 *   what it generates (the instances its Git files generator reads, or its
 *   add-on);
 * - one `argocd-app-of-apps` Resource per Application whose source is a
 *   folder of the repository, `dependencyOf` the ApplicationSets and
 *   app-of-apps under that folder (its children).
 * A name that is no valid entity name is reported, never renamed.
 * @public
 */
export function transformArgocdObjects(
  snapshot: GitopsSnapshot,
  options: TransformOptions,
): { entities: Entity[]; problems: Problem[] } {
  const out = new EntityCollector();
  const sets = snapshot.applicationSets ?? [];
  const appOfApps = (snapshot.applications ?? []).filter(
    a => a.path !== undefined,
  );
  const instances = new Set(
    snapshot.instances.map(i => i.name).filter(n => isValidEntityName(n)),
  );
  const addons = new Set(emittedAddons(snapshot).map(a => a.name));
  const generated = new Map<string, string[]>();
  for (const app of snapshot.generatedApplications ?? []) {
    if (!app.instance || !instances.has(app.instance)) continue;
    const list = generated.get(app.applicationSet) ?? [];
    list.push(`resource:default/${app.instance}`);
    generated.set(app.applicationSet, list);
  }
  // children an entity stands for: ApplicationSets and app-of-apps
  const withEntity = new Set(
    [...sets.map(s => s.name), ...appOfApps.map(a => a.name)].filter(n =>
      isValidEntityName(n),
    ),
  );

  for (const set of sets) {
    if (
      !out.checkName(
        set.name,
        'ApplicationSet',
        set.file,
        set.location,
        'metadata.name',
      )
    ) {
      continue;
    }
    let targets = generated.get(set.name) ?? [];
    if (set.role === 'addons')
      targets = addons.has(set.name) ? [clusterAddonEntityRef(set.name)] : [];
    const what = set.role === 'addons' ? 'add-on' : set.role;
    out.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: set.name,
        namespace: ARGOCD_OBJECTS_NAMESPACE,
        description: `ArgoCD ApplicationSet (${what})${
          set.role === 'instances'
            ? `: ${targets.length} instance Application(s)`
            : ''
        }`,
        annotations: cleanAnnotations({
          ...baseAnnotations(set.file, set.location),
          [PEGASE_ANNOTATIONS.applicationSetRole]: set.role,
          [PEGASE_ANNOTATIONS.applicationSetGenerators]: generatorsSummary(set),
        }),
      },
      spec: {
        type: PEGASE_ENTITY_TYPES.applicationSet,
        owner: options.opsGroup,
        dependencyOf: targets,
      },
    });
  }

  for (const app of appOfApps) {
    if (
      !out.checkName(
        app.name,
        'app-of-apps (Application)',
        app.file,
        app.location,
        'metadata.name',
      )
    ) {
      continue;
    }
    const children = app.children.filter(
      c => c !== app.name && withEntity.has(c),
    );
    out.add({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: app.name,
        namespace: ARGOCD_OBJECTS_NAMESPACE,
        description: `ArgoCD app-of-apps: syncs ${app.path || '.'} (${
          app.children.length
        } object(s))`,
        annotations: cleanAnnotations({
          ...baseAnnotations(app.file, app.location),
          [PEGASE_ANNOTATIONS.appOfAppsPath]: app.path || '.',
          [PEGASE_ANNOTATIONS.appOfAppsChildren]: app.children.join(','),
        }),
      },
      spec: {
        type: PEGASE_ENTITY_TYPES.appOfApps,
        owner: options.opsGroup,
        dependencyOf: [...new Set(children)].map(argocdObjectEntityRef),
      },
    });
  }
  return { entities: out.entities, problems: out.problems };
}
