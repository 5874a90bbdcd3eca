import { Config } from '@backstage/config';
import { InstanceUsage } from '@pcscol/plugin-pegase-node';

/** Limits of one usage, defaults applied. @public */
export interface UsageLimits {
  /** Most instances of this usage in the fleet. */
  maxInstances: number;
  /** Whether a new instance must have a time to live. */
  requireTtl: boolean;
  /** Longest time to live, in days (0: no limit). */
  maxTtlDays: number;
  /** Most PostgreSQL instances (pods) of a DBaaS cluster. */
  maxPostgresInstances: number;
  /** Largest PostgreSQL volume, in GiB. */
  maxPostgresVolumeGi: number;
  /** Most Kafka brokers of a KaaS cluster. */
  maxKafkaReplicas: number;
  /** Largest Kafka volume, in GiB. */
  maxKafkaVolumeGi: number;
  /** Most topics of a KaaS cluster. */
  maxKafkaTopics: number;
  /** Most partitions of a topic. */
  maxTopicPartitions: number;
}

/** Built-in limits per usage (the plugin README, "Configuration"). @public */
export const DEFAULT_LIMITS: Record<InstanceUsage, UsageLimits> = {
  sandbox: {
    maxInstances: 1000,
    requireTtl: true,
    maxTtlDays: 90,
    maxPostgresInstances: 1,
    maxPostgresVolumeGi: 20,
    maxKafkaReplicas: 1,
    maxKafkaVolumeGi: 20,
    maxKafkaTopics: 20,
    maxTopicPartitions: 6,
  },
  construction: {
    maxInstances: 1000,
    requireTtl: false,
    maxTtlDays: 365,
    maxPostgresInstances: 2,
    maxPostgresVolumeGi: 100,
    maxKafkaReplicas: 3,
    maxKafkaVolumeGi: 100,
    maxKafkaTopics: 50,
    maxTopicPartitions: 12,
  },
  production: {
    maxInstances: 2000,
    requireTtl: false,
    maxTtlDays: 0,
    maxPostgresInstances: 3,
    maxPostgresVolumeGi: 1000,
    maxKafkaReplicas: 5,
    maxKafkaVolumeGi: 1000,
    maxKafkaTopics: 100,
    maxTopicPartitions: 48,
  },
};

/** `pegase.selfService`, defaults applied. @public */
export interface SelfServiceSettings {
  /** Zalando `teamId` of DBaaS clusters (their names start with it). */
  teamId: string;
  /** Strimzi API version of KaaS manifests. */
  kafkaApiVersion: 'v1' | 'v1beta2';
  /** Owner group of new instances when the request names none. */
  defaultOwner: string;
  /** Limits per usage, defaults applied. */
  limits: Record<InstanceUsage, UsageLimits>;
}

const LIMIT_KEYS = Object.keys(DEFAULT_LIMITS.sandbox) as Array<
  keyof UsageLimits
>;

/** Reads `pegase.selfService`. @public */
export function readSelfServiceSettings(config: Config): SelfServiceSettings {
  const c = config.getOptionalConfig('pegase.selfService');
  const limits = {} as Record<InstanceUsage, UsageLimits>;
  for (const usage of Object.keys(DEFAULT_LIMITS) as InstanceUsage[]) {
    const l = c?.getOptionalConfig(`limits.${usage}`);
    const merged: UsageLimits = { ...DEFAULT_LIMITS[usage] };
    for (const key of LIMIT_KEYS) {
      if (key === 'requireTtl') {
        const v = l?.getOptionalBoolean(key);
        if (v !== undefined) merged.requireTtl = v;
      } else {
        const v = l?.getOptionalNumber(key);
        if (v !== undefined) {
          if (!Number.isFinite(v) || v < 0) {
            throw new Error(
              `pegase.selfService.limits.${usage}.${key} must be a number >= 0`,
            );
          }
          merged[key] = v;
        }
      }
    }
    limits[usage] = merged;
  }
  const teamId = c?.getOptionalString('teamId') ?? 'pegase';
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(teamId)) {
    throw new Error(
      `pegase.selfService.teamId '${teamId}' is not a DNS-1123 label`,
    );
  }
  const kafkaApiVersion = c?.getOptionalString('kafkaApiVersion') ?? 'v1';
  if (kafkaApiVersion !== 'v1' && kafkaApiVersion !== 'v1beta2') {
    throw new Error(`pegase.selfService.kafkaApiVersion must be v1 or v1beta2`);
  }
  return {
    teamId,
    kafkaApiVersion,
    defaultOwner: c?.getOptionalString('defaultOwner') ?? 'ops',
    limits,
  };
}
