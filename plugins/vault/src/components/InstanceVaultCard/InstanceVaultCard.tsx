import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type {
  VaultDatabaseEngine,
  VaultInstanceView,
} from '@pcscol/plugin-vault-common';
import { vaultApiRef } from '../../api/VaultApi';
import { vaultTranslationRef } from '../../translation';
import {
  Findings,
  formatDate,
  formatDuration,
  PartError,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  useAsyncValue,
  VaultLink,
} from '../common';

/** Roles of the database engine: static then dynamic, with rotation and TTL. */
export function RolesTable(props: { database: VaultDatabaseEngine }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { staticRoles, dynamicRoles } = props.database;
  return (
    <Table size="small" aria-label={t('sections.roles')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('columns.name')}</TableCell>
          <TableCell>{t('columns.type')}</TableCell>
          <TableCell>{t('columns.username')}</TableCell>
          <TableCell>{t('columns.rotation')}</TableCell>
          <TableCell>{t('columns.lastRotation')}</TableCell>
          <TableCell>{t('columns.ttl')}</TableCell>
          <TableCell>{t('columns.maxTtl')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {staticRoles.map(r => (
          <TableRow key={`s:${r.name}`}>
            <TableCell>
              <VaultLink href={r.uiUrl}>{r.name}</VaultLink>
            </TableCell>
            <TableCell>{t('values.static')}</TableCell>
            <TableCell>{r.username ?? '—'}</TableCell>
            <TableCell>{formatDuration(r.rotationPeriod)}</TableCell>
            <TableCell>
              {formatDate(r.lastVaultRotation)}{' '}
              {r.rotationOverdue && (
                <Chip
                  size="small"
                  color="secondary"
                  label={t('values.overdue')}
                />
              )}
            </TableCell>
            <TableCell>—</TableCell>
            <TableCell>—</TableCell>
          </TableRow>
        ))}
        {dynamicRoles.map(r => (
          <TableRow key={`d:${r.name}`}>
            <TableCell>
              <VaultLink href={r.uiUrl}>{r.name}</VaultLink>
            </TableCell>
            <TableCell>{t('values.dynamic')}</TableCell>
            <TableCell>—</TableCell>
            <TableCell>—</TableCell>
            <TableCell>—</TableCell>
            <TableCell>
              {r.defaultTtl
                ? formatDuration(r.defaultTtl)
                : t('values.mountDefault')}
            </TableCell>
            <TableCell>
              {r.maxTtl ? (
                formatDuration(r.maxTtl)
              ) : (
                <Chip
                  size="small"
                  color="secondary"
                  label={t('values.noMaxTtl')}
                />
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Engines and connections of an instance. */
export function EnginesAndConnections(props: { view: VaultInstanceView }) {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { engines, database } = props.view;
  return (
    <>
      <Typography variant="subtitle2">{t('sections.engines')}</Typography>
      <PartError part={t('sections.engines')} error={engines.error} />
      <Box mb={1}>
        {(engines.data ?? []).map(e => (
          <VaultLink key={e.path} href={e.uiUrl}>
            <Chip
              size="small"
              style={{ marginRight: 6, cursor: 'pointer' }}
              label={`${e.path} (${e.type}${
                e.version ? ` v${e.version}` : ''
              })`}
            />
          </VaultLink>
        ))}
      </Box>
      <Typography variant="subtitle2">{t('sections.connections')}</Typography>
      <PartError part={t('sections.connections')} error={database.error} />
      {database.data && (
        <Table size="small" aria-label={t('sections.connections')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('columns.name')}</TableCell>
              <TableCell>{t('columns.plugin')}</TableCell>
              <TableCell>{t('columns.url')}</TableCell>
              <TableCell>{t('columns.allowedRoles')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {database.data.connections.map(c => (
              <TableRow key={c.name}>
                <TableCell>
                  <VaultLink href={c.uiUrl}>{c.name}</VaultLink>
                </TableCell>
                <TableCell>{c.pluginName ?? '—'}</TableCell>
                <TableCell style={{ wordBreak: 'break-all' }}>
                  {c.connectionUrl ?? '—'}
                </TableCell>
                <TableCell>{c.allowedRoles.join(', ') || '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

/** Loads the instance view of the current entity. */
export function useInstanceView() {
  const { entity } = useEntity();
  const api = useApi(vaultApiRef);
  const ref = stringifyEntityRef(entity);
  return useAsyncValue(() => api.getInstance(ref), [api, ref]);
}

/** The Vault card of an instance: engines, connections, roles with rotation and TTL, findings. @public */
export function InstanceVaultCard() {
  const { t } = useTranslationRef(vaultTranslationRef);
  const { loading, value, error } = useInstanceView();
  const subheader = value
    ? t('card.subheader', { cluster: value.vault.name, path: value.vaultPath })
    : undefined;
  return (
    <InfoCard title={t('card.title')} subheader={subheader}>
      {loading && !value && (
        <>
          <Progress />
          <Typography variant="body2">{t('states.loading')}</Typography>
        </>
      )}
      {error && (
        <Typography color="error" role="alert">
          {t('states.error', { message: error.message })}
        </Typography>
      )}
      {value && (
        <Box data-testid="vault-instance-card">
          {!value.engines.error &&
          (value.engines.data ?? []).length === 0 &&
          !value.database.data?.connections.length ? (
            <Typography variant="body2">{t('states.empty')}</Typography>
          ) : (
            <>
              <EnginesAndConnections view={value} />
              <Box mt={1}>
                <Typography variant="subtitle2">
                  {t('sections.roles')}
                </Typography>
                {value.database.data && (
                  <RolesTable database={value.database.data} />
                )}
              </Box>
            </>
          )}
          <Box mt={1}>
            <Findings findings={value.findings} />
          </Box>
          <Typography variant="caption" color="textSecondary">
            {t('card.noValues')}
          </Typography>
        </Box>
      )}
    </InfoCard>
  );
}
