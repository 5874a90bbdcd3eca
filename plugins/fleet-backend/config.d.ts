export interface Config {
  pegase?: {
    /** The fleet views (plugins/fleet-backend). */
    fleet?: {
      /** Seconds an assembled fleet is served from the cache. Default 30. */
      cacheTtlSeconds?: number;
      /** Seconds to wait for ArgoCD's statuses before serving the fleet without them. Default 5. */
      argocdTimeoutSeconds?: number;
    };
  };
}
