import type { Config } from '@backstage/config';

/** Where moving from the old top-level keys to `pegase.*` is explained. */
const MIGRATION_NOTE =
  'https://gitlab.pc-scol.fr/stack-ng/pegase-portal/-/blob/main/docs/adopting.md#migrating-from-the-argocdvaultthanos-keys';

/**
 * A plugin's configuration key before 0.2 and now.
 *
 * @public
 */
export interface LegacyConfigKey {
  /** The old top-level key (`argocd`), never read: another plugin may own it. */
  legacy: string;
  /** The key read since 0.2 (`pegase.argocd`). */
  current: string;
  /** What the settings are about, as a person names it (`ArgoCD`). */
  product: string;
  /** Who the old key is left to (`the Community ArgoCD plugin`). */
  legacyOwner: string;
}

/**
 * Logs one warning when the configuration still sits under the old key and
 * the new one is absent. The old block is not read (in an app that also runs
 * the Community plugin, it is that plugin's own), so without this the views
 * would answer as unconfigured with nothing saying why.
 *
 * @public
 */
export function warnAboutLegacyConfigKey(
  config: Config,
  logger: { warn(message: string): void },
  key: LegacyConfigKey,
): void {
  const { legacy, current } = key;
  if (!config.has(legacy) || config.has(current)) return;
  logger.warn(
    `Found '${legacy}' config but no '${current}': this plugin reads only '${current}' since 0.2 ` +
      `('${legacy}' is left to ${key.legacyOwner}). Move your ${key.product} settings under '${current}'; ` +
      `see "Migrating from the \`argocd\`/\`vault\`/\`thanos\` keys" in ${MIGRATION_NOTE}.`,
  );
}
