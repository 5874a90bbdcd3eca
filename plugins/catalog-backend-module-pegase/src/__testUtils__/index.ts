/*
 * Test setup of the catalog module, shared by its tests and by
 * bench/catalog (imported as `@pcscol/plugin-catalog-backend-module-pegase/testUtils`).
 */
export * from './catalogTestBackend';
