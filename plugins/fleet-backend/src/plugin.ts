import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { pegaseFleetPermissions } from '@pcscol/plugin-pegase-common';
import { readFleetConfig } from './config';
import { createRouter } from './router';
import { ArgocdPluginStatusSource } from './services/argocdStatus';
import { FleetService } from './services/FleetService';
import {
  GitopsReleaseSource,
  GitopsSnapshotSource,
} from './services/releaseSource';
import { registerFleetActions } from './actions/fleetActions';

/**
 * The fleet backend plugin: the fleet views' data at `/api/fleet`.
 * @public
 */
export const fleetPlugin = createBackendPlugin({
  pluginId: 'fleet',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const fleetConfig = readFleetConfig(deps.config);
        deps.permissionsRegistry.addPermissions(pegaseFleetPermissions);
        const fleet = new FleetService({
          catalog: deps.catalog,
          auth: deps.auth,
          cache: deps.cache,
          logger: deps.logger,
          config: fleetConfig,
          argocd: new ArgocdPluginStatusSource({
            discovery: deps.discovery,
            auth: deps.auth,
            timeoutMs: fleetConfig.argocdTimeoutSeconds * 1000,
          }),
          releases: new GitopsReleaseSource({
            config: deps.config,
            urlReader: deps.urlReader,
            logger: deps.logger,
          }),
        });
        registerFleetActions({
          actionsRegistry: deps.actionsRegistry,
          fleet,
          snapshots: new GitopsSnapshotSource({
            config: deps.config,
            urlReader: deps.urlReader,
            logger: deps.logger,
          }),
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            fleet,
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
