export { pegaseReactTranslationRef } from './en';
