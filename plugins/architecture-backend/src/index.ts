/**
 * The architecture backend plugin: the System's graph (`/api/architecture`).
 *
 * @packageDocumentation
 */
export { architecturePlugin as default } from './plugin';
