import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isVaultComponent, isVaultInstance } from '@pcscol/plugin-vault-common';
import { vaultApiRef } from './api/VaultApi';
import { VaultClient } from './api/VaultClient';
import { vaultTranslationRef } from './translations';

/** The client of /api/pegase-vault. */
export const vaultApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: vaultApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new VaultClient({ discoveryApi, fetchApi }),
    }),
});

/** Instance page: the Vault card. */
export const instanceVaultCard = EntityCardBlueprint.make({
  name: 'instance',
  params: {
    filter: isVaultInstance,
    loader: () =>
      import('./components/InstanceVaultCard').then(m => (
        <m.InstanceVaultCard />
      )),
  },
});

/** Instance page: the Vault tab with the detail. */
export const instanceVaultContent = EntityContentBlueprint.make({
  name: 'instance',
  params: {
    path: 'vault',
    title: vaultTranslationRef('tab.title'),
    filter: isVaultInstance,
    loader: () =>
      import('./components/InstanceVaultContent').then(m => (
        <m.InstanceVaultContent />
      )),
  },
});

/** Component page: auth roles, policies and database roles across instances. */
export const componentVaultCard = EntityCardBlueprint.make({
  name: 'component',
  params: {
    filter: isVaultComponent,
    type: 'content',
    loader: () =>
      import('./components/ComponentVaultCard').then(m => (
        <m.ComponentVaultCard />
      )),
  },
});

/** The Vault views of Pégase Portal (metadata only). @public */
export const vaultPlugin = createFrontendPlugin({
  pluginId: 'pegase-vault',
  extensions: [
    vaultApi,
    instanceVaultCard,
    instanceVaultContent,
    componentVaultCard,
  ],
});
