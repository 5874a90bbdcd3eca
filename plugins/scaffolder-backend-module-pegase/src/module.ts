import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  scaffolderActionsExtensionPoint,
  scaffolderServiceRef,
} from '@backstage/plugin-scaffolder-node';
import {
  createPegaseAddonUpgradeAction,
  createPegaseDbaasCreateAction,
  createPegaseFleetUpgradeAction,
  createPegaseInstanceCreateAction,
  createPegaseInstanceRemoveAction,
  createPegaseKaasCreateAction,
} from './actions';
import {
  EntityAuthorizer,
  GitopsChangePublisher,
  redactUrlCredentials,
} from '@pcscol/plugin-pegase-node';
import { REFUSAL_EVENT_ID } from './lib/access';
import { readSelfServiceSettings } from './config';
import { pegaseScaffolderPermissions } from './permissions';
import { registerUpgradeInstancesAction } from './registry/upgradeInstancesAction';

/**
 * The Pégase self-service actions (`pegase:instance:create`,
 * `pegase:dbaas:create`, `pegase:kaas:create`, `pegase:fleet:upgrade`,
 * `pegase:instance:remove`, `pegase:addon:upgrade`), each opening merge/pull requests on the GitOps
 * repository of `pegase.gitops`.
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
        auditor: coreServices.auditor,
        httpAuth: coreServices.httpAuth,
        actionsRegistry: actionsRegistryServiceRef,
        scaffolderService: scaffolderServiceRef,
      },
      async init({
        scaffolder,
        config,
        permissions,
        permissionsRegistry,
        logger,
        auditor,
        httpAuth,
        actionsRegistry,
        scaffolderService,
      }) {
        permissionsRegistry.addPermissions(pegaseScaffolderPermissions);
        // for MCP clients: the upgrade template, run with the caller's credentials
        registerUpgradeInstancesAction({
          actionsRegistry,
          scaffolder: scaffolderService,
        });
        const selfService = readSelfServiceSettings(config);
        let publisher: GitopsChangePublisher;
        let configured = true;
        try {
          publisher = GitopsChangePublisher.fromConfig(config);
        } catch (e) {
          // The backend keeps running; the actions explain what is missing when used.
          const why = (e as Error).message;
          logger.warn(`Pégase self-service actions are not usable: ${why}`);
          configured = false;
          publisher = new Proxy({} as GitopsChangePublisher, {
            get() {
              throw new Error(
                `The Pégase self-service actions are not configured: ${why}`,
              );
            },
          });
        }
        // each write checked against the entities it touches, refusals audited
        const authorizer = new EntityAuthorizer({
          httpAuth,
          permissions,
          auditor,
          refusalEventId: REFUSAL_EVENT_ID,
        });
        const options = { publisher, permissions, authorizer, selfService };
        scaffolder.addActions(
          createPegaseInstanceCreateAction(options),
          createPegaseDbaasCreateAction(options),
          createPegaseKaasCreateAction(options),
          createPegaseFleetUpgradeAction(options),
          createPegaseInstanceRemoveAction(options),
          createPegaseAddonUpgradeAction(options),
        );
        if (!configured) return;
        logger.info(
          `Pégase self-service actions target ${redactUrlCredentials(
            publisher.settings.repoUrl,
          )} (${publisher.settings.branch}), ${
            publisher.settings.forge
          } project ${publisher.settings.project}`,
        );
      },
    });
  },
});
