/** Limits of self-service requests for one usage (`sandbox`, `construction`, `production`). */
export interface PegaseUsageLimitsConfig {
  /** Maximum number of instances of this usage in the inventory, the new one included. */
  maxInstances?: number;
  /** Whether an instance of this usage must carry a `ttl` (disposable instance). */
  requireTtl?: boolean;
  /** Maximum TTL, in days from the request. 0 forbids a TTL. */
  maxTtlDays?: number;
  /** Maximum `numberOfInstances` of a DBaaS PostgreSQL cluster. */
  maxPostgresInstances?: number;
  /** Maximum volume of a DBaaS PostgreSQL cluster, in GiB. */
  maxPostgresVolumeGi?: number;
  /** Maximum replicas of a KaaS Kafka node pool. */
  maxKafkaReplicas?: number;
  /** Maximum volume of each Kafka node, in GiB. */
  maxKafkaVolumeGi?: number;
  /** Maximum number of KafkaTopics in one request. */
  maxKafkaTopics?: number;
  /** Maximum partitions of one KafkaTopic. */
  maxTopicPartitions?: number;
}

export interface Config {
  pegase?: {
    /** The GitOps repository the self-service actions open change requests on. */
    gitops?: {
      /** Clone URL of the repository over HTTP(S), e.g. https://gitlab.example/pegase/gitops.git. */
      repoUrl: string;
      /** Branch the change requests target. Default `main`. */
      branch?: string;
      /** The forge of the repository: `gitlab` (merge requests) or `github` (pull requests). Default `gitlab`. */
      forge?: 'gitlab' | 'github';
      /** The project on the forge: GitLab project path (`group/gitops`) or GitHub `owner/repo`. */
      project: string;
      /**
       * Host of the `integrations.gitlab[]` / `integrations.github[]` entry that gives the
       * forge API (`apiBaseUrl`) and its credentials. Default: the host (with port) of `repoUrl`.
       */
      forgeHost?: string;
      /**
       * Token for git clone and push over HTTP. Default: the token of the integration.
       * @visibility secret
       */
      token?: string;
      /** Prefix of the branches of change requests. Default `pegase/`. */
      branchPrefix?: string;
      /** Author of the commits. Default `Pégase Portal <pegase-portal@noreply.pc-scol.fr>`. */
      author?: { name?: string; email?: string };
      /** Timeout of each git command and forge API call, in milliseconds. Default 60000. */
      timeoutMs?: number;
    };
    /** Self-service settings. */
    selfService?: {
      /** Zalando `teamId` of DBaaS clusters (their names start with `<teamId>-`). Default `pegase`. */
      teamId?: string;
      /** Strimzi API version of KaaS manifests: `v1` (Strimzi 1.x, default) or `v1beta2` (older operators). */
      kafkaApiVersion?: 'v1' | 'v1beta2';
      /** Owner group of new instances when the request names none. Default `ops`. */
      defaultOwner?: string;
      /** Limits per usage; a key absent uses the built-in default of that usage. */
      limits?: {
        sandbox?: PegaseUsageLimitsConfig;
        construction?: PegaseUsageLimitsConfig;
        production?: PegaseUsageLimitsConfig;
      };
    };
  };
}
