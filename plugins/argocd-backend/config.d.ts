import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Pégase Portal settings (shared with the other Pégase plugins). */
  pegase?: {
    /** ArgoCD views of Pégase Portal (`@pcscol/plugin-argocd-backend`); top-level `argocd` before 0.2 (now left to the Community ArgoCD plugins). */
    argocd?: {
      /**
       * The ArgoCD API servers. An instance entity names its ArgoCD with the
       * `pc-scol.fr/argocd-instance` annotation; without it, the first one.
       */
      instances: Array<{
        /** Config name (what `pc-scol.fr/argocd-instance` and clusters' `argocd` field use). */
        name: string;
        /** Base URL of the ArgoCD API server, e.g. https://argocd.pc-scol.fr */
        url: string;
        /**
         * API token of a read/sync service account (`argocd account generate-token`).
         * @visibility secret
         */
        token?: string;
        /** Local user to log in with (`POST /api/v1/session`) when no token is set. */
        username?: string;
        /**
         * Password of `username`.
         * @visibility secret
         */
        password?: string;
        /** Timeout of every upstream call, in ms. Default 10000. */
        timeoutMs?: number;
        /** Lifetime of cached answers (list, single app, resource tree), in seconds. Default 30. */
        cacheTtlSeconds?: number;
        /** Base URL of the ArgoCD web UI for links. Default: `url`. */
        uiUrl?: string;
        /** AppProject to pass on single-app calls (then an unknown app is a 404, not a 403). */
        project?: string;
        /**
         * Namespace of the Applications of the instances whose entity has no
         * `argocd/app-namespace` annotation (ArgoCD's applications in any
         * namespace: passed as `appNamespace` on get, resource-tree, sync and
         * rollback). Default: none (ArgoCD's own namespace).
         */
        appNamespace?: string;
        /**
         * ArgoCD's own namespace, where it looks for an Application asked
         * without `appNamespace` (when the list holds the same name in several
         * namespaces, the portal picks this one). Default `argocd`.
         */
        controlPlaneNamespace?: string;
        /**
         * Set when this ArgoCD keeps `controller.resource.health.persist` on: the list
         * endpoint then carries per-resource health and the fleet view uses it. Default false.
         */
        persistResourceHealth?: boolean;
      }>;
      /**
       * Lifetime, in seconds, of the list of instances that run a component (read from
       * the catalog) in the shared cache. Default 60; 0 reads the catalog on every view.
       */
      fleetCacheTtlSeconds?: number;
      /**
       * Seconds a replica reuses a computed fleet answer for identical requests
       * (identical concurrent requests always share one computation). Default 5; 0 disables.
       */
      fleetResponseCacheSeconds?: number;
      /** Background refresher that fills the shared cache with per-component health and versions. */
      refresher?: {
        /** Default true. */
        enabled?: boolean;
        /** Upper bound of upstream requests per second, all ArgoCD instances together. Default 20. */
        rateLimit?: number;
        /** Upstream requests in flight at once. Default 8. */
        concurrency?: number;
        /** Lifetime of the per-component digests, in seconds. Default 3600. */
        digestTtlSeconds?: number;
        /** Default: every 5 minutes, timeout 15 minutes, initial delay 10 seconds. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
