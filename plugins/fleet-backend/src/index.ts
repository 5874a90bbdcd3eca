/**
 * The fleet backend plugin: the fleet views' data (`/api/fleet`).
 *
 * @packageDocumentation
 */
export { fleetPlugin as default } from './plugin';
