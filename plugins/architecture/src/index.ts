/**
 * The architecture frontend plugin: the Architecture page.
 *
 * @packageDocumentation
 */
export { architecturePlugin as default, architecturePlugin } from './plugin';
export {
  architectureApiRef,
  type ArchitectureApi,
} from './api/ArchitectureApi';
export { ArchitectureClient } from './api/ArchitectureClient';
export { architectureRouteRef } from './routes';
export { architectureTranslationRef } from './translations';
