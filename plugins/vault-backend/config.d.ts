export interface Config {
  /** Pégase Vault views (plugins/vault-backend). Metadata only: never a secret value. */
  vault?: {
    /** One entry per Vault cluster (one per hosting region). */
    clusters: Array<{
      /** Name shown in the views, e.g. `vault-sxb`. */
      name: string;
      /** Hosting region it serves (`pc-scol.fr/region` of the instances), e.g. `eu-sxb-1`. */
      region: string;
      /** Base URL of the Vault API, e.g. `https://vault.sxb.pc-scol.fr:8200`. */
      url: string;
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
      /** Base URL of the Vault UI links (default `<url>/ui`). */
      uiUrl?: string;
    }>;
    /** Instances per page of the component view (default 20, at most 100). */
    componentPageSize?: number;
    /** Upstream requests in flight at once per view (default 16). */
    concurrency?: number;
  };
}
