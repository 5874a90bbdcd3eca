import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createPegaseDbaasCreateAction,
  createPegaseFleetUpgradeAction,
  createPegaseInstanceCreateAction,
  createPegaseKaasCreateAction,
} from './actions';
import { GitopsChangePublisher } from './git/GitopsChangePublisher';
import { readSelfServiceSettings } from './config';
import { pegaseScaffolderPermissions } from './permissions';

/**
 * The Pégase self-service actions (`pegase:instance:create`,
 * `pegase:dbaas:create`, `pegase:kaas:create`), each opening a merge/pull
 * request on the GitOps repository of `pegase.gitops`.
 * @public
 */
export const scaffolderModulePegase = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'pegase',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        logger: coreServices.logger,
      },
      async init({
        scaffolder,
        config,
        permissions,
        permissionsRegistry,
        logger,
      }) {
        permissionsRegistry.addPermissions(pegaseScaffolderPermissions);
        const selfService = readSelfServiceSettings(config);
        let publisher: GitopsChangePublisher;
        try {
          publisher = GitopsChangePublisher.fromConfig(config);
        } catch (e) {
          // The backend keeps running; the actions explain what is missing when used.
          const why = (e as Error).message;
          logger.warn(`Pégase self-service actions are not usable: ${why}`);
          publisher = new Proxy({} as GitopsChangePublisher, {
            get() {
              throw new Error(
                `The Pégase self-service actions are not configured: ${why}`,
              );
            },
          });
          scaffolder.addActions(
            createPegaseInstanceCreateAction({
              publisher,
              permissions,
              selfService,
            }),
            createPegaseDbaasCreateAction({
              publisher,
              permissions,
              selfService,
            }),
            createPegaseKaasCreateAction({
              publisher,
              permissions,
              selfService,
            }),
            createPegaseFleetUpgradeAction({
              publisher,
              permissions,
              selfService,
            }),
          );
          return;
        }
        const options = { publisher, permissions, selfService };
        scaffolder.addActions(
          createPegaseInstanceCreateAction(options),
          createPegaseDbaasCreateAction(options),
          createPegaseKaasCreateAction(options),
          createPegaseFleetUpgradeAction(options),
        );
        logger.info(
          `Pégase self-service actions target ${publisher.settings.repoUrl} (${publisher.settings.branch}), ${publisher.settings.forge} project ${publisher.settings.project}`,
        );
      },
    });
  },
});
