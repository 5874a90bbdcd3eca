/**
 * Test helpers of the Pégase frontend plugins
 * (`@pcscol/plugin-pegase-react/testUtils`).
 *
 * @packageDocumentation
 */
export { renderEntityView, type ApiPairs } from './renderEntityView';
