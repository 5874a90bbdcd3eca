import type { ReactNode } from 'react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Grid, Text } from '@backstage/ui';
import type { VaultKubernetesRole } from '@pcscol/plugin-vault-common';
import { formatDuration } from '../../lib/format';
import { vaultTranslationRef } from '../../translations';
import { VaultLink } from '../VaultLink';

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <>
      <Grid.Item>
        <Text variant="body-small" color="secondary">
          {props.label}
        </Text>
      </Grid.Item>
      <Grid.Item colSpan="2">
        <Text variant="body-small">{props.children}</Text>
      </Grid.Item>
    </>
  );
}

/** A Kubernetes auth role: name, bound serviceAccounts and namespaces, policies, token TTLs. */
export function AuthRole(props: { role: VaultKubernetesRole }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const r = props.role;
  return (
    <Grid.Root columns="3" gap="2" aria-label={t('sections.authRole')}>
      <Fact label={t('columns.name')}>
        <VaultLink href={r.uiUrl}>{`auth/${r.mount}/role/${r.name}`}</VaultLink>
      </Fact>
      <Fact label={t('columns.serviceAccounts')}>
        {r.boundServiceAccountNames.join(', ') || '—'}
      </Fact>
      <Fact label={t('columns.namespaces')}>
        {r.boundServiceAccountNamespaces.join(', ') || '—'}
      </Fact>
      <Fact label={t('sections.policies')}>{r.policies.join(', ') || '—'}</Fact>
      <Fact label={`${t('columns.ttl')} / ${t('columns.maxTtl')}`}>
        {`${formatDuration(r.tokenTtl)} / ${formatDuration(r.tokenMaxTtl)}`}
      </Fact>
    </Grid.Root>
  );
}
