import { Fragment, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  argocdApplicationRollbackPermission,
  ApplicationHistory,
  HistoryEntryView,
  ResourceGroupView,
  ResourceNodeView,
} from '@pcscol/plugin-argocd-common';
import { argocdApiRef } from '../../api/ArgocdApi';
import { argocdTranslationRef } from '../../translations';
import { useArgocdAction } from '../common/ActionButtons';
import { targetOf } from '../common/entity';
import { formatDate, HealthStatus, shortRevision } from '../common/status';
import { OverviewBody } from '../InstanceOverviewCard/InstanceOverviewCard';

function duration(e: HistoryEntryView): string {
  if (!e.deployedAt || !e.deployStartedAt) return '';
  const s = Math.round(
    (Date.parse(e.deployedAt) - Date.parse(e.deployStartedAt)) / 1000,
  );
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function HistoryCard(props: {
  history: ApplicationHistory;
  onChanged: () => void;
}) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const { entity } = useEntity();
  const rollback = usePermission({
    permission: argocdApplicationRollbackPermission,
    resourceRef: targetOf(entity).entityRef,
  });
  const { run, busy } = useArgocdAction(props.onChanged);
  const [confirm, setConfirm] = useState<HistoryEntryView | undefined>();
  const h = props.history;
  return (
    <PegaseCard title={t('history.title')}>
      {h.entries.length === 0 ? (
        <Box p={2}>
          <Typography>{t('history.empty')}</Typography>
        </Box>
      ) : (
        <Box style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('history.title')}>
            <TableHead>
              {/* one line per header and value: the table scrolls before words break */}
              <TableRow style={{ whiteSpace: 'nowrap' }}>
                <TableCell>{t('history.id')}</TableCell>
                <TableCell>{t('history.chartVersion')}</TableCell>
                <TableCell>{t('history.revisions')}</TableCell>
                <TableCell>{t('history.deployedAt')}</TableCell>
                <TableCell>{t('history.duration')}</TableCell>
                <TableCell>{t('history.initiatedBy')}</TableCell>
                {rollback.allowed && <TableCell />}
              </TableRow>
            </TableHead>
            <TableBody>
              {h.entries.map(e => (
                <TableRow key={e.id} style={{ whiteSpace: 'nowrap' }}>
                  <TableCell>{e.id}</TableCell>
                  <TableCell>
                    {e.chartVersion ?? t('common.none')}{' '}
                    {e.current && (
                      <Chip
                        size="small"
                        color="primary"
                        label={t('history.current')}
                      />
                    )}
                  </TableCell>
                  <TableCell>
                    {/* the chart's revision is its version, the column before */}
                    {e.revisions
                      .filter(r => r !== e.chartVersion)
                      .map(shortRevision)
                      .join(' / ') || t('common.none')}
                  </TableCell>
                  <TableCell>
                    {formatDate(e.deployedAt, t('common.none'))}
                  </TableCell>
                  <TableCell>{duration(e)}</TableCell>
                  <TableCell>
                    {e.automated ? t('history.automated') : e.initiatedBy}
                  </TableCell>
                  {rollback.allowed && (
                    <TableCell>
                      {!e.current && (
                        <Button
                          size="small"
                          disabled={h.autoSync || Boolean(busy)}
                          title={
                            h.autoSync
                              ? t('actions.rollbackAutoSync')
                              : undefined
                          }
                          onClick={() => setConfirm(e)}
                        >
                          {t('actions.rollback')}
                        </Button>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <Dialog open={Boolean(confirm)} onClose={() => setConfirm(undefined)}>
        <DialogTitle>
          {confirm &&
            t('actions.rollbackTitle', {
              app: h.appName,
              id: String(confirm.id),
              version: confirm.chartVersion ?? '',
            })}
        </DialogTitle>
        <DialogActions>
          <Button onClick={() => setConfirm(undefined)}>
            {t('actions.cancel')}
          </Button>
          <Button
            color="primary"
            variant="contained"
            onClick={() => {
              const id = confirm!.id;
              setConfirm(undefined);
              run('rollback', { ...targetOf(entity), id });
            }}
          >
            {t('actions.confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </PegaseCard>
  );
}

function flatten(
  nodes: ResourceNodeView[],
  depth = 0,
): Array<{ node: ResourceNodeView; depth: number }> {
  return nodes.flatMap(n => [
    { node: n, depth },
    ...flatten(n.children, depth + 1),
  ]);
}

function GroupRows({ group }: { group: ResourceGroupView }) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const title = group.component ?? t('resources.other');
  return (
    <Fragment>
      <TableRow>
        <TableCell colSpan={4} style={{ background: 'rgba(127,127,127,0.08)' }}>
          <Box
            display="flex"
            alignItems="center"
            flexWrap="wrap"
            style={{ gap: 12 }}
          >
            <Typography variant="subtitle2" component="span">
              {title}
            </Typography>
            {group.subChart && group.subChart !== group.component && (
              <Typography variant="caption">
                {t('resources.subChart', { name: group.subChart })}
              </Typography>
            )}
            <HealthStatus status={group.health} />
            {group.versions.length > 0 && (
              <Typography variant="caption">
                {t('resources.versions', {
                  versions: group.versions.join(', '),
                })}
              </Typography>
            )}
            {group.expectedVersion && (
              <Typography variant="caption">
                {t('resources.expected', { version: group.expectedVersion })}
              </Typography>
            )}
          </Box>
        </TableCell>
      </TableRow>
      {flatten(group.resources).map(({ node, depth }) => (
        <TableRow key={`${node.kind}/${node.namespace ?? ''}/${node.name}`}>
          <TableCell style={{ paddingLeft: 16 + depth * 20 }}>
            {node.kind}
          </TableCell>
          <TableCell>{node.name}</TableCell>
          <TableCell>
            {node.health ? (
              <HealthStatus status={node.health} />
            ) : (
              t('common.none')
            )}
            {node.healthMessage && (
              <Typography variant="caption" component="div">
                {node.healthMessage}
              </Typography>
            )}
          </TableCell>
          <TableCell>{node.images.join(', ')}</TableCell>
        </TableRow>
      ))}
    </Fragment>
  );
}

function ResourcesCard(props: { appName: string; entityRef: string }) {
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const state = useAsyncRetry(
    () =>
      api.getResources({
        appName: props.appName,
        entityRef: props.entityRef,
      }),
    [api, props.appName, props.entityRef],
  );
  const groups = state.value?.groups ?? [];
  return (
    <PegaseCard
      title={t('resources.title')}
      subtitle={
        state.value
          ? t('resources.summary', {
              count: groups.filter(g => g.component).length,
            })
          : undefined
      }
    >
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={value => value.groups.length === 0}
        empty={<Typography>{t('resources.empty')}</Typography>}
      >
        {value => (
          <Table size="small" aria-label={t('resources.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('resources.kind')}</TableCell>
                <TableCell>{t('resources.name')}</TableCell>
                <TableCell>{t('resources.health')}</TableCell>
                <TableCell>{t('resources.images')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.groups.map(g => (
                <GroupRows key={g.component ?? '(other)'} group={g} />
              ))}
            </TableBody>
          </Table>
        )}
      </AsyncContent>
    </PegaseCard>
  );
}

/** The ArgoCD tab of an instance: overview, history, resources by sub-chart. */
export function InstanceArgocdContent() {
  const { entity } = useEntity();
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const target = targetOf(entity);
  const overview = useAsyncRetry(
    () => api.getOverview(target),
    [api, target.entityRef],
  );
  const history = useAsyncRetry(
    () => api.getHistory(target),
    [api, target.entityRef],
  );
  const changed = () => {
    overview.retry();
    history.retry();
  };
  return (
    <Grid container spacing={3}>
      {/* stacked, as in ArgoCD's own UI: the history's seven columns need the width */}
      <Grid item xs={12}>
        <PegaseCard
          title={t('overview.title')}
          subtitle={t('overview.subheader', {
            app: target.appName,
            argocd: overview.value?.argocdInstance ?? target.argocd ?? '',
          })}
          upstream={
            overview.value?.uiUrl
              ? { name: 'ArgoCD', href: overview.value.uiUrl }
              : undefined
          }
        >
          <AsyncContent state={overview} retry={overview.retry}>
            {value => (
              <OverviewBody overview={value} onChanged={changed} wide />
            )}
          </AsyncContent>
        </PegaseCard>
      </Grid>
      <Grid item xs={12}>
        <AsyncContent state={history} retry={history.retry}>
          {value => <HistoryCard history={value} onChanged={changed} />}
        </AsyncContent>
      </Grid>
      <Grid item xs={12}>
        <ResourcesCard appName={target.appName} entityRef={target.entityRef} />
      </Grid>
    </Grid>
  );
}
