/*
 * A startup warning for the MCP backend: Backstage never asks the permission policy
 * about a service principal. A static external-access token without
 * `accessRestrictions` is therefore allowed every permission of every plugin, so a
 * leaked assistant token could sync production or start upgrades through the MCP
 * tools. `accessRestrictions` (plugin ids, permission names or attributes) is the
 * only limit such a token has; see docs/mcp.md.
 *
 * A module of the `mcp-actions` plugin: Backstage initialises it only when that
 * plugin is installed, once per backend start.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';

/** One `backend.auth.externalAccess` entry that gives a service every permission. */
export interface UnrestrictedAccess {
  /** Where it is in config, e.g. `backend.auth.externalAccess[0]`. */
  key: string;
  type: string;
  subject?: string;
}

// The entries whose token is a shared secret; `jwks` tokens are issued per caller by
// an identity provider and are out of this check.
const SHARED_SECRET_TYPES = new Set(['static', 'legacy']);

/** The shared-secret external-access entries without `accessRestrictions`. */
export function unrestrictedExternalAccess(
  config: Config,
): UnrestrictedAccess[] {
  const entries =
    config.getOptionalConfigArray('backend.auth.externalAccess') ?? [];
  return entries.flatMap((entry, i) => {
    const type = entry.getOptionalString('type') ?? '';
    if (!SHARED_SECRET_TYPES.has(type)) return [];
    const restrictions = entry.getOptionalConfigArray('accessRestrictions');
    if (restrictions && restrictions.length > 0) return [];
    return [
      {
        key: `backend.auth.externalAccess[${i}]`,
        type,
        subject: entry.getOptionalString('options.subject'),
      },
    ];
  });
}

/** The warning of one entry: names it, never its token. */
export function unrestrictedAccessWarning(access: UnrestrictedAccess): string {
  const who = access.subject ? `, subject '${access.subject}'` : '';
  return (
    `${access.key} (${access.type}${who}) has no accessRestrictions while the MCP backend ` +
    'is installed: Backstage allows a service principal every permission without asking ' +
    'the permission policy, so this token may call every MCP tool, ArgoCD syncs and ' +
    'upgrades included. Restrict it to the plugins it needs (docs/mcp.md).'
  );
}

/** Logs one warning per unrestricted shared-secret token when the MCP backend starts. */
export const mcpStaticTokenCheck = createBackendModule({
  pluginId: 'mcp-actions',
  moduleId: 'pegase-static-token-check',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ config, logger }) {
        for (const access of unrestrictedExternalAccess(config)) {
          logger.warn(unrestrictedAccessWarning(access));
        }
      },
    });
  },
});

export default mcpStaticTokenCheck;
