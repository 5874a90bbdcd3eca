export { architectureTranslationRef } from './en';
