import { parseEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type { RolloutConfig } from './rollouts/types';

/** `pegase.fleet`, defaults applied. */
export interface FleetConfig {
  cacheTtlSeconds: number;
  argocdTimeoutSeconds: number;
}

/** Reads `pegase.fleet` (config.d.ts); a non-positive number is refused, naming the key. */
export function readFleetConfig(config: Config): FleetConfig {
  const read = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(`pegase.fleet.${key}`) ?? fallback;
    if (!(value > 0)) {
      throw new Error(
        `pegase.fleet.${key} must be a positive number, got ${value}`,
      );
    }
    return value;
  };
  return {
    cacheTtlSeconds: read('cacheTtlSeconds', 30),
    argocdTimeoutSeconds: read('argocdTimeoutSeconds', 5),
  };
}

/** Reads `pegase.fleet.rollouts` (config.d.ts), defaults applied; bad values refused naming the key. */
export function readRolloutConfig(config: Config): RolloutConfig {
  const key = (k: string) => `pegase.fleet.rollouts.${k}`;
  const positive = (k: string, fallback: number) => {
    const value = config.getOptionalNumber(key(k)) ?? fallback;
    if (!(value > 0)) {
      throw new Error(`${key(k)} must be a positive number, got ${value}`);
    }
    return value;
  };
  const threshold =
    config.getOptionalNumber(key('failureThresholdPercent')) ?? 10;
  if (!(threshold >= 0 && threshold <= 100)) {
    throw new Error(
      `${key(
        'failureThresholdPercent',
      )} must be between 0 and 100, got ${threshold}`,
    );
  }
  const severities = (
    config.getOptionalStringArray(key('severities')) ?? [
      'info',
      'warning',
      'critical',
    ]
  ).map(s => s.toLowerCase());
  const alertSeverity = (
    config.getOptionalString(key('alertSeverity')) ?? 'critical'
  ).toLowerCase();
  if (!severities.includes(alertSeverity)) {
    throw new Error(
      `${key('alertSeverity')} '${alertSeverity}' is not one of ${key(
        'severities',
      )} (${severities.join(', ')})`,
    );
  }
  const querier = config.getOptionalConfigArray('pegase.thanos.queriers')?.[0];
  const alertsUrl =
    config.getOptionalString(key('alertsUrl')) ??
    querier?.getOptionalString('url');
  const alertsToken = config.getOptionalString(key('alertsUrl'))
    ? config.getOptionalString(key('alertsToken'))
    : config.getOptionalString(key('alertsToken')) ??
      querier?.getOptionalString('token');
  const tenantHeader = config.getOptionalString(key('alertsUrl'))
    ? undefined
    : querier?.getOptionalString('tenantHeader');
  const tenant = tenantHeader
    ? querier?.getOptionalString('tenant')
    : undefined;
  const approvers = (
    config.getOptionalStringArray(key('notifications.approvers')) ?? []
  ).map((ref, i) => {
    const at = `${key('notifications.approvers')}[${i}]`;
    let parsed: ReturnType<typeof parseEntityRef>;
    try {
      parsed = parseEntityRef(ref, { defaultNamespace: 'default' });
    } catch {
      throw new Error(
        `${at} '${ref}' is not an entity ref (e.g. group:default/ops)`,
      );
    }
    const kind = parsed.kind.toLocaleLowerCase('en-US');
    if (kind !== 'group' && kind !== 'user') {
      throw new Error(`${at} '${ref}' must be a group or a user`);
    }
    // the notifications backend resolves full refs
    return `${kind}:${parsed.namespace}/${parsed.name}`;
  });
  return {
    enabled: config.getOptionalBoolean(key('enabled')) ?? true,
    ...(tenantHeader && tenant
      ? { alertsTenant: { header: tenantHeader, value: tenant } }
      : {}),
    tickSeconds: positive('tickSeconds', 30),
    soakSeconds: positive('soakSeconds', 600),
    waveTimeoutSeconds: positive('waveTimeoutSeconds', 3600),
    failureThresholdPercent: threshold,
    alertSeverity,
    severities,
    productionApprovalRequired:
      config.getOptionalBoolean(key('productionApprovalRequired')) ?? true,
    alertsUrl,
    alertsToken,
    timeoutMs: positive('timeoutSeconds', 10) * 1000,
    notifications: {
      enabled: config.getOptionalBoolean(key('notifications.enabled')) ?? true,
      approvers,
    },
  };
}
