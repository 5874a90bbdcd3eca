export { fleetTranslationRef } from './en';
