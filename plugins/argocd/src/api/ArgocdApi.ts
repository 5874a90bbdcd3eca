import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ActionResult,
  ApplicationHistory,
  ApplicationOverview,
  ApplicationResources,
  FleetResponse,
  HealthStatusCode,
  SyncStatusCode,
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

/**
 * One side of the generated-vs-live comparison: what the ApplicationSet
 * controller owns of an Application (normalized as it normalizes it).
 * @public
 */
export interface ManagedApplication {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The ApplicationSet that controls it (live side). */
  ownedBy?: string;
  spec: Record<string, unknown>;
}

/** One difference between the generated and the live Application. @public */
export interface GeneratedDifference {
  /** `spec.sources[0].targetRevision`, `metadata.labels["pc-scol.fr/region"]`… */
  path: string;
  area:
    | 'owner'
    | 'namespace'
    | 'labels'
    | 'annotations'
    | 'project'
    | 'source'
    | 'destination'
    | 'syncPolicy'
    | 'other';
  change: 'changed' | 'generated-only' | 'live-only';
  generated?: unknown;
  live?: unknown;
}

/** `GET /entity/.../generated`: the generated Application beside the live one. @public */
export interface GeneratedComparison {
  appName: string;
  argocdInstance: string;
  state: 'same' | 'different' | 'live-missing' | 'not-generated';
  applicationSet?: string;
  sourceFile?: string;
  generated?: ManagedApplication;
  live?: ManagedApplication;
  differences: GeneratedDifference[];
  readAt: string;
}

/** A child of an app-of-apps, with the live states of the Applications it stands for. @public */
export interface AppOfAppsChild {
  name: string;
  kind: 'ApplicationSet' | 'Application';
  file?: string;
  /** Applications it stands for: those an ApplicationSet generates, or itself. */
  applications: number;
  /** How many of them ArgoCD has. */
  live: number;
  sync: Partial<Record<SyncStatusCode, number>>;
  health: Partial<Record<HealthStatusCode, number>>;
}

/** `GET /entity/.../app-of-apps`. @public */
export interface AppOfAppsAnswer {
  argocdInstance: string;
  /** The entity's app-of-apps: its own (an app-of-apps entity) or the one holding an instance. */
  appOfApps?: {
    name: string;
    namespace?: string;
    file: string;
    path?: string;
    live?: { sync: SyncStatusCode; health: HealthStatusCode };
    children: AppOfAppsChild[];
  };
  /** An instance's ApplicationSet and how many Applications it generates. */
  applicationSet?: { name: string; applications: number };
  readAt: string;
}

/** What the ArgoCD views ask `/api/argocd`. @public */
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
  id: 'plugin.argocd.service',
});
