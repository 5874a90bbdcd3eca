/**
 * Dev-only stand-ins for the upstreams of Pégase Portal that cannot run here.
 *
 * @packageDocumentation
 */
export * from './types';
export { listen, delay, sendJson, readBody } from './listen';
export { loadStandInModules } from './modules';
export {
  startGitHttpServer,
  createBareRepository,
  GITOPS_REPO_PATH,
} from './git';
export { standIn as argocdStandIn } from './argocd';
export { standIn as vaultStandIn } from './vault';
export { standIn as kubernetesStandIn } from './kubernetes';
export { standIn as gitlabStandIn } from './gitlab';
export { standIn as githubStandIn } from './github';
export { standIn as exporterStandIn } from './exporter';
