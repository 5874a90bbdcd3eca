import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * The shared texts of the Pégase views (English); French in `fr.ts`.
 * @public
 */
export const pegaseReactTranslationRef = createTranslationRef({
  id: 'pegase-react',
  translations: {
    fr: () => import('./fr'),
  },
  messages: {
    retry: 'Retry',
    openUpstream: 'Open in {{name}}',
    empty: 'Nothing to show.',
  },
});
