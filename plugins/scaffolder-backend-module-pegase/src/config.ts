import { Config } from '@backstage/config';
import {
  InstanceUsage,
  redactUrlCredentials,
} from '@pcscol/plugin-pegase-node';

/** Limits of one usage, defaults applied. @public */
export interface UsageLimits {
  maxInstances: number;
  requireTtl: boolean;
  maxTtlDays: number;
  maxPostgresInstances: number;
  maxPostgresVolumeGi: number;
  maxKafkaReplicas: number;
  maxKafkaVolumeGi: number;
  maxKafkaTopics: number;
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

/** `pegase.gitops`, defaults applied. @public */
export interface GitopsSettings {
  repoUrl: string;
  branch: string;
  forge: 'gitlab' | 'github';
  project: string;
  forgeHost: string;
  token?: string;
  branchPrefix: string;
  author: { name: string; email: string };
  timeoutMs: number;
}

/** `pegase.selfService`, defaults applied. @public */
export interface SelfServiceSettings {
  teamId: string;
  kafkaApiVersion: 'v1' | 'v1beta2';
  defaultOwner: string;
  limits: Record<InstanceUsage, UsageLimits>;
}

/** Reads `pegase.gitops`; throws a clear error when it is missing or wrong. @public */
export function readGitopsSettings(config: Config): GitopsSettings {
  const c = config.getOptionalConfig('pegase.gitops');
  if (!c) {
    throw new Error(
      'pegase.gitops is not configured: the Pégase self-service actions need repoUrl and project',
    );
  }
  const repoUrl = c.getString('repoUrl');
  let host: string;
  try {
    const url = new URL(repoUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`protocol ${url.protocol}`);
    }
    host = url.host;
  } catch (e) {
    throw new Error(
      `pegase.gitops.repoUrl '${redactUrlCredentials(
        repoUrl,
      )}' is not an http(s) URL (${(e as Error).message})`,
    );
  }
  const forge = c.getOptionalString('forge') ?? 'gitlab';
  if (forge !== 'gitlab' && forge !== 'github') {
    throw new Error(
      `pegase.gitops.forge must be gitlab or github, not '${forge}'`,
    );
  }
  const project = c.getString('project');
  if (
    !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/.test(project) ||
    project.includes('..')
  ) {
    throw new Error(
      `pegase.gitops.project '${project}' is not a project path like group/gitops`,
    );
  }
  if (forge === 'github' && project.split('/').length !== 2) {
    throw new Error(
      `pegase.gitops.project '${project}' must be owner/repo for GitHub`,
    );
  }
  return {
    repoUrl,
    branch: c.getOptionalString('branch') ?? 'main',
    forge,
    project,
    forgeHost: c.getOptionalString('forgeHost') ?? host,
    token: c.getOptionalString('token')?.trim() || undefined,
    branchPrefix: c.getOptionalString('branchPrefix') ?? 'pegase/',
    author: {
      name: c.getOptionalString('author.name') ?? 'Pégase Portal',
      email:
        c.getOptionalString('author.email') ??
        'pegase-portal@noreply.pc-scol.fr',
    },
    timeoutMs: c.getOptionalNumber('timeoutMs') ?? 60_000,
  };
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
