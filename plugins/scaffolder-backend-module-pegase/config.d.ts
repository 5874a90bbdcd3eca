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
    // `pegase.gitops` (the GitOps repository and its forge) is declared by
    // @pcscol/plugin-pegase-node, which reads it (readGitopsSettings).
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
