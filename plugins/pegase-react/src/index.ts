/**
 * The frontend idiom of the Pégase plugins (docs/development.md): one card,
 * one loading/error/empty pattern, links to entity pages.
 *
 * @packageDocumentation
 */
export * from './components/PegaseCard';
export * from './components/AsyncContent';
export { useEntityLink } from './hooks/useEntityLink';
export { pegaseReactTranslationRef } from './translations';
