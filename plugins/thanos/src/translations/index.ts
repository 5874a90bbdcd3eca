export { thanosTranslationRef } from './en';
