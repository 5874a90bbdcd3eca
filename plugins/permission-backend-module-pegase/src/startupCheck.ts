import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import { PegasePermissionSettings, ruleMatches } from './config';
import {
  misplacedConditionMessage,
  misplacedConditions,
} from './PegasePermissionPolicy';

/** What the start-up check found. @public */
export interface PermissionCheckReport {
  /** Every permission the plugins declare, by plugin id. */
  permissions: Record<string, string[]>;
  /** Names of the permissions no rule names. */
  unnamed: string[];
  /** Plugins whose permission metadata could not be read, with why. */
  unreadable: Record<string, string>;
}

const METADATA_PATH = '/.well-known/backstage/permissions/metadata';

async function readMetadata(
  pluginId: string,
  deps: { discovery: DiscoveryService; auth: AuthService },
): Promise<Permission[] | undefined> {
  const baseUrl = await deps.discovery.getBaseUrl(pluginId);
  const { token } = await deps.auth.getPluginRequestToken({
    onBehalfOf: await deps.auth.getOwnServiceCredentials(),
    targetPluginId: pluginId,
  });
  const res = await fetch(`${baseUrl}${METADATA_PATH}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  // a plugin that declares no permission serves no metadata route
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`HTTP ${res.status} on ${METADATA_PATH}`);
  const body = (await res.json()) as { permissions?: Permission[] };
  return body.permissions ?? [];
}

/**
 * Lists the permissions the running plugins declare and logs those that no
 * rule of `pegase.permissions.rules` names (a warning each when the default
 * decision is deny: they are closed to everyone), and any conditional rule
 * that names a permission conditions cannot apply to.
 * @public
 */
export async function checkPermissionRules(options: {
  settings: PegasePermissionSettings;
  pluginIds: string[];
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
}): Promise<PermissionCheckReport> {
  const { settings, logger } = options;
  const report: PermissionCheckReport = {
    permissions: {},
    unnamed: [],
    unreadable: {},
  };
  const all: Permission[] = [];
  for (const pluginId of options.pluginIds) {
    try {
      const permissions = await readMetadata(pluginId, options);
      if (!permissions) continue;
      report.permissions[pluginId] = permissions.map(p => p.name);
      all.push(...permissions);
    } catch (error) {
      report.unreadable[pluginId] = String((error as Error).message ?? error);
      logger.warn(
        `Could not read the permissions of plugin ${pluginId} (${report.unreadable[pluginId]}); ` +
          'their rules are not checked',
      );
    }
  }
  const seen = new Set<string>();
  const unique = all.filter(p => !seen.has(p.name) && seen.add(p.name));
  for (const permission of unique) {
    if (!settings.rules.some(r => ruleMatches(r.permission, permission.name))) {
      report.unnamed.push(permission.name);
    }
  }
  for (const m of misplacedConditions(settings.rules, unique)) {
    logger.error(misplacedConditionMessage(m));
  }
  const deny = settings.defaultDecision === AuthorizeResult.DENY;
  for (const name of report.unnamed) {
    const plugin = Object.keys(report.permissions).find(id =>
      report.permissions[id].includes(name),
    );
    if (deny) {
      logger.warn(
        `Permission ${name} (plugin ${plugin}) has no rule in pegase.permissions.rules: ` +
          'denied to everyone (defaultDecision: deny)',
      );
    }
  }
  const unnamed =
    report.unnamed.length > 0
      ? ` (${
          deny ? 'denied' : 'allowed'
        } by defaultDecision: ${report.unnamed.join(', ')})`
      : '';
  logger.info(
    `Permission rules checked: ${unique.length} permissions from ${
      Object.keys(report.permissions).length
    } plugins, ${report.unnamed.length} without a rule${unnamed}`,
  );
  return report;
}
