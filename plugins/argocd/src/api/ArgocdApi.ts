import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ActionResult,
  AppOfAppsAnswer,
  GeneratedComparison,
  ApplicationHistory,
  ApplicationOverview,
  ApplicationResources,
  FleetResponse,
} from '@pcscol/plugin-argocd-common';

/**
 * The instance entity a call is about. The backend reads the Application and
 * its ArgoCD from that entity's annotations; `appName` is only for messages.
 * @public
 */
export interface ArgocdAppTarget {
  /** Entity ref of the instance, e.g. `resource:default/uca-prod`. */
  entityRef: string;
  appName: string;
}

/** Filters of the component fleet. @public */
export interface FleetFilters {
  region?: string[];
  usage?: string[];
  cluster?: string[];
  problemsOnly?: boolean;
}

/** What the ArgoCD views ask `/api/pegase-argocd`. @public */
export interface ArgocdApi {
  getOverview(target: ArgocdAppTarget): Promise<ApplicationOverview>;
  getHistory(target: ArgocdAppTarget): Promise<ApplicationHistory>;
  getResources(target: ArgocdAppTarget): Promise<ApplicationResources>;
  /** The Application the instance's ApplicationSet generates beside the live one. */
  getGenerated(target: ArgocdAppTarget): Promise<GeneratedComparison>;
  /** An app-of-apps' children, or an instance's ApplicationSet and app-of-apps. */
  getAppOfApps(target: ArgocdAppTarget): Promise<AppOfAppsAnswer>;
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
  id: 'plugin.pegase-argocd.service',
});
