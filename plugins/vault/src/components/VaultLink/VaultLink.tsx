import type { ReactNode } from 'react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Link } from '@backstage/ui';
import { vaultTranslationRef } from '../../translations';

/** A link into the Vault UI (opens in a new tab); plain text without a URL. */
export function VaultLink(props: { href?: string; children: ReactNode }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  if (!props.href) return <>{props.children}</>;
  return (
    <Link
      href={props.href}
      target="_blank"
      rel="noopener noreferrer"
      title={t('card.openInVault')}
    >
      {props.children}
    </Link>
  );
}
