import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Flex, Text } from '@backstage/ui';
import type { VaultInstanceView } from '@pcscol/plugin-vault-common';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import { useInstanceView } from '../../hooks/useInstanceView';
import { vaultTranslationRef } from '../../translations';
import { EnginesAndConnections } from '../EnginesAndConnections';
import { Findings } from '../Findings';
import { RolesTable } from '../RolesTable';
import { VaultSubheader } from '../VaultSubheader';

/** No engine and no connection: nothing in Vault for the entity. */
export function hasNoEngine(view: VaultInstanceView): boolean {
  return (
    !view.engines.error &&
    (view.engines.data ?? []).length === 0 &&
    !view.database.data?.connections.length
  );
}

/** The Vault card of an instance: engines, connections, roles with rotation and TTL, findings. @public */
export function InstanceVaultCard() {
  const { t } = useTranslationRef(vaultTranslationRef);
  const state = useInstanceView();
  const { value } = state;
  return (
    <PegaseCard
      title={t('card.title')}
      subtitle={value ? <VaultSubheader view={value} /> : undefined}
    >
      {state.loading && !value && (
        <Text as="p" variant="body-small" color="secondary">
          {t('states.loading')}
        </Text>
      )}
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={v => hasNoEngine(v) && v.findings.length === 0}
        empty={<Text as="p">{t('states.empty')}</Text>}
      >
        {v => <InstanceVaultBody view={v} />}
      </AsyncContent>
    </PegaseCard>
  );
}

function InstanceVaultBody(props: { view: VaultInstanceView }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { view } = props;
  return (
    <Flex direction="column" gap="3" data-testid="vault-instance-card">
      {hasNoEngine(view) ? (
        <Text as="p">{t('states.empty')}</Text>
      ) : (
        <>
          <EnginesAndConnections view={view} />
          <Flex direction="column" gap="2">
            <Text as="h3" variant="body-medium" weight="bold">
              {t('sections.roles')}
            </Text>
            {view.database.data && <RolesTable database={view.database.data} />}
          </Flex>
        </>
      )}
      <Findings findings={view.findings} />
      <Text as="p" variant="body-x-small" color="secondary">
        {t('card.noValues')}
      </Text>
    </Flex>
  );
}
