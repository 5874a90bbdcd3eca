/**
 * ArgoCD views of Pégase Portal (new frontend system): instance overview card
 * and ArgoCD tab, component fleet card and tab.
 *
 * @packageDocumentation
 */
export { argocdPlugin as default } from './plugin';
export {
  argocdApi,
  argocdInstanceOverviewCard,
  argocdInstanceContent,
  argocdAppOfAppsCard,
  argocdComponentFleetCard,
  argocdComponentFleetContent,
} from './plugin';
export { argocdApiRef } from './api/ArgocdApi';
export type { ArgocdApi, ArgocdAppTarget, FleetFilters } from './api/ArgocdApi';
export type {
  AppOfAppsAnswer,
  AppOfAppsChild,
  GeneratedComparison,
  GeneratedDifference,
  ManagedApplication,
} from '@pcscol/plugin-argocd-common';
export { ArgocdClient } from './api/ArgocdClient';
export { argocdTranslationRef } from './translations';
export { argocdTranslations } from './translations';
export {
  isArgocdComponentEntity,
  isArgocdInstanceEntity,
} from '@pcscol/plugin-argocd-common';
