import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { readPegaseProviderConfig } from './config';
import { PegaseIngestion } from './providers/PegaseIngestion';
import { ANNOTATION_SOURCE_FILE } from './transform/common';

/**
 * Catalog module with the Pégase entity providers: umbrella chart, instance
 * inventory (with DBaaS/KaaS), and clusters (merged with ArgoCD's cluster
 * Secrets). Reads `catalog.providers.pegase`; does nothing when absent.
 * @public
 */
export const catalogModulePegase = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'pegase',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        processing: catalogProcessingExtensionPoint,
      },
      async init({
        config,
        logger,
        scheduler,
        urlReader,
        auth,
        lifecycle,
        catalog,
        events,
        processing,
      }) {
        const pegase = readPegaseProviderConfig(config);
        if (!pegase) {
          logger.info(
            'catalog.providers.pegase is not configured; the Pégase providers are off',
          );
          return;
        }
        const ingestion = new PegaseIngestion({
          config: pegase,
          logger,
          urlReader,
          readOnConnect: true,
          catalogLookup: async (_provider, files) => {
            const { items } = await catalog.getEntities(
              {
                filter: {
                  [`metadata.annotations.${ANNOTATION_SOURCE_FILE}`]: files,
                },
              },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            return items;
          },
        });
        processing.addEntityProvider(ingestion.entityProviders());

        // The first read happens as soon as the catalog connects the providers
        // (readOnConnect). The scheduled runs then happen on one replica at a
        // time; the first one finds an unchanged git or url source and stops
        // before reading it.
        lifecycle.addStartupHook(async () => {
          await scheduler.scheduleTask({
            id: 'pegase-catalog-providers:refresh',
            ...pegase.schedule,
            fn: async () => {
              await ingestion.refresh();
            },
          });
        });

        if (pegase.events.enabled) {
          lifecycle.addStartupHook(async () => {
            await events.subscribe({
              id: 'pegase-catalog-providers',
              topics: pegase.events.topics,
              // Returns as soon as the push is queued: the webhook's answer
              // waits for this subscriber, never for the read.
              onEvent: async params => {
                const ack = await ingestion.onEvent(params);
                if (ack.status === 'ignored') {
                  logger.debug(`Pégase catalog: event ignored (${ack.reason})`);
                }
              },
            });
          });
        }
      },
    });
  },
});
