import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  readPegaseGitopsSourceConfig,
  type GitopsReadLimits,
  type PegaseSource,
} from '@pcscol/plugin-pegase-node';

/** A source of the GitOps repository (it lives in pegase-node). @public */
export type { PegaseSource } from '@pcscol/plugin-pegase-node';
export { readPegaseSource } from '@pcscol/plugin-pegase-node';

/** Connection to the admin cluster's Kubernetes API. @public */
export interface PegaseKubernetesConfig {
  url: string;
  token: string;
  caData?: string;
  skipTLSVerify: boolean;
  namespace: string;
  pageSize: number;
  timeoutMs: number;
}

/** The whole `catalog.providers.pegase` block, defaults applied. @public */
export interface PegaseProviderConfig {
  source: PegaseSource;
  chart?: PegaseSource;
  schedule: SchedulerServiceTaskScheduleDefinition;
  opsGroup: string;
  defaultArgocdInstance: string;
  chartPath: string;
  chartName: string;
  lifecycle: string;
  events: { enabled: boolean; topics: string[]; debounceMs: number };
  /** `limits` as configured (pegase-node applies its defaults to what is missing). */
  limits: GitopsReadLimits;
  kubernetes?: PegaseKubernetesConfig;
  clusterLocator: { authProvider: string; oidcTokenProvider?: string };
}

/** Default schedule: every 5 minutes, 3 minutes timeout. @public */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
};

/** Default event topics. @public */
export const DEFAULT_EVENT_TOPICS = [
  'gitops',
  'gitlab',
  'gitlab.push',
  'github.push',
];

/**
 * Reads `catalog.providers.pegase` from the root config; undefined when absent.
 * @public
 */
export function readPegaseProviderConfig(
  rootConfig: Config,
): PegaseProviderConfig | undefined {
  const config = rootConfig.getOptionalConfig('catalog.providers.pegase');
  const gitops = readPegaseGitopsSourceConfig(rootConfig);
  if (!config || !gitops) return undefined;
  const argocdInstances =
    rootConfig.getOptionalConfigArray('pegase.argocd.instances') ?? [];
  const firstArgocd = argocdInstances[0]?.getOptionalString('name');
  const kube = config.getOptionalConfig('kubernetes');
  const events = config.getOptionalConfig('events');
  const locator = config.getOptionalConfig('clusterLocator');
  return {
    ...gitops,
    schedule: config.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    defaultArgocdInstance:
      config.getOptionalString('defaultArgocdInstance') ??
      firstArgocd ??
      'default',
    lifecycle: config.getOptionalString('lifecycle') ?? 'production',
    events: {
      enabled: events?.getOptionalBoolean('enabled') ?? true,
      topics: events?.getOptionalStringArray('topics') ?? DEFAULT_EVENT_TOPICS,
      debounceMs: events?.getOptionalNumber('debounceMs') ?? 300,
    },
    kubernetes: kube
      ? {
          url: kube.getString('url'),
          token: kube.getString('token'),
          caData: kube.getOptionalString('caData'),
          skipTLSVerify: kube.getOptionalBoolean('skipTLSVerify') ?? false,
          namespace: kube.getOptionalString('namespace') ?? 'argocd',
          pageSize: kube.getOptionalNumber('pageSize') ?? 100,
          timeoutMs: kube.getOptionalNumber('timeoutMs') ?? 10000,
        }
      : undefined,
    clusterLocator: {
      authProvider: locator?.getOptionalString('authProvider') ?? 'oidc',
      oidcTokenProvider: locator?.getOptionalString('oidcTokenProvider'),
    },
  };
}
