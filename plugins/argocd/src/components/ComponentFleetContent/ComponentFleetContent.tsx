import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import {
  Link,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import type { FleetRow } from '@pcscol/plugin-argocd-common';
import { AsyncContent } from '@pcscol/plugin-pegase-react';
import { argocdApiRef, FleetFilters } from '../../api/ArgocdApi';
import { argocdTranslationRef } from '../../translations';
import { useFleetSummary } from '../common/fleet';
import { formatDate, HealthStatus, SyncStatus } from '../common/status';

const ALL = '__all__';

function FilterSelect(props: {
  id: string;
  label: string;
  value?: string;
  options: string[];
  allLabel: string;
  onChange: (v?: string) => void;
}) {
  return (
    <FormControl size="small" style={{ minWidth: 160 }}>
      <InputLabel id={`${props.id}-label`}>{props.label}</InputLabel>
      <Select
        labelId={`${props.id}-label`}
        id={props.id}
        value={props.value ?? ALL}
        onChange={e =>
          props.onChange(
            e.target.value === ALL ? undefined : String(e.target.value),
          )
        }
      >
        <MenuItem value={ALL}>{props.allLabel}</MenuItem>
        {props.options.map(o => (
          <MenuItem key={o} value={o}>
            {o}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Component tab: the component's version, sync and health in every instance. */
export function ComponentFleetContent() {
  const { entity } = useEntity();
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const summary = useFleetSummary();
  const ref = getCompoundEntityRef(entity);
  const [region, setRegion] = useState<string>();
  const [usage, setUsage] = useState<string>();
  const [cluster, setCluster] = useState<string>();
  const [problemsOnly, setProblemsOnly] = useState(false);
  const filters: FleetFilters = {
    region: region ? [region] : undefined,
    usage: usage ? [usage] : undefined,
    cluster: cluster ? [cluster] : undefined,
    problemsOnly,
  };
  const state = useAsyncRetry(
    () => api.getFleet(ref, filters),
    [
      api,
      ref.kind,
      ref.namespace,
      ref.name,
      region,
      usage,
      cluster,
      problemsOnly,
    ],
  );
  const fleet = state.value;

  const columns: TableColumn<FleetRow>[] = [
    {
      title: t('fleet.instance'),
      field: 'instance',
      render: r => <EntityRefLink entityRef={r.entityRef} />,
    },
    { title: t('fleet.region'), field: 'region' },
    { title: t('fleet.usage'), field: 'usage' },
    { title: t('fleet.cluster'), field: 'cluster' },
    {
      title: t('fleet.version'),
      field: 'appVersion',
      render: r => r.appVersion ?? t('common.none'),
    },
    {
      title: t('fleet.subChartVersion'),
      field: 'subChartVersion',
      render: r => r.subChartVersion ?? t('common.none'),
    },
    { title: t('fleet.chartVersion'), field: 'chartVersion' },
    {
      title: t('fleet.sync'),
      field: 'sync',
      render: r => <SyncStatus status={r.sync} />,
    },
    {
      title: t('fleet.health'),
      field: 'health',
      render: r => (
        <>
          <HealthStatus status={r.health} />
          {r.error && (
            <Typography variant="caption" color="error" component="div">
              {r.error}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: t('fleet.appHealth'),
      field: 'appHealth',
      render: r => <HealthStatus status={r.appHealth} />,
    },
    {
      title: t('fleet.lastSync'),
      field: 'lastSyncedAt',
      render: r => formatDate(r.lastSyncedAt, t('common.never')),
    },
    {
      title: t('fleet.argocd'),
      field: 'argocdInstance',
      render: r =>
        r.uiUrl ? (
          <Link to={r.uiUrl}>{r.argocdInstance}</Link>
        ) : (
          r.argocdInstance
        ),
    },
  ];

  return (
    <Box>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="flex-end"
        mb={2}
        style={{ gap: 16 }}
      >
        <FilterSelect
          id="argocd-filter-region"
          label={t('fleet.region')}
          value={region}
          options={fleet?.filters.regions ?? []}
          allLabel={t('fleet.all')}
          onChange={setRegion}
        />
        <FilterSelect
          id="argocd-filter-usage"
          label={t('fleet.usage')}
          value={usage}
          options={fleet?.filters.usages ?? []}
          allLabel={t('fleet.all')}
          onChange={setUsage}
        />
        <FilterSelect
          id="argocd-filter-cluster"
          label={t('fleet.cluster')}
          value={cluster}
          options={fleet?.filters.clusters ?? []}
          allLabel={t('fleet.all')}
          onChange={setCluster}
        />
        <FormControlLabel
          control={
            <Switch
              checked={problemsOnly}
              onChange={e => setProblemsOnly(e.target.checked)}
              color="primary"
            />
          }
          label={t('fleet.problemsOnly')}
        />
      </Box>
      <AsyncContent state={state} retry={state.retry}>
        {value => (
          <>
            {value.errors.map(e => (
              <Box mb={2} key={e.argocdInstance}>
                <WarningPanel
                  severity="error"
                  title={t('fleet.upstreamError', {
                    name: e.argocdInstance,
                    message: e.message,
                  })}
                />
              </Box>
            ))}
            {value.pendingComponentHealth > 0 && (
              <Box mb={2}>
                <WarningPanel
                  severity="info"
                  title={t('fleet.pending', {
                    count: value.pendingComponentHealth,
                  })}
                />
              </Box>
            )}
            <Table<FleetRow>
              title={
                <Box>
                  <Typography variant="h6">{t('fleet.title')}</Typography>
                  <Typography
                    variant="body2"
                    data-testid="argocd-fleet-summary"
                  >
                    {summary(value)}
                  </Typography>
                </Box>
              }
              options={{
                paging: true,
                pageSize: 20,
                pageSizeOptions: [20, 50, 100],
                search: true,
                padding: 'dense',
              }}
              columns={columns}
              data={value.rows}
              isLoading={state.loading}
              emptyContent={
                <Box p={2}>
                  <Typography>{t('fleet.empty')}</Typography>
                </Box>
              }
            />
          </>
        )}
      </AsyncContent>
    </Box>
  );
}
