export interface Config {
  /** Pégase Portal settings (shared with the other Pégase plugins). */
  pegase?: {
    /** Pégase Vault views (plugins/vault-backend); top-level `vault` before 0.2 (now left to the Community Vault plugin). Metadata only: never a secret value. */
    vault?: {
      /** One entry per Vault cluster (one per hosting region). */
      clusters: Array<{
        /** Name shown in the views, e.g. `vault-sxb`. */
        name: string;
        /** Hosting region it serves (`pc-scol.fr/region` of the instances), e.g. `eu-sxb-1`. */
        region: string;
        /**
         * Base URL of the Vault API, e.g. `https://vault.sxb.pc-scol.fr:8200`
         * (one node, or a load balancer). Either this or `nodes`.
         */
        url?: string;
        /**
         * Every node address of the cluster, e.g. the three pods of a Raft
         * cluster. The portal reads from the active one, chosen by each node's
         * `sys/health` (200 active; else a 473 performance standby; else a 429
         * standby, which forwards), and probes again when it fails. A sealed node
         * no longer makes the region sealed while another serves.
         */
        nodes?: string[];
        /**
         * PEM of the CA that signs the nodes' certificates (an internal CA),
         * instead of `NODE_EXTRA_CA_CERTS`.
         */
        ca?: string;
        /** Path of a PEM file holding that CA (read at start; wins over `ca`). */
        caFile?: string;
        /** Vault Enterprise namespace (sent as `X-Vault-Namespace`). */
        namespace?: string;
        /** How the portal logs in. */
        auth: {
          /** `token` (default), `approle` or `kubernetes`. */
          method?: 'token' | 'approle' | 'kubernetes';
          /**
           * Token, for `method: token`.
           * @visibility secret
           */
          token?: string;
          /**
           * AppRole role_id, for `method: approle`.
           * @visibility secret
           */
          roleId?: string;
          /**
           * AppRole secret_id, for `method: approle`.
           * @visibility secret
           */
          secretId?: string;
          /** AppRole mount (default `approle`). */
          approleMount?: string;
          /** Kubernetes auth role, for `method: kubernetes` (default `pegase-portal`). */
          role?: string;
          /** Kubernetes auth mount (default `kubernetes`). */
          kubernetesMount?: string;
          /** Path of the serviceAccount JWT (default `/var/run/secrets/kubernetes.io/serviceaccount/token`). */
          jwtPath?: string;
          /** Renew or log in again when less than this many seconds remain (default: a third of the TTL, at least 30). */
          renewBeforeSeconds?: number;
        };
        /** Timeout of each upstream request in ms (default 10000). */
        timeoutMs?: number;
        /** How long upstream answers are cached, in seconds (default 60). */
        cacheTtlSeconds?: number;
        /**
         * How long a 403 of a path is remembered, in seconds (default 30; 0 to
         * forget at once): no request for that path and no new login meanwhile.
         * Under AppRole or Kubernetes auth the portal logs in again on a 403 only
         * when its own token is refused (lookup-self), at most once per this
         * time.
         */
        refusalCacheSeconds?: number;
        /** Base URL of the Vault UI links (default `<url>/ui`). */
        uiUrl?: string;
      }>;
      /** Instances per page of the component view (default 20, at most 100). */
      componentPageSize?: number;
      /** Upstream requests in flight at once per view (default 16). */
      concurrency?: number;
      /**
       * Mount paths of an instance, as templates over `{cluster}` (the
       * instance's Kubernetes cluster), `{vaultPath}` (its `vault-path`
       * annotation), `{namespace}` and `{instance}`.
       */
      mounts?: {
        /** Kubernetes auth mount, without `auth/` (default `kubernetes/{cluster}`). */
        kubernetesAuth?: string;
        /** Database secrets engine (default `{vaultPath}/database`). */
        database?: string;
        /** KV secrets engine (default `{vaultPath}/kv`). */
        kv?: string;
      };
      /** Bounds of the recursive KV listing. */
      kv?: {
        /** Folder levels listed below a component's folder (default 4). */
        maxDepth?: number;
        /** Keys listed per mount at most (default 500). */
        maxKeys?: number;
      };
    };
  };
}
