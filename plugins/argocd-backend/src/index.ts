/**
 * Backend of the Pégase ArgoCD views (`/api/pegase-argocd`).
 *
 * @packageDocumentation
 */
export { argocdPlugin as default } from './plugin';
export { readArgocdConfig } from './config';
export type {
  ArgocdConfig,
  ArgocdInstanceConfig,
  ArgocdRefresherConfig,
} from './config';
export { ArgocdUpstreamError } from './services/errors';
