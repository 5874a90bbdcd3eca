import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Alert, Flex, Text } from '@backstage/ui';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { useTheme } from '@material-ui/core/styles';
import { isPegaseInstance } from '@pcscol/plugin-pegase-common';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import type { EntityAlertsResult } from '@pcscol/plugin-thanos-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { thanosApiRef } from '../../api/ThanosApi';
import { entityKey } from '../../lib/format';
import { thanosTranslationRef } from '../../translations';
import { NotConfigured } from '../NotConfigured';

/** Firing and pending alerts of the entity (filtered by the backend). */
export function AlertsCard() {
  const { entity } = useEntity();
  const key = entityKey(entity);
  const api = useApi(thanosApiRef);
  const { t } = useTranslationRef(thanosTranslationRef);
  const state = useAsyncRetry(
    () => api.getAlerts(key),
    [api, key.kind, key.namespace, key.name],
  );
  return (
    <div data-testid="thanos-alerts">
      <PegaseCard title={t('alerts.title')}>
        <AsyncContent state={state} retry={state.retry}>
          {value => (
            <AlertsBody value={value} isComponent={!isPegaseInstance(entity)} />
          )}
        </AsyncContent>
      </PegaseCard>
    </div>
  );
}

function AlertsBody(props: {
  value: EntityAlertsResult;
  isComponent: boolean;
}) {
  const { value, isComponent } = props;
  const theme = useTheme();
  const { t } = useTranslationRef(thanosTranslationRef);
  if (!value.configured) return <NotConfigured />;
  return (
    <Flex direction="column" gap="2">
      {value.errors.length > 0 && (
        <Alert
          status="danger"
          title={`${t('alerts.querierErrors')}: ${value.errors.join(' · ')}`}
        />
      )}
      {value.warnings.length > 0 && (
        <Text as="p" variant="body-small" color="warning">
          {t('graph.warnings')}: {value.warnings.join(' · ')}
        </Text>
      )}
      {value.alerts.length === 0 ? (
        <Text as="p" variant="body-small" color="secondary">
          {t('alerts.none')}
        </Text>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('alerts.columns.state')}</TableCell>
              <TableCell>{t('alerts.columns.alert')}</TableCell>
              {isComponent && (
                <TableCell>{t('alerts.columns.instance')}</TableCell>
              )}
              <TableCell>{t('alerts.columns.severity')}</TableCell>
              <TableCell>{t('alerts.columns.since')}</TableCell>
              <TableCell>{t('alerts.columns.summary')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.alerts.map((a, i) => (
              <TableRow key={`${a.name}-${a.namespace}-${i}`}>
                <TableCell>
                  <Chip
                    size="small"
                    label={
                      a.state === 'firing'
                        ? t('alerts.firing')
                        : t('alerts.pending')
                    }
                    style={{
                      background:
                        a.state === 'firing'
                          ? theme.palette.error.main
                          : theme.palette.warning.main,
                      color: theme.palette.common.white,
                    }}
                  />
                </TableCell>
                <TableCell>{a.name}</TableCell>
                {isComponent && (
                  <TableCell>{a.instance ?? a.namespace}</TableCell>
                )}
                <TableCell>{a.severity ?? '–'}</TableCell>
                <TableCell>
                  {a.activeAt ? new Date(a.activeAt).toLocaleString() : '–'}
                </TableCell>
                <TableCell>{a.summary ?? a.description ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
