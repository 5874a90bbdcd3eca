/*
 * The ArgoCD versions the stand-in can behave as (test and dev code only).
 * Each difference names the argo-cd file and tag it was read from
 * (github.com/argoproj/argo-cd, read with `git show <tag>:<path>`).
 */

/** A version profile of the ArgoCD stand-in. @public */
export type ArgocdProfileName = 'v2.14' | 'v3.5';

/** Env var that picks the profile when the start option does not. @public */
export const ARGOCD_PROFILE_ENV = 'PEGASE_ARGOCD_PROFILE';

/** The profile used when neither the option nor the env var names one. @public */
export const DEFAULT_ARGOCD_PROFILE: ArgocdProfileName = 'v2.14';

/** What differs between the profiles. @public */
export interface ArgocdProfile {
  name: ArgocdProfileName;
  /** What `GET /api/version` answers in `Version`. */
  version: string;
  /**
   * The keys `GET /api/v1/applications?fields=` can select, matched exactly
   * against `items.<key>`: `appFields` of
   * pkg/apiclient/application/forwarder_overwrite.go at that tag.
   */
  listFields: readonly string[];
  /**
   * Default of `controller.resource.health.persist`: true in 2.x
   * (cmd/argocd-application-controller/commands/argocd_application_controller.go
   * @ v2.14.21), false from v3.0 (docs/operator-manual/upgrading/2.14-3.0.md).
   */
  persistResourceHealth: boolean;
  /**
   * Missing resources in the tree carry `health: {status: Missing}`:
   * controller/appcontroller.go getResourceTree, absent up to v3.1.16,
   * present from v3.2 (read at v3.5.1).
   */
  missingNodeHealth: boolean;
}

// forwarder_overwrite.go @ v2.14.21 (the same keys from v2.6 to v3.4.7):
// `spec` only as a whole, `status.sync.status` but no revision(s).
const FIELDS_V2_14 = [
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'metadata.labels',
  'metadata.creationTimestamp',
  'metadata.deletionTimestamp',
  'spec',
  'status.sync.status',
  'status.health',
  'status.summary',
  'status.operationState.startedAt',
  'status.operationState.finishedAt',
  'status.resources',
  'operation.sync',
  'status.operationState.phase',
  'status.operationState.operation.sync',
] as const;

// forwarder_overwrite.go @ v3.5.1: spec sub-keys and status.sync.revision
// added, still never status.sync.revisions.
const FIELDS_V3_5 = [
  ...FIELDS_V2_14.slice(0, 7),
  'spec.destination',
  'spec.project',
  'spec.source',
  'spec.sources',
  'spec.sourceHydrator',
  'spec.syncPolicy',
  'status.sourceHydrator',
  'status.summary',
  'status.sync.status',
  'status.sync.revision',
  'status.health',
  'status.operationState.startedAt',
  'status.operationState.finishedAt',
  'status.resources',
  'operation.sync',
  'status.operationState.phase',
  'status.operationState.operation.sync',
] as const;

/** The profiles, by name. @public */
export const ARGOCD_PROFILES: Record<ArgocdProfileName, ArgocdProfile> = {
  'v2.14': {
    name: 'v2.14',
    version: 'v2.14.21+stand-in',
    listFields: FIELDS_V2_14,
    persistResourceHealth: true,
    missingNodeHealth: false,
  },
  'v3.5': {
    name: 'v3.5',
    version: 'v3.5.1+stand-in',
    listFields: FIELDS_V3_5,
    persistResourceHealth: false,
    missingNodeHealth: true,
  },
};

/**
 * The profile named by `name`, else by `PEGASE_ARGOCD_PROFILE`, else v2.14;
 * an unknown name is an error that lists the known ones.
 * @public
 */
export function argocdProfile(name?: string): ArgocdProfile {
  const chosen =
    name || process.env[ARGOCD_PROFILE_ENV] || DEFAULT_ARGOCD_PROFILE;
  const profile = ARGOCD_PROFILES[chosen as ArgocdProfileName];
  if (!profile)
    throw new Error(
      `unknown ArgoCD stand-in profile '${chosen}' (${
        name ? 'start option profile' : ARGOCD_PROFILE_ENV
      }): use one of ${Object.keys(ARGOCD_PROFILES).join(', ')}`,
    );
  return profile;
}
