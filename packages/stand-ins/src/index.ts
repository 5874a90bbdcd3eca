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
