import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ClusterMatrixResponse,
  FleetReleaseDiffResponse,
  FleetResponse,
  FleetSubChartResponse,
  Rollout,
  RolloutDetailResponse,
  RolloutPlan,
  RolloutRequest,
  RolloutState,
  RolloutSummary,
} from '@pcscol/plugin-pegase-common';

/** The client of `/api/fleet` (plugins/fleet-backend). @public */
export interface FleetApi {
  /** Every instance with versions, ArgoCD status, TTL and problems. */
  getFleet(): Promise<FleetResponse>;
  /** Which versions of one component run where. */
  getSubChart(entityName: string): Promise<FleetSubChartResponse>;
  /** Sub-charts added, removed and moved between two umbrella versions. */
  getReleaseDiff(from: string, to: string): Promise<FleetReleaseDiffResponse>;
  /** The clusters, the add-on × cluster matrix with ArgoCD's state, and its problems. */
  getClusters(): Promise<ClusterMatrixResponse>;
  /** Every rollout, newest first (only those in these states, if given). */
  listRollouts(states?: RolloutState[]): Promise<RolloutSummary[]>;
  /** The waves a rollout of this request would make; nothing is stored. */
  planRollout(request: RolloutRequest): Promise<RolloutPlan>;
  /** Starts a rollout; the backend opens wave 1's change request at its next tick. */
  startRollout(request: RolloutRequest): Promise<Rollout>;
  /** One rollout with its waves and its event log. */
  getRollout(id: string): Promise<RolloutDetailResponse>;
  /** Pauses a running rollout (the reason defaults to who paused it). */
  pauseRollout(id: string, reason?: string): Promise<Rollout>;
  /** Resumes a paused rollout; its failed waves are judged again. */
  resumeRollout(id: string): Promise<Rollout>;
  /** Aborts and closes the unmerged change requests. */
  abortRollout(id: string, reason?: string): Promise<Rollout>;
  /** Approves a pending wave or one awaiting approval (`wave`: its index). */
  approveWave(id: string, wave: number): Promise<Rollout>;
  /** Opens the change request moving the wave's instances back. */
  rollbackWave(id: string, wave: number): Promise<Rollout>;
}

/** The reference of {@link FleetApi}. @public */
export const fleetApiRef = createApiRef<FleetApi>({ id: 'plugin.fleet.api' });
