/*
 * Test fixtures of the GitOps model (chart trees, packaged charts), shared by
 * its tests and bench/pegase-node (imported as `@pcscol/plugin-pegase-node/testUtils`).
 */
export * from './fixtures';
export * from './archives';
