/**
 * The Pégase fleet frontend plugin: the Fleet page and the home page cards.
 *
 * @packageDocumentation
 */
export { fleetPlugin as default, fleetPlugin } from './plugin';
export { fleetApiRef, type FleetApi } from './api/FleetApi';
export { FleetClient } from './api/FleetClient';
export { fleetRouteRef } from './routes';
export { fleetTranslationRef } from './translations';
