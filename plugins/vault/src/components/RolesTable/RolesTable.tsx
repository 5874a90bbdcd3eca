import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Cell,
  Column,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
} from '@backstage/ui';
import type { VaultDatabaseEngine } from '@pcscol/plugin-vault-common';
import { formatDate, formatDuration } from '../../lib/format';
import { vaultTranslationRef } from '../../translations';
import { Flag } from '../Flag';
import { VaultLink } from '../VaultLink';

/** Roles of the database engine: static then dynamic, with rotation and TTL. */
export function RolesTable(props: { database: VaultDatabaseEngine }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { staticRoles, dynamicRoles } = props.database;
  return (
    <TableRoot aria-label={t('sections.roles')}>
      <TableHeader>
        <Column isRowHeader>{t('columns.name')}</Column>
        <Column>{t('columns.type')}</Column>
        <Column>{t('columns.username')}</Column>
        <Column>{t('columns.rotation')}</Column>
        <Column>{t('columns.lastRotation')}</Column>
        <Column>{t('columns.ttl')}</Column>
        <Column>{t('columns.maxTtl')}</Column>
      </TableHeader>
      <TableBody>
        {staticRoles.map(r => (
          <Row key={`s:${r.name}`} id={`s:${r.name}`} textValue={r.name}>
            <Cell>
              <VaultLink href={r.uiUrl}>{r.name}</VaultLink>
            </Cell>
            <Cell>{t('values.static')}</Cell>
            <Cell>{r.username ?? '—'}</Cell>
            <Cell>
              {r.rotationSchedule
                ? t(
                    r.rotationWindow
                      ? 'values.scheduleWindow'
                      : 'values.schedule',
                    {
                      schedule: r.rotationSchedule,
                      window: formatDuration(r.rotationWindow),
                      next: formatDate(r.nextScheduledRotation),
                    },
                  )
                : formatDuration(r.rotationPeriod)}
            </Cell>
            <Cell>
              {formatDate(r.lastVaultRotation)}{' '}
              {r.rotationOverdue && (
                <Flag tone="warning">{t('values.overdue')}</Flag>
              )}
            </Cell>
            <Cell>—</Cell>
            <Cell>—</Cell>
          </Row>
        ))}
        {dynamicRoles.map(r => (
          <Row key={`d:${r.name}`} id={`d:${r.name}`} textValue={r.name}>
            <Cell>
              <VaultLink href={r.uiUrl}>{r.name}</VaultLink>
            </Cell>
            <Cell>{t('values.dynamic')}</Cell>
            <Cell>—</Cell>
            <Cell>—</Cell>
            <Cell>—</Cell>
            <Cell>
              {r.defaultTtl
                ? formatDuration(r.defaultTtl)
                : t('values.mountDefault')}
            </Cell>
            <Cell>
              {r.maxTtl ? (
                formatDuration(r.maxTtl)
              ) : (
                <Flag tone="warning">{t('values.noMaxTtl')}</Flag>
              )}
            </Cell>
          </Row>
        ))}
      </TableBody>
    </TableRoot>
  );
}
