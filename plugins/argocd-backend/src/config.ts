import { Config } from '@backstage/config';
import { warnAboutLegacyConfigKey } from '@pcscol/plugin-pegase-node';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/**
 * Where this plugin's configuration lives: `pegase.argocd` (before 0.2: `argocd`, the
 * key the Community ArgoCD plugin reads, so it is never read here).
 */
export const ARGOCD_CONFIG_KEY = 'pegase.argocd';

/**
 * One warning when the configuration still sits under the old `argocd` key and
 * `pegase.argocd` is absent: that block is not read (it may well be the Community
 * ArgoCD plugin's own), so the views would answer as unconfigured.
 */
export function warnAboutLegacyArgocdConfig(
  config: Config,
  logger: { warn(message: string): void },
): void {
  warnAboutLegacyConfigKey(config, logger, {
    legacy: 'argocd',
    current: ARGOCD_CONFIG_KEY,
    product: 'ArgoCD',
    legacyOwner: 'the Community ArgoCD plugin',
  });
}

/** One configured ArgoCD. @public */
export interface ArgocdInstanceConfig {
  name: string;
  url: string;
  token?: string;
  username?: string;
  password?: string;
  timeoutMs: number;
  cacheTtlSeconds: number;
  uiUrl: string;
  project?: string;
  /** Namespace of the Applications whose entity names none (`argocd/app-namespace`). */
  appNamespace?: string;
  /** ArgoCD's own namespace (where it looks without `appNamespace`). */
  controlPlaneNamespace: string;
  persistResourceHealth: boolean;
}

/** @public */
export interface ArgocdRefresherConfig {
  enabled: boolean;
  rateLimit: number;
  concurrency: number;
  digestTtlSeconds: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/** @public */
export interface ArgocdConfig {
  instances: ArgocdInstanceConfig[];
  /** Lifetime of a component's instance list (from the catalog) in the shared cache. */
  fleetCacheTtlSeconds: number;
  /** Per-replica reuse of a computed fleet answer, in seconds. */
  fleetResponseCacheSeconds: number;
  refresher: ArgocdRefresherConfig;
}

function trimSlash(url: string) {
  return url.replace(/\/+$/, '');
}

/** Reads and validates `pegase.argocd` config; throws an error naming the bad key. @public */
export function readArgocdConfig(config: Config): ArgocdConfig {
  const instances = (
    config.getOptionalConfigArray('pegase.argocd.instances') ?? []
  ).map((c, i) => {
    const where = `pegase.argocd.instances[${i}]`;
    const name = c.getString('name');
    const url = c.getString('url');
    if (!/^https?:\/\//.test(url)) {
      throw new InputError(`${where}.url must be an http(s) URL, got "${url}"`);
    }
    const token = c.getOptionalString('token') || undefined;
    const username = c.getOptionalString('username') || undefined;
    const password = c.getOptionalString('password') || undefined;
    if (!token && !(username && password)) {
      throw new InputError(
        `${where} (${name}) needs a token, or a username and a password`,
      );
    }
    const timeoutMs = c.getOptionalNumber('timeoutMs') ?? 10000;
    const cacheTtlSeconds = c.getOptionalNumber('cacheTtlSeconds') ?? 30;
    if (timeoutMs <= 0)
      throw new InputError(`${where}.timeoutMs must be positive`);
    if (cacheTtlSeconds < 0)
      throw new InputError(`${where}.cacheTtlSeconds must be >= 0`);
    return {
      name,
      url: trimSlash(url),
      token,
      username,
      password,
      timeoutMs,
      cacheTtlSeconds,
      uiUrl: trimSlash(c.getOptionalString('uiUrl') ?? url),
      project: c.getOptionalString('project') || undefined,
      appNamespace: c.getOptionalString('appNamespace') || undefined,
      controlPlaneNamespace:
        c.getOptionalString('controlPlaneNamespace') || 'argocd',
      persistResourceHealth:
        c.getOptionalBoolean('persistResourceHealth') ?? false,
    };
  });
  const names = new Set<string>();
  for (const i of instances) {
    if (names.has(i.name))
      throw new InputError(
        `pegase.argocd.instances: the name "${i.name}" is used twice`,
      );
    names.add(i.name);
  }
  const r = config.getOptionalConfig('pegase.argocd.refresher');
  const rateLimit = r?.getOptionalNumber('rateLimit') ?? 20;
  if (rateLimit <= 0)
    throw new InputError('pegase.argocd.refresher.rateLimit must be positive');
  return {
    instances,
    fleetCacheTtlSeconds:
      config.getOptionalNumber('pegase.argocd.fleetCacheTtlSeconds') ?? 60,
    fleetResponseCacheSeconds:
      config.getOptionalNumber('pegase.argocd.fleetResponseCacheSeconds') ?? 5,
    refresher: {
      enabled: r?.getOptionalBoolean('enabled') ?? true,
      rateLimit,
      concurrency: Math.max(1, r?.getOptionalNumber('concurrency') ?? 8),
      digestTtlSeconds: r?.getOptionalNumber('digestTtlSeconds') ?? 3600,
      schedule: r?.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            r.getConfig('schedule'),
          )
        : {
            frequency: { minutes: 5 },
            timeout: { minutes: 15 },
            initialDelay: { seconds: 10 },
          },
    },
  };
}
