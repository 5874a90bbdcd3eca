export interface Config {
  /** Pégase Portal settings (shared with the other Pégase plugins). */
  pegase?: {
    /** Thanos views of Pégase Portal (plugins/thanos-backend); top-level `thanos` before 0.2. */
    thanos?: {
      /**
       * Thanos Queriers (or any Prometheus-compatible query API). The first one is
       * the default; an entity picks another with `pc-scol.fr/thanos-querier`.
       * None configured: the cards say so.
       */
      queriers?: Array<{
        /** Name shown in the views and used by `pc-scol.fr/thanos-querier`. */
        name: string;
        /**
         * Base URL of the query API (`/api/v1/query_range` is appended). A `user:password@`
         * written in it is sent as Basic authentication (when no `token` is set) and
         * never shown: errors and links carry `***@` or no credentials.
         * @visibility secret
         */
        url: string;
        /**
         * Bearer token sent to the querier (a proxy in front of Thanos).
         * @visibility secret
         */
        token?: string;
        /** Header carrying the tenant (e.g. `THANOS-TENANT`, `X-Scope-OrgID`). */
        tenantHeader?: string;
        /**
         * Tenant sent in `tenantHeader`.
         * @visibility secret
         */
        tenant?: string;
        /** Thanos `dedup` parameter (default true). */
        dedup?: boolean;
        /** Thanos `partial_response` parameter (default true): failed stores become warnings. */
        partialResponse?: boolean;
        /** Timeout of one upstream call in milliseconds (default 10000). */
        timeoutMs?: number;
        /** Scrape interval of the data: rate windows are at least 4 times it (default `30s`). */
        scrapeInterval?: string;
        /** Thanos/Prometheus UI base URL, for "explore" links. */
        uiUrl?: string;
        /** Grafana dashboard URL; `{namespace}` and `{workload}` are replaced (URL-encoded). */
        grafanaUrl?: string;
      }>;
      /** How many instances the graphs across instances show (default 5). */
      topInstances?: number;
      /** How long results are cached in the Backstage cache, in seconds (default 30). */
      cacheTtlSeconds?: number;
      /**
       * Query templates, added to the defaults or replacing one with the same id.
       * `$namespace` (one instance), `$namespaces` (regex of a component's
       * instances), `$workload`, `$workloadPods` (regex `<workload>-.*`) and
       * `$window` (rate window) are filled by the backend from the entity, as
       * escaped PromQL string literals; nothing else is ever interpolated.
       */
      templates?: Array<{
        id: string;
        title: string;
        /** cores, bytes, percent, ratio, seconds, reqps, count, short */
        unit?: string;
        /** Component types it applies to (`service`, `connector`, `website`, `tool`, `database`, `message-broker`, `library`) or `instance`. */
        types?: string[];
        /** PromQL for a component across instances: must keep a `namespace` label. */
        fleet?: string;
        /** PromQL for one instance. */
        instance?: string;
        /** Label naming a series in `instance` (default `pod`). */
        legend?: string;
        /** `top` (default) or `bottom`: which series to keep when there are many. */
        rank?: string;
      }>;
    };
  };
}
