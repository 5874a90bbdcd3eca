import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  EntityAlertsResult,
  EntityMetricsInfo,
  GraphResult,
} from '@pcscol/plugin-thanos-common';

/** Reference of an entity: kind, namespace, name. @public */
export interface EntityKey {
  kind: string;
  namespace: string;
  name: string;
}

/** The client of `/api/pegase-thanos` (never sends PromQL: graph ids only). @public */
export interface ThanosApi {
  getInfo(entity: EntityKey): Promise<EntityMetricsInfo>;
  getGraph(
    entity: EntityKey,
    graphId: string,
    options: { range: string; instance?: string },
  ): Promise<GraphResult>;
  getAlerts(entity: EntityKey): Promise<EntityAlertsResult>;
}

/** @public */
export const thanosApiRef = createApiRef<ThanosApi>({
  id: 'plugin.pegase-thanos.service',
});
