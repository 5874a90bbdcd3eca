/*
 * Finding one Application in a list that may hold the same name in several
 * namespaces (ArgoCD's applications in any namespace): by `namespace/name`
 * when the namespace is known, else by a name only one namespace uses.
 */
import { AppSummary, appKey } from './shapes';

/** Applications of one list, by `namespace/name` and by name. @internal */
export interface AppIndex {
  byKey: Map<string, AppSummary>;
  byName: Map<string, AppSummary[]>;
}

/** Indexes a list. @internal */
export function indexApps(apps: AppSummary[]): AppIndex {
  const byKey = new Map<string, AppSummary>();
  const byName = new Map<string, AppSummary[]>();
  for (const a of apps) {
    byKey.set(appKey(a.namespace, a.name), a);
    const same = byName.get(a.name) ?? [];
    same.push(a);
    byName.set(a.name, same);
  }
  return { byKey, byName };
}

/**
 * The Application `name` in `namespace` (when given); without a namespace,
 * the only one of that name, else the one in ArgoCD's own namespace
 * (`controlPlane`: where ArgoCD looks without `appNamespace`), else an error
 * saying which namespaces hold it.
 * @internal
 */
export function findApp(
  index: AppIndex,
  name: string,
  namespace?: string,
  controlPlane = 'argocd',
): { app?: AppSummary; error?: string } {
  if (namespace) return { app: index.byKey.get(appKey(namespace, name)) };
  const same = index.byName.get(name) ?? [];
  if (same.length <= 1) return { app: same[0] };
  const home = same.find(a => a.namespace === controlPlane);
  if (home) return { app: home };
  return {
    error: `several Applications are named '${name}' (in ${same
      .map(a => a.namespace ?? '?')
      .sort()
      .join(
        ', ',
      )}): set the argocd/app-namespace annotation or pegase.argocd.instances[].appNamespace`,
  };
}
