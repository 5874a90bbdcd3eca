import os from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  pegaseFleetPermissions,
  pegaseRolloutPermissions,
} from '@pcscol/plugin-pegase-common';
import {
  GitopsChangePublisher,
  readGitopsSettings,
  redactUrlCredentials,
} from '@pcscol/plugin-pegase-node';
import { readFleetConfig, readRolloutConfig } from './config';
import { createRouter } from './router';
import { ArgocdPluginStatusSource } from './services/argocdStatus';
import { FleetService } from './services/FleetService';
import { ClusterMatrixService } from './services/ClusterMatrixService';
import {
  GitopsReleaseSource,
  GitopsSnapshotSource,
} from './services/releaseSource';
import { registerFleetActions } from './actions/fleetActions';
import { registerClusterActions } from './actions/clusterActions';
import { scheduleRolloutAdvancer } from './rollouts/advanceTask';
import { changeRequestForgeFromConfig } from './rollouts/forgeChangeRequests';
import { GitopsWaveChangeOpener } from './rollouts/gitopsOpener';
import {
  ArgocdInstanceStatusReader,
  QuerierAlertReader,
} from './rollouts/observations';
import { registerRolloutActions } from './rollouts/rolloutActions';
import { RolloutAdvancer } from './rollouts/RolloutAdvancer';
import { RolloutNotifier } from './rollouts/RolloutNotifier';
import type { RolloutsAvailability } from './rollouts/rolloutRoutes';
import { RolloutService } from './rollouts/RolloutService';
import { RolloutStore } from './rollouts/RolloutStore';

/**
 * The fleet backend plugin: the fleet views' data and the rollouts at
 * `/api/fleet`.
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
        auditor: coreServices.auditor,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const fleetConfig = readFleetConfig(deps.config);
        const rolloutConfig = readRolloutConfig(deps.config);
        deps.permissionsRegistry.addPermissions([
          ...pegaseFleetPermissions,
          ...pegaseRolloutPermissions,
        ]);
        const argocd = new ArgocdPluginStatusSource({
          discovery: deps.discovery,
          auth: deps.auth,
          timeoutMs: fleetConfig.argocdTimeoutSeconds * 1000,
        });
        const fleet = new FleetService({
          catalog: deps.catalog,
          auth: deps.auth,
          cache: deps.cache,
          logger: deps.logger,
          config: fleetConfig,
          argocd,
          releases: new GitopsReleaseSource({
            config: deps.config,
            urlReader: deps.urlReader,
            logger: deps.logger,
          }),
        });
        const snapshots = new GitopsSnapshotSource({
          config: deps.config,
          urlReader: deps.urlReader,
          logger: deps.logger,
        });
        const clusters = new ClusterMatrixService({
          catalog: deps.catalog,
          auth: deps.auth,
          cache: deps.cache,
          logger: deps.logger,
          config: fleetConfig,
          argocd,
        });
        registerFleetActions({
          actionsRegistry: deps.actionsRegistry,
          fleet,
          snapshots,
        });
        registerClusterActions({
          actionsRegistry: deps.actionsRegistry,
          clusters,
        });

        // Rollouts need the GitOps repository's forge (pegase.gitops, as the
        // self-service actions); without it the rest of the plugin works.
        const store = await RolloutStore.create(deps.database);
        let rollouts: RolloutsAvailability;
        try {
          const settings = readGitopsSettings(deps.config);
          const forge = await changeRequestForgeFromConfig(
            deps.config,
            settings,
          );
          const service = new RolloutService({
            store,
            forge,
            permissions: deps.permissions,
            auditor: deps.auditor,
            snapshot: () => snapshots.snapshot(),
            config: rolloutConfig,
          });
          rollouts = { available: true, service };
          registerRolloutActions({
            actionsRegistry: deps.actionsRegistry,
            rollouts: service,
          });
          if (rolloutConfig.enabled) {
            await scheduleRolloutAdvancer({
              scheduler: deps.scheduler,
              logger: deps.logger,
              tickSeconds: rolloutConfig.tickSeconds,
              advancer: new RolloutAdvancer({
                store,
                forge,
                opener: new GitopsWaveChangeOpener(
                  new GitopsChangePublisher(
                    settings,
                    ScmIntegrations.fromConfig(deps.config),
                  ),
                ),
                statuses: new ArgocdInstanceStatusReader(argocd),
                alerts: new QuerierAlertReader({
                  url: rolloutConfig.alertsUrl,
                  token: rolloutConfig.alertsToken,
                  tenant: rolloutConfig.alertsTenant,
                  timeoutMs: rolloutConfig.timeoutMs,
                }),
                config: rolloutConfig,
                logger: deps.logger,
                owner: `${os.hostname()}-${process.pid}-${randomUUID().slice(
                  0,
                  8,
                )}`,
                // the owner and the approvers, once per gate (docs/rollouts.md)
                notifier: new RolloutNotifier({
                  store,
                  notifications: deps.notifications,
                  config: rolloutConfig.notifications,
                  logger: deps.logger,
                }),
              }),
            });
          }
        } catch (e) {
          const reason = redactUrlCredentials(String((e as Error).message));
          deps.logger.warn(`rollouts are off: ${reason}`);
          rollouts = { available: false, reason };
        }

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            fleet,
            clusters,
            rollouts,
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
