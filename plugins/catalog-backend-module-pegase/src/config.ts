import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { GitopsReadLimits } from '@pcscol/plugin-pegase-node';

/** A source of the GitOps repository (or of the umbrella chart only). @public */
export type PegaseSource =
  | { type: 'dir'; path: string }
  | { type: 'git'; url: string; branch: string; token?: string }
  | { type: 'url'; target: string }
  | { type: 'tgz'; path: string }
  | { type: 'helm-index'; url: string; version?: string };

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

/** Reads one source block. @public */
export function readPegaseSource(config: Config): PegaseSource {
  const type = config.getString('type');
  switch (type) {
    case 'dir':
      return { type, path: config.getString('path') };
    case 'git':
      return {
        type,
        url: config.getString('url'),
        branch: config.getOptionalString('branch') ?? 'main',
        token: config.getOptionalString('token'),
      };
    case 'url':
      return { type, target: config.getString('target') };
    case 'tgz':
      return { type, path: config.getString('path') };
    case 'helm-index':
      return {
        type,
        url: config.getString('url'),
        version: config.getOptionalString('version'),
      };
    default:
      throw new InputError(
        `catalog.providers.pegase: unknown source type '${type}' (expected dir, git, url, tgz or helm-index)`,
      );
  }
}

/**
 * Reads `catalog.providers.pegase` from the root config; undefined when absent.
 * @public
 */
export function readPegaseProviderConfig(
  rootConfig: Config,
): PegaseProviderConfig | undefined {
  const config = rootConfig.getOptionalConfig('catalog.providers.pegase');
  if (!config) return undefined;
  const argocdInstances =
    rootConfig.getOptionalConfigArray('argocd.instances') ?? [];
  const firstArgocd = argocdInstances[0]?.getOptionalString('name');
  const kube = config.getOptionalConfig('kubernetes');
  const events = config.getOptionalConfig('events');
  const locator = config.getOptionalConfig('clusterLocator');
  const chart = config.getOptionalConfig('chart');
  const limits = config.getOptionalConfig('limits');
  return {
    source: readPegaseSource(config.getConfig('source')),
    chart: chart ? readPegaseSource(chart) : undefined,
    schedule: config.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    opsGroup: config.getOptionalString('opsGroup') ?? 'ops',
    defaultArgocdInstance:
      config.getOptionalString('defaultArgocdInstance') ??
      firstArgocd ??
      'default',
    chartPath: config.getOptionalString('chartPath') ?? 'charts/pegase',
    chartName: config.getOptionalString('chartName') ?? 'pegase',
    lifecycle: config.getOptionalString('lifecycle') ?? 'production',
    events: {
      enabled: events?.getOptionalBoolean('enabled') ?? true,
      topics: events?.getOptionalStringArray('topics') ?? DEFAULT_EVENT_TOPICS,
      debounceMs: events?.getOptionalNumber('debounceMs') ?? 300,
    },
    limits: {
      maxFileBytes: limits?.getOptionalNumber('maxFileBytes'),
      maxArchiveEntries: limits?.getOptionalNumber('maxArchiveEntries'),
      maxArchiveBytes: limits?.getOptionalNumber('maxArchiveBytes'),
      maxArchiveRatio: limits?.getOptionalNumber('maxArchiveRatio'),
      maxReadBytes: limits?.getOptionalNumber('maxReadBytes'),
      maxArchivesAtOnce: limits?.getOptionalNumber('maxArchivesAtOnce'),
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
