import {
  ApiBlueprint,
  createFrontendPlugin,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  INSTANCE_TYPE,
  WORKLOAD_ANNOTATION,
} from '@pcscol/plugin-thanos-common';
import { thanosApiRef } from './api/ThanosApi';
import { ThanosClient } from './api/ThanosClient';
import { thanosTranslationRef } from './translation';

/** Whether the Thanos views apply: a Pégase instance or a sub-chart entity. @public */
export function isThanosAvailable(entity: Entity): boolean {
  const kind = entity.kind.toLowerCase();
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  if (kind === 'resource' && type === INSTANCE_TYPE) return true;
  return (
    Boolean(entity.metadata.annotations?.[WORKLOAD_ANNOTATION]) &&
    (kind === 'component' || kind === 'resource')
  );
}

/** The client of /api/thanos. */
export const thanosApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: thanosApiRef,
      deps: { fetchApi: fetchApiRef },
      factory: ({ fetchApi }) => new ThanosClient(fetchApi),
    }),
});

/** The metrics tab of components and instances. */
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

/** The alerts card on the overview of components and instances. */
export const thanosAlertsCard = EntityCardBlueprint.make({
  name: 'alerts',
  params: {
    filter: isThanosAvailable,
    loader: () => import('./components/AlertsCard').then(m => <m.AlertsCard />),
  },
});

/** The Thanos views of Pégase Portal. @public */
export const thanosPlugin = createFrontendPlugin({
  pluginId: 'thanos',
  extensions: [thanosApi, thanosMetricsContent, thanosAlertsCard],
});
