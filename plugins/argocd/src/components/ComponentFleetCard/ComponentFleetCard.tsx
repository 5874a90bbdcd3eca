import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { Link, WarningPanel } from '@backstage/core-components';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  useApi,
  useRouteRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import type { FleetResponse } from '@pcscol/plugin-argocd-common';
import { argocdApiRef } from '../../api/ArgocdApi';
import { argocdTranslationRef } from '../../translations';
import { useFleetSummary } from '../common/fleet';
import { HealthStatus, SyncStatus } from '../common/status';
import { FLEET_TAB_PATH } from '../common/paths';

/** Component page card: counts over the fleet and the first problems. */
export function ComponentFleetCard() {
  const { entity } = useEntity();
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const ref = getCompoundEntityRef(entity);
  const state = useAsyncRetry(
    () => api.getFleet(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
  const fleet = state.value;
  const entityRoute = useRouteRef(entityRouteRef);
  const tabLink = entityRoute
    ? `${entityRoute({
        ...ref,
        kind: ref.kind.toLocaleLowerCase('en-US'),
      })}/${FLEET_TAB_PATH}`
    : undefined;
  return (
    <PegaseCard
      title={t('fleet.title')}
      subtitle={
        fleet
          ? t('fleet.subheader', {
              count: fleet.total,
              workload: fleet.component.workload,
            })
          : undefined
      }
      actions={
        tabLink ? <Link to={tabLink}>{t('common.viewAll')}</Link> : undefined
      }
    >
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={value => value.total === 0}
        empty={<Typography>{t('fleet.empty')}</Typography>}
      >
        {value => <FleetSummary fleet={value} />}
      </AsyncContent>
    </PegaseCard>
  );
}

function FleetSummary({ fleet }: { fleet: FleetResponse }) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const summary = useFleetSummary();
  const problems = fleet.rows.filter(r => r.problem).slice(0, 5);
  return (
    <>
      <Typography variant="h6" data-testid="argocd-fleet-summary">
        {summary(fleet)}
      </Typography>
      {fleet.counts.problems > 0 && (
        <Typography variant="body2" color="textSecondary">
          {t('fleet.problems', { count: fleet.counts.problems })}
        </Typography>
      )}
      {fleet.errors.map(e => (
        <Box mt={1} key={e.argocdInstance}>
          <WarningPanel
            severity="error"
            title={t('fleet.upstreamError', {
              name: e.argocdInstance,
              message: e.message,
            })}
          />
        </Box>
      ))}
      {problems.length > 0 && (
        <List dense>
          {problems.map(r => (
            <ListItem key={r.entityRef} disableGutters>
              <ListItemText
                primary={<EntityRefLink entityRef={r.entityRef} />}
                secondary={
                  <Box component="span" display="flex" style={{ gap: 12 }}>
                    <HealthStatus status={r.health} />
                    <SyncStatus status={r.sync} />
                    {r.error && <span>{r.error}</span>}
                  </Box>
                }
                secondaryTypographyProps={{ component: 'div' }}
              />
            </ListItem>
          ))}
        </List>
      )}
    </>
  );
}
