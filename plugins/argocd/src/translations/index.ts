import { createTranslationResource } from '@backstage/frontend-plugin-api';
import { argocdTranslationRef } from './en';

export { argocdTranslationRef };

/**
 * French translations of the ArgoCD views as a resource (the ref already
 * carries them; an app may install this one or its own).
 * @public
 */
export const argocdTranslations = createTranslationResource({
  ref: argocdTranslationRef,
  translations: {
    fr: () => import('./fr'),
  },
});
