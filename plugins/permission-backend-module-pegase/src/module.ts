import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PegasePermissionPolicy } from './PegasePermissionPolicy';
import { checkPermissionRules } from './startupCheck';

/**
 * Replaces the allow-all policy with the config-driven Pégase policy, and at
 * start-up logs the permissions of the running plugins that no rule names.
 *
 * @public
 */
export const permissionModulePegasePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'pegase-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        instance: coreServices.rootInstanceMetadata,
      },
      async init({
        policy,
        config,
        userInfo,
        logger,
        lifecycle,
        discovery,
        auth,
        instance,
      }) {
        const pegasePolicy = PegasePermissionPolicy.fromConfig(config, {
          userInfo,
          logger,
        });
        policy.setPolicy(pegasePolicy);
        lifecycle.addStartupHook(async () => {
          const pluginIds =
            pegasePolicy.settings.checkPlugins ??
            (await instance.getInstalledPlugins()).map(p => p.pluginId);
          try {
            await checkPermissionRules({
              settings: pegasePolicy.settings,
              pluginIds,
              discovery,
              auth,
              logger,
            });
          } catch (error) {
            logger.warn(`The permission rules check failed: ${error}`);
          }
        });
      },
    });
  },
});
