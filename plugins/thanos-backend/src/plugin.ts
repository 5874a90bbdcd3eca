import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { thanosPermissions } from '@pcscol/plugin-thanos-common';
import { registerThanosActions } from './actions/thanosActions';
import { createRouter } from './router';
import { readThanosConfig, warnAboutLegacyThanosConfig } from './config';
import { EntityAccess } from './services/EntityAccess';
import { ThanosService } from './services/ThanosService';

/**
 * The Thanos backend plugin: `/api/pegase-thanos`.
 *
 * @public
 */
export const thanosPlugin = createBackendPlugin({
  pluginId: 'pegase-thanos',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        cache,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        actionsRegistry,
      }) {
        warnAboutLegacyThanosConfig(config, logger);
        const thanosConfig = readThanosConfig(config);
        permissionsRegistry.addPermissions(thanosPermissions);
        if (!thanosConfig.queriers.length) {
          logger.warn(
            'no pegase.thanos.queriers configured: the metrics cards will say so',
          );
        }
        const access = new EntityAccess({ permissions, auditor, httpAuth });
        const service = new ThanosService({
          config: thanosConfig,
          catalog,
          cache,
          logger,
          readableInstances: (credentials, refs) =>
            access.allowedRefs(credentials, refs),
        });
        registerThanosActions({ actionsRegistry, service, access });
        httpRouter.use(await createRouter({ access, service }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
