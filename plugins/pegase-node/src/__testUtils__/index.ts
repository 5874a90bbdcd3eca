/*
 * Test fixtures of the GitOps model (chart trees, packaged charts), shared by
 * its tests and bench/pegase-node; the peers of a GitOps change (a git remote
 * over HTTP, the GitLab and GitHub stand-ins) and the demo's permission rules
 * through the real policy, shared by the scaffolder module's and
 * fleet-backend's tests (imported as `@pcscol/plugin-pegase-node/testUtils`).
 */
export * from './fixtures';
export * from './archives';
export { fleetDir, startPeers, type Peers } from './gitopsPeers';
export { DEMO_RULES, fleetEntities, policyPermissions } from './policy';
