/*
 * The answers of the generated-vs-live and app-of-apps routes, from the
 * repository's ArgoCD objects (GitopsObjects) and what ArgoCD serves.
 * Pure: the service gathers the inputs.
 */
import type { AppSummary } from './shapes';
import type {
  AppOfAppsAnswer,
  AppOfAppsView,
  GeneratedComparison,
  LiveCounts,
  ManagedApplication,
} from '@pcscol/plugin-argocd-common';
import { compareGenerated, generatedSide } from './generatedComparison';
import type { GitopsArgocdIndex } from './GitopsObjects';

/** The comparison for an instance. @internal */
export function generatedComparison(
  index: GitopsArgocdIndex,
  instance: string,
  target: { appName: string; argocdInstance: string },
  live: ManagedApplication | undefined,
): GeneratedComparison {
  const base = {
    appName: target.appName,
    argocdInstance: target.argocdInstance,
    readAt: index.readAt,
  };
  const entry = index.instances[instance];
  if (!entry) {
    return {
      ...base,
      state: 'not-generated',
      differences: [],
      ...(live ? { live } : {}),
    };
  }
  const generated = generatedSide(entry);
  const { state, differences } = compareGenerated(
    entry.applicationSet,
    generated,
    live,
  );
  return {
    ...base,
    state,
    applicationSet: entry.applicationSet,
    ...(entry.sourceFile ? { sourceFile: entry.sourceFile } : {}),
    generated,
    ...(live ? { live } : {}),
    differences,
  };
}

function counts(names: string[], live: Map<string, AppSummary>): LiveCounts {
  const out: LiveCounts = {
    applications: names.length,
    live: 0,
    sync: {},
    health: {},
  };
  for (const n of names) {
    const app = live.get(n);
    if (!app) continue;
    out.live++;
    out.sync[app.sync] = (out.sync[app.sync] ?? 0) + 1;
    out.health[app.health] = (out.health[app.health] ?? 0) + 1;
  }
  return out;
}

/** The live Applications of a list by name (the first of a name). */
export function liveByName(apps: AppSummary[]): Map<string, AppSummary> {
  const out = new Map<string, AppSummary>();
  for (const a of apps) if (!out.has(a.name)) out.set(a.name, a);
  return out;
}

function viewOf(
  index: GitopsArgocdIndex,
  name: string,
  live: Map<string, AppSummary>,
): AppOfAppsView | undefined {
  const app = index.applications.find(a => a.name === name);
  if (!app) return undefined;
  const own = live.get(app.name);
  return {
    name: app.name,
    ...(app.namespace ? { namespace: app.namespace } : {}),
    file: app.file,
    ...(app.path ? { path: app.path } : {}),
    ...(own ? { live: { sync: own.sync, health: own.health } } : {}),
    children: app.children.map(child => {
      const set = index.applicationSets.find(s => s.name === child);
      if (set)
        return {
          name: child,
          kind: 'ApplicationSet' as const,
          file: set.file,
          ...counts(set.applications, live),
        };
      const written = index.applications.find(a => a.name === child);
      return {
        name: child,
        kind: 'Application' as const,
        ...(written ? { file: written.file } : {}),
        ...counts([child], live),
      };
    }),
  };
}

/**
 * The app-of-apps view of an entity: `appName` is an app-of-apps of the
 * repository (its children), or an instance (its ApplicationSet and the
 * app-of-apps holding it).
 * @internal
 */
export function appOfAppsAnswer(
  index: GitopsArgocdIndex,
  subject: { instance?: string; appName: string; argocdInstance: string },
  apps: AppSummary[],
): AppOfAppsAnswer {
  const live = liveByName(apps);
  const base = { argocdInstance: subject.argocdInstance, readAt: index.readAt };
  const entry = subject.instance
    ? index.instances[subject.instance]
    : undefined;
  if (!entry) {
    const appOfApps = viewOf(index, subject.appName, live);
    return { ...base, ...(appOfApps ? { appOfApps } : {}) };
  }
  const set = index.applicationSets.find(s => s.name === entry.applicationSet);
  const parent = index.applications.find(a =>
    a.children.includes(entry.applicationSet),
  );
  const appOfApps = parent ? viewOf(index, parent.name, live) : undefined;
  return {
    ...base,
    ...(appOfApps ? { appOfApps } : {}),
    applicationSet: {
      name: entry.applicationSet,
      applications: set?.applications.length ?? 1,
    },
  };
}
