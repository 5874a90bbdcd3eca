import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isPegaseInstance } from '@pcscol/plugin-pegase-common';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import CardHeader from '@material-ui/core/CardHeader';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { thanosApiRef } from '../api/ThanosApi';
import { thanosTranslationRef } from '../translation';
import { NotConfigured, entityKey, useLoad } from './common';

/** Firing and pending alerts of the entity (filtered by the backend). */
export function AlertsCard() {
  const { entity } = useEntity();
  const key = entityKey(entity);
  const api = useApi(thanosApiRef);
  const theme = useTheme();
  const { t } = useTranslationRef(thanosTranslationRef);
  const state = useLoad(
    () => api.getAlerts(key),
    [key.kind, key.namespace, key.name],
  );
  const value = state.value;
  const isComponent = !isPegaseInstance(entity);
  return (
    <Card data-testid="thanos-alerts">
      <CardHeader
        title={t('alerts.title')}
        titleTypographyProps={{ variant: 'h6' }}
      />
      <CardContent>
        {state.loading && <LinearProgress />}
        {state.error && (
          <Typography color="error" role="alert">
            {t('graph.error', { message: state.error.message })}
          </Typography>
        )}
        {value && !value.configured && <NotConfigured />}
        {value?.configured && (
          <>
            {value.errors.length > 0 && (
              <Typography color="error" variant="body2" role="alert">
                {t('alerts.querierErrors')}: {value.errors.join(' · ')}
              </Typography>
            )}
            {value.warnings.length > 0 && (
              <Typography
                variant="caption"
                style={{ color: theme.palette.warning.main }}
              >
                {t('graph.warnings')}: {value.warnings.join(' · ')}
              </Typography>
            )}
            {value.alerts.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                {t('alerts.none')}
              </Typography>
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
                        {a.activeAt
                          ? new Date(a.activeAt).toLocaleString()
                          : '–'}
                      </TableCell>
                      <TableCell>{a.summary ?? a.description ?? ''}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
