import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  isPegaseInstance,
  PEGASE_ANNOTATIONS,
} from '@pcscol/plugin-pegase-common';
import { thanosApiRef } from './api/ThanosApi';
import { ThanosClient } from './api/ThanosClient';
import { thanosTranslationRef } from './translations';

/** Whether the Thanos views apply: a Pégase instance or a sub-chart entity. @public */
export function isThanosAvailable(entity: Entity): boolean {
  if (isPegaseInstance(entity)) return true;
  const kind = entity.kind.toLowerCase();
  return (
    Boolean(entity.metadata.annotations?.[PEGASE_ANNOTATIONS.workload]) &&
    (kind === 'component' || kind === 'resource')
  );
}

/** The client of /api/pegase-thanos. @public */
export const thanosApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: thanosApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ThanosClient({ discoveryApi, fetchApi }),
    }),
});

/** The metrics tab of components and instances. @public */
export const thanosMetricsContent = EntityContentBlueprint.make({
  name: 'metrics',
  params: {
    path: 'metrics',
    title: thanosTranslationRef('tab.title'),
    filter: isThanosAvailable,
    loader: () =>
      import('./components/MetricsContent').then(m => <m.MetricsContent />),
  },
});

/** The alerts card on the overview of components and instances. @public */
export const thanosAlertsCard = EntityCardBlueprint.make({
  name: 'alerts',
  params: {
    filter: isThanosAvailable,
    loader: () => import('./components/AlertsCard').then(m => <m.AlertsCard />),
  },
});

/** The Thanos views of Pégase Portal. @public */
export const thanosPlugin = createFrontendPlugin({
  pluginId: 'pegase-thanos',
  extensions: [thanosApi, thanosMetricsContent, thanosAlertsCard],
});
