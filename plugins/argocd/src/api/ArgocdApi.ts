import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ActionResult,
  ApplicationHistory,
  ApplicationOverview,
  ApplicationResources,
  FleetResponse,
} from '@pcscol/plugin-argocd-common';

/** Which ArgoCD and application a call is about. @public */
export interface ArgocdAppTarget {
  appName: string;
  /** Config name of the ArgoCD (`pc-scol.fr/argocd-instance`); default the first configured. */
  argocd?: string;
}

/** Filters of the component fleet. @public */
export interface FleetFilters {
  region?: string[];
  usage?: string[];
  cluster?: string[];
  problemsOnly?: boolean;
}

/** What the ArgoCD views ask `/api/argocd`. @public */
export interface ArgocdApi {
  getOverview(target: ArgocdAppTarget): Promise<ApplicationOverview>;
  getHistory(target: ArgocdAppTarget): Promise<ApplicationHistory>;
  getResources(
    target: ArgocdAppTarget & { entityRef?: string },
  ): Promise<ApplicationResources>;
  getFleet(
    entityRef: { kind: string; namespace: string; name: string },
    filters?: FleetFilters,
  ): Promise<FleetResponse>;
  sync(target: ArgocdAppTarget): Promise<ActionResult>;
  refresh(target: ArgocdAppTarget): Promise<ActionResult>;
  rollback(target: ArgocdAppTarget & { id: number }): Promise<ActionResult>;
}

/** @public */
export const argocdApiRef = createApiRef<ArgocdApi>({
  id: 'plugin.argocd.service',
});
