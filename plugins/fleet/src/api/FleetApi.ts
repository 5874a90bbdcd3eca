import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  FleetReleaseDiffResponse,
  FleetResponse,
  FleetSubChartResponse,
} from '@pcscol/plugin-pegase-common';

/** The client of `/api/fleet` (plugins/fleet-backend). @public */
export interface FleetApi {
  /** Every instance with versions, ArgoCD status, TTL and problems. */
  getFleet(): Promise<FleetResponse>;
  /** Which versions of one component run where. */
  getSubChart(entityName: string): Promise<FleetSubChartResponse>;
  /** Sub-charts added, removed and moved between two umbrella versions. */
  getReleaseDiff(from: string, to: string): Promise<FleetReleaseDiffResponse>;
}

/** @public */
export const fleetApiRef = createApiRef<FleetApi>({ id: 'plugin.fleet.api' });
