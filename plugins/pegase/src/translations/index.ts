import { createTranslationResource } from '@backstage/frontend-plugin-api';
import { pegaseTranslationRef } from './en';

export { pegaseTranslationRef } from './en';

/**
 * The translations of the Pégase cards (French) as a resource. The ref
 * already carries them; an app can install this resource (or its own) with
 * {@link pegaseTranslationsModule} or a `TranslationBlueprint` of its own.
 * @public
 */
export const pegaseTranslations = createTranslationResource({
  ref: pegaseTranslationRef,
  translations: {
    fr: () => import('./fr'),
  },
});
