/**
 * The Pégase backend plugin: the fleet views' data (`/api/pegase`).
 *
 * @packageDocumentation
 */
export { pegasePlugin as default } from './plugin';
