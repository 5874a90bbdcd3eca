/**
 * French messages of the shared Pégase texts (keys of
 * `pegaseReactTranslationRef`; the ref's type checks that every key is here).
 */
const fr = {
  retry: 'Réessayer',
  openUpstream: 'Ouvrir dans {{name}}',
  empty: 'Rien à afficher.',
} as const;

export default fr;
