import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { registerArgocdActions } from './actions/argocdActions';
import { argocdPermissions } from '@pcscol/plugin-argocd-common';
import { readArgocdConfig, warnAboutLegacyArgocdConfig } from './config';
import { createRouter } from './router';
import { ArgocdService } from './services/ArgocdService';
import { EntityAccess } from './services/EntityAccess';
import { ConfiguredGitopsReader } from './services/GitopsObjects';
import { scheduleRefresher } from './services/Refresher';

/**
 * The ArgoCD backend plugin (`/api/pegase-argocd`).
 * @public
 */
export const argocdPlugin = createBackendPlugin({
  pluginId: 'pegase-argocd',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        urlReader: coreServices.urlReader,
        logger: coreServices.logger,
        cache: coreServices.cache,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        warnAboutLegacyArgocdConfig(deps.config, deps.logger);
        const config = readArgocdConfig(deps.config);
        deps.permissionsRegistry.addPermissions(argocdPermissions);
        const service = new ArgocdService({
          config,
          cache: deps.cache,
          logger: deps.logger,
          catalog: deps.catalog,
          gitops: new ConfiguredGitopsReader({
            config: deps.config,
            urlReader: deps.urlReader,
          }),
        });
        if (config.instances.length === 0) {
          deps.logger.warn(
            'pegase.argocd.instances is empty: the ArgoCD views will show a configuration error',
          );
        }
        const access = new EntityAccess(
          {
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
          },
          service.lookups,
          service.instances,
        );
        registerArgocdActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          access,
        });
        await scheduleRefresher({
          service,
          config: config.refresher,
          scheduler: deps.scheduler,
          logger: deps.logger,
        });
        deps.httpRouter.use(
          await createRouter({
            service,
            access,
            catalog: deps.catalog,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            logger: deps.logger,
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
