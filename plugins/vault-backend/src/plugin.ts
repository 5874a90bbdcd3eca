import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { EntityAuthorizer } from '@pcscol/plugin-pegase-node';
import { vaultPermissions } from '@pcscol/plugin-vault-common';
import { registerVaultActions } from './actions/vaultActions';
import { readVaultConfig, warnAboutLegacyVaultConfig } from './config';
import { VaultViewService } from './services/VaultViewService';
import { createRouter } from './router';

/**
 * The Vault backend plugin (`/api/pegase-vault`): metadata of the Vault clusters of
 * each region, per instance and per component. Never a secret value.
 * @public
 */
export const vaultPlugin = createBackendPlugin({
  pluginId: 'pegase-vault',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        cache,
        httpAuth,
        auditor,
        actionsRegistry,
        httpRouter,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        warnAboutLegacyVaultConfig(config, logger);
        const vaultConfig = readVaultConfig(config);
        if (vaultConfig.clusters.length === 0) {
          logger.warn(
            'no Vault cluster configured (pegase.vault.clusters): the Vault views will answer errors',
          );
        }
        permissionsRegistry.addPermissions(vaultPermissions);
        const views = new VaultViewService({
          config: vaultConfig,
          catalog,
          cache,
          logger,
        });
        const authorizer = new EntityAuthorizer({
          httpAuth,
          permissions,
          auditor,
          refusalEventId: 'vault-access-refused',
        });
        httpRouter.use(await createRouter({ authorizer, views }));
        registerVaultActions({ actionsRegistry, authorizer, views });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
