import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Grid, Text } from '@backstage/ui';
import type { VaultInstanceView } from '@pcscol/plugin-vault-common';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import { useInstanceView } from '../../hooks/useInstanceView';
import { vaultTranslationRef } from '../../translations';
import { AuthRole } from '../AuthRole';
import { EnginesAndConnections } from '../EnginesAndConnections';
import { Findings } from '../Findings';
import { KvTree } from '../KvTree';
import { PartError } from '../PartError';
import { Policies } from '../Policies';
import { RolesTable } from '../RolesTable';
import { VaultSubheader } from '../VaultSubheader';

const half = { initial: '12', md: '6' } as const;

/** The Vault tab of an instance: every detail. @public */
export function InstanceVaultContent() {
  const state = useInstanceView();
  return (
    <AsyncContent state={state} retry={state.retry}>
      {value => <InstanceVaultDetail view={value} />}
    </AsyncContent>
  );
}

function InstanceVaultDetail(props: { view: VaultInstanceView }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { view } = props;
  return (
    <Grid.Root columns="12" gap="4" data-testid="vault-instance-content">
      <Grid.Item colSpan="12">
        <PegaseCard
          title={t('card.title')}
          subtitle={<VaultSubheader view={view} />}
        >
          <EnginesAndConnections view={view} />
          <div style={{ marginTop: 16 }}>
            <Findings findings={view.findings} />
          </div>
        </PegaseCard>
      </Grid.Item>
      {/* seven columns (name, type, user, rotation, TTLs): the whole width */}
      <Grid.Item colSpan="12">
        <PegaseCard title={t('sections.roles')}>
          {view.database.data ? (
            <RolesTable database={view.database.data} />
          ) : (
            <PartError part={t('sections.roles')} error={view.database.error} />
          )}
        </PegaseCard>
      </Grid.Item>
      <Grid.Item colSpan={half}>
        <PegaseCard title={t('sections.authRole')}>
          <PartError
            part={t('sections.authRole')}
            error={view.authRole.error}
          />
          {view.authRole.data ? (
            <AuthRole role={view.authRole.data} />
          ) : (
            !view.authRole.error && (
              <Text as="p" variant="body-small">
                {t('values.noRole', {
                  name: view.instance,
                  mount: view.authMount ?? `kubernetes/${view.cluster ?? '?'}`,
                })}
              </Text>
            )
          )}
        </PegaseCard>
      </Grid.Item>
      <Grid.Item colSpan={half}>
        <PegaseCard title={t('sections.policies')}>
          <PartError
            part={t('sections.policies')}
            error={view.policies.error}
          />
          {view.policies.data && <Policies policies={view.policies.data} />}
        </PegaseCard>
      </Grid.Item>
      <Grid.Item colSpan="12">
        <PegaseCard title={t('sections.kv')}>
          <KvTree />
        </PegaseCard>
      </Grid.Item>
      <Grid.Item colSpan="12">
        <Text as="p" variant="body-x-small" color="secondary">
          {t('card.noValues')}
        </Text>
      </Grid.Item>
    </Grid.Root>
  );
}
