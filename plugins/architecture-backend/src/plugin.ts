import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { architecturePermissions } from '@pcscol/plugin-architecture-common';
import { readArchitectureConfig } from './config';
import { createRouter } from './router';
import { GraphService } from './services/GraphService';

/**
 * The architecture backend plugin: the System's graph at `/api/architecture`.
 * @public
 */
export const architecturePlugin = createBackendPlugin({
  pluginId: 'architecture',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        cache: coreServices.cache,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(architecturePermissions);
        const graphs = new GraphService({
          catalog: deps.catalog,
          cache: deps.cache,
          config: readArchitectureConfig(deps.config),
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            graphs,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
