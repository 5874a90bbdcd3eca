import { Alert } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { ArgocdErrorInfo } from '@pcscol/plugin-argocd-common';
import { argocdTranslationRef } from '../../translations';

/** One alert per ArgoCD instance that could not be read (the rest of the fleet still shows). */
export function UpstreamErrors(props: { errors: ArgocdErrorInfo[] }) {
  const { t } = useTranslationRef(argocdTranslationRef);
  return (
    <>
      {props.errors.map(e => (
        <Alert
          key={e.argocdInstance}
          status="danger"
          icon
          title={t('fleet.upstreamError', {
            name: e.argocdInstance,
            message: e.message,
          })}
        />
      ))}
    </>
  );
}
