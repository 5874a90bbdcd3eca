export interface Config {
  /** The architecture view (plugins/architecture-backend). */
  architecture?: {
    /** The System drawn. Default `pegase`. */
    system?: string;
    /** Seconds a user's graph is served from the cache. Default 60. */
    cacheTtlSeconds?: number;
  };
}
