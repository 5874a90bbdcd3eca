/**
 * The frontend idiom of the Pégase plugins (docs/development.md): one card,
 * one loading/error/empty pattern.
 *
 * @packageDocumentation
 */
export * from './components/PegaseCard';
export * from './components/AsyncContent';
export { pegaseReactTranslationRef } from './translations';
