import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Cell,
  Column,
  Flex,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import type { VaultInstanceView } from '@pcscol/plugin-vault-common';
import { vaultTranslationRef } from '../../translations';
import { Flag } from '../Flag';
import { PartError } from '../PartError';
import { VaultLink } from '../VaultLink';

/** Engines and database connections of an instance. */
export function EnginesAndConnections(props: { view: VaultInstanceView }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { engines, database } = props.view;
  return (
    <Flex direction="column" gap="2">
      <Text as="h3" variant="body-medium" weight="bold">
        {t('sections.engines')}
      </Text>
      <PartError part={t('sections.engines')} error={engines.error} />
      <Flex gap="2" style={{ flexWrap: 'wrap' }}>
        {(engines.data ?? []).map(e => (
          <VaultLink key={e.path} href={e.uiUrl}>
            <Flag>{`${e.path} (${e.type}${
              e.version ? ` v${e.version}` : ''
            })`}</Flag>
          </VaultLink>
        ))}
      </Flex>
      <Text as="h3" variant="body-medium" weight="bold">
        {t('sections.connections')}
      </Text>
      <PartError part={t('sections.connections')} error={database.error} />
      {database.data && (
        <TableRoot aria-label={t('sections.connections')}>
          <TableHeader>
            <Column isRowHeader>{t('columns.name')}</Column>
            <Column>{t('columns.plugin')}</Column>
            {/* the longest values: most of the width, so they break less */}
            <Column style={{ width: '45%' }}>{t('columns.url')}</Column>
            <Column>{t('columns.allowedRoles')}</Column>
          </TableHeader>
          <TableBody>
            {database.data.connections.map(c => (
              <Row key={c.name} id={c.name} textValue={c.name}>
                <Cell>
                  <VaultLink href={c.uiUrl}>{c.name}</VaultLink>
                </Cell>
                <Cell>{c.pluginName ?? '—'}</Cell>
                <Cell style={{ wordBreak: 'break-all' }}>
                  {c.connectionUrl ?? '—'}
                </Cell>
                <Cell>{c.allowedRoles.join(', ') || '—'}</Cell>
              </Row>
            ))}
          </TableBody>
        </TableRoot>
      )}
    </Flex>
  );
}
