import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PegasePermissionPolicy } from './PegasePermissionPolicy';

/**
 * Replaces the allow-all policy with the config-driven Pégase policy.
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
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          PegasePermissionPolicy.fromConfig(config, { userInfo }),
        );
      },
    });
  },
});
