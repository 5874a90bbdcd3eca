import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Button,
  Cell,
  Column,
  Flex,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import type {
  VaultComponentInstance,
  VaultComponentView,
} from '@pcscol/plugin-vault-common';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { vaultApiRef } from '../../api/VaultApi';
import { nodeLabel } from '../../lib/format';
import { vaultTranslationRef } from '../../translations';
import { Findings } from '../Findings';
import { Flag } from '../Flag';
import { PartError } from '../PartError';
import { VaultLink } from '../VaultLink';

/** The Vault view of a component: its auth roles, policies and database roles across instances. @public */
export function ComponentVaultCard(props: { pageSize?: number }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { entity } = useEntity();
  const api = useApi(vaultApiRef);
  const ref = stringifyEntityRef(entity);
  const limit = props.pageSize ?? 20;
  const [offset, setOffset] = useState(0);
  const state = useAsyncRetry(
    () => api.getComponent(ref, { offset, limit }),
    [api, ref, offset, limit],
  );
  const { value } = state;
  return (
    <PegaseCard
      title={t('component.title')}
      subtitle={
        value
          ? t('component.subheader', {
              serviceAccount: value.serviceAccount,
              count: value.totalInstances,
            })
          : undefined
      }
    >
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={v => v.totalInstances === 0 && v.findings.length === 0}
        empty={<Text as="p">{t('component.empty')}</Text>}
      >
        {v => (
          <ComponentVaultBody
            view={v}
            offset={offset}
            limit={limit}
            onPage={setOffset}
          />
        )}
      </AsyncContent>
    </PegaseCard>
  );
}

function ComponentVaultBody(props: {
  view: VaultComponentView;
  offset: number;
  limit: number;
  onPage: (offset: number) => void;
}) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { view: value, offset, limit, onPage } = props;
  return (
    <Flex direction="column" gap="3" data-testid="vault-component-card">
      {value.totalInstances === 0 ? (
        <Text as="p">{t('component.empty')}</Text>
      ) : (
        <TableRoot aria-label={t('component.title')}>
          <TableHeader>
            <Column isRowHeader>{t('columns.instance')}</Column>
            <Column>{t('sections.authRole')}</Column>
            <Column>{t('sections.policies')}</Column>
            <Column>{t('columns.databaseRoles')}</Column>
          </TableHeader>
          <TableBody>
            {value.instances.map(i => (
              <InstanceRow key={i.entityRef} instance={i} />
            ))}
          </TableBody>
        </TableRoot>
      )}
      {value.totalInstances > value.limit && (
        <Flex align="center" gap="2">
          <Button
            size="small"
            variant="secondary"
            isDisabled={offset === 0}
            onPress={() => onPage(Math.max(0, offset - limit))}
          >
            {t('component.previous')}
          </Button>
          <Text variant="body-x-small">
            {t('component.page', {
              from: String(value.offset + 1),
              to: String(
                Math.min(value.offset + value.limit, value.totalInstances),
              ),
              total: String(value.totalInstances),
            })}
          </Text>
          <Button
            size="small"
            variant="secondary"
            isDisabled={offset + limit >= value.totalInstances}
            onPress={() => onPage(offset + limit)}
          >
            {t('component.next')}
          </Button>
        </Flex>
      )}
      <Findings findings={value.findings} />
      <Text as="p" variant="body-x-small" color="secondary">
        {t('card.noValues')}
      </Text>
    </Flex>
  );
}

/** One instance of the component: its auth role, policies and database roles, each part with its own error. */
function InstanceRow(props: { instance: VaultComponentInstance }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const i = props.instance;
  return (
    <Row id={i.entityRef} textValue={i.instance}>
      <Cell>
        <VaultLink href={i.kvFolderUiUrl}>{i.instance}</VaultLink>
        <Text
          as="div"
          variant="body-x-small"
          color="secondary"
          style={{ display: 'block' }}
        >
          {[
            i.vault?.name,
            i.vault?.nodes?.length && i.vault.node
              ? nodeLabel(i.vault.node)
              : undefined,
            i.cluster,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Cell>
      <Cell>
        <PartError part={t('sections.authRole')} error={i.authRole.error} />
        {i.authRole.data ? (
          <Flex gap="1" align="center" style={{ flexWrap: 'wrap' }}>
            <VaultLink
              href={i.authRole.data.uiUrl}
            >{`${i.authRole.data.mount}/${i.authRole.data.name}`}</VaultLink>
            {i.binding === 'namespace-selector' ? (
              <span
                title={t('component.boundBySelectorHint', {
                  selector:
                    i.authRole.data.boundServiceAccountNamespaceSelector ?? '',
                  namespace: i.namespace,
                })}
              >
                <Flag tone="warning">{t('component.boundBySelector')}</Flag>
              </span>
            ) : (
              <Flag tone={i.bound ? 'success' : 'danger'}>
                {i.bound ? t('component.bound') : t('component.notBound')}
              </Flag>
            )}
          </Flex>
        ) : (
          !i.authRole.error && t('values.none')
        )}
      </Cell>
      <Cell>
        <PartError
          part={t('sections.policies')}
          error={i.authRole.error ? undefined : i.policies.error}
        />
        {(i.policies.data ?? []).map(p => (
          <Flex key={p.name} gap="1" align="center">
            <VaultLink href={p.uiUrl}>{p.name}</VaultLink>
            {p.tooBroad && <Flag tone="danger">*/sudo</Flag>}
          </Flex>
        ))}
      </Cell>
      <Cell>
        <PartError
          part={t('columns.databaseRoles')}
          error={
            i.authRole.error || i.policies.error
              ? undefined
              : i.databaseRoles.error
          }
        />
        {(i.databaseRoles.data ?? []).map(r => (
          <div
            key={`${r.type}:${r.name}`}
            title={`${t('columns.grantedBy')}: ${r.grantedBy}`}
          >
            <VaultLink href={r.uiUrl}>{r.name}</VaultLink>{' '}
            <Text variant="body-x-small" color="secondary">
              ({r.type === 'static' ? t('values.static') : t('values.dynamic')})
            </Text>
          </div>
        ))}
      </Cell>
    </Row>
  );
}
