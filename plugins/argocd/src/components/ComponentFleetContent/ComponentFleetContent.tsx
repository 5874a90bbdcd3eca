import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Alert,
  Cell,
  CellText,
  Flex,
  Link,
  SearchField,
  Select,
  Switch,
  Table,
  Text,
  useTable,
  type ColumnConfig,
  type SortDescriptor,
} from '@backstage/ui';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  FAILED_OPERATION_PHASES,
  type FleetResponse,
  type FleetRow,
} from '@pcscol/plugin-argocd-common';
import {
  AsyncContent,
  PegaseCard,
  useEntityLink,
} from '@pcscol/plugin-pegase-react';
import { argocdApiRef, FleetFilters } from '../../api/ArgocdApi';
import { argocdTranslationRef } from '../../translations';
import { useFleetSummary } from '../common/fleet';
import { formatDate, HealthStatus, SyncStatus } from '../common/status';
import { UpstreamErrors } from '../common/UpstreamErrors';

const ALL = '__all__';
const PAGE_SIZES = [20, 50, 100];

type Row = FleetRow & { id: string };

/**
 * A column's minimum width: room for its usual values (`values`, in pixels)
 * and for its header on one line, beside the sort arrow, in either language.
 */
const fits = (label: string, values: number) =>
  Math.max(values, Math.ceil(label.length * 9) + 48);

function FilterSelect(props: {
  label: string;
  value?: string;
  options: string[];
  allLabel: string;
  onChange: (v?: string) => void;
}) {
  return (
    <Select
      label={props.label}
      size="small"
      style={{ flex: '0 0 200px' }}
      options={[
        { id: ALL, label: props.allLabel },
        ...props.options.map(o => ({ id: o, label: o })),
      ]}
      value={props.value ?? ALL}
      onChange={k =>
        props.onChange(k === null || k === ALL ? undefined : String(k))
      }
    />
  );
}

const compareText = (a?: string, b?: string) =>
  (a ?? '').localeCompare(b ?? '', 'en', { numeric: true });

/** Sorts on the column's field; with no sort the backend's order (problems first) stays. */
function sortRows(rows: Row[], sort: SortDescriptor): Row[] {
  const key = String(sort.column) as keyof FleetRow;
  const sorted = [...rows].sort((a, b) =>
    compareText(String(a[key] ?? ''), String(b[key] ?? '')),
  );
  return sort.direction === 'descending' ? sorted.reverse() : sorted;
}

/** The rows of the fleet, searched, sorted and paged in the browser. */
function FleetTable(props: { fleet: FleetResponse; stale: boolean }) {
  const { fleet, stale } = props;
  const { t } = useTranslationRef(argocdTranslationRef);
  const summary = useFleetSummary();
  const entityLink = useEntityLink();
  const rows = useMemo<Row[]>(
    () => fleet.rows.map(r => ({ ...r, id: r.entityRef })),
    [fleet.rows],
  );
  const none = t('common.none');
  const never = t('common.never');
  // what the search matches: the texts the row shows
  const textOf = (r: Row) =>
    [
      r.instance,
      r.region,
      r.usage,
      r.cluster,
      r.appVersion,
      r.subChartVersion,
      r.chartVersion,
      t(`sync.${r.sync}` as const),
      t(`health.${r.health}` as const),
      t(`health.${r.appHealth}` as const),
      formatDate(r.lastSyncedAt, never),
      r.argocdInstance,
      r.error,
    ]
      .filter(Boolean)
      .join(' ')
      .toLocaleLowerCase();
  const { tableProps, search } = useTable<Row>({
    mode: 'complete',
    // undefined while the backend answers new filters: the rows stay, dimmed
    data: stale ? undefined : rows,
    sortFn: sortRows,
    searchFn: (data, q) => {
      const words = q.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      return data.filter(r => {
        const text = textOf(r);
        return words.every(w => text.includes(w));
      });
    },
    paginationOptions: {
      pageSize: PAGE_SIZES[0],
      pageSizeOptions: PAGE_SIZES.map(size => ({
        value: size,
        label: t('fleet.pageSize', { size: String(size) }),
      })),
      getLabel: ({ pageSize, offset = 0, totalCount = 0 }) =>
        t('fleet.pageLabel', {
          from: String(Math.min(offset + 1, totalCount)),
          to: String(Math.min(offset + pageSize, totalCount)),
          total: String(totalCount),
        }),
    },
  });

  // twelve columns: each keeps room for its header and values on one line,
  // the table scrolls sideways before anything is cut
  const columns: ColumnConfig<Row>[] = [
    {
      id: 'instance',
      label: t('fleet.instance'),
      isRowHeader: true,
      isSortable: true,
      defaultWidth: '1.8fr',
      minWidth: fits(t('fleet.instance'), 230),
      cell: r => {
        const href = entityLink(r.entityRef);
        return (
          <Cell>
            {href ? (
              <Link href={href}>{r.instance}</Link>
            ) : (
              <Text>{r.instance}</Text>
            )}
          </Cell>
        );
      },
    },
    {
      id: 'region',
      label: t('fleet.region'),
      isSortable: true,
      defaultWidth: '1fr',
      minWidth: fits(t('fleet.region'), 105),
      cell: r => <CellText title={r.region ?? ''} />,
    },
    {
      id: 'usage',
      label: t('fleet.usage'),
      isSortable: true,
      defaultWidth: '1fr',
      minWidth: fits(t('fleet.usage'), 115),
      cell: r => <CellText title={r.usage ?? ''} />,
    },
    {
      id: 'cluster',
      label: t('fleet.cluster'),
      isSortable: true,
      defaultWidth: '1fr',
      minWidth: fits(t('fleet.cluster'), 135),
      cell: r => <CellText title={r.cluster ?? ''} />,
    },
    {
      id: 'appVersion',
      label: t('fleet.version'),
      isSortable: true,
      defaultWidth: '0.8fr',
      minWidth: fits(t('fleet.version'), 95),
      cell: r => <CellText title={r.appVersion ?? none} />,
    },
    {
      id: 'subChartVersion',
      label: t('fleet.subChartVersion'),
      isSortable: true,
      defaultWidth: '0.8fr',
      minWidth: fits(t('fleet.subChartVersion'), 95),
      cell: r => <CellText title={r.subChartVersion ?? none} />,
    },
    {
      id: 'chartVersion',
      label: t('fleet.chartVersion'),
      isSortable: true,
      defaultWidth: '0.8fr',
      minWidth: fits(t('fleet.chartVersion'), 95),
      cell: r => <CellText title={r.chartVersion ?? ''} />,
    },
    {
      id: 'sync',
      label: t('fleet.sync'),
      isSortable: true,
      defaultWidth: '1fr',
      minWidth: fits(t('fleet.sync'), 135),
      cell: r => (
        <Cell>
          <SyncStatus status={r.sync} />
        </Cell>
      ),
    },
    {
      id: 'health',
      label: t('fleet.health'),
      isSortable: true,
      defaultWidth: '1fr',
      minWidth: fits(t('fleet.health'), 125),
      cell: r => (
        <Cell>
          <Flex direction="column" gap="1">
            <HealthStatus status={r.health} />
            {r.error && (
              <Text variant="body-x-small" color="danger">
                {r.error}
              </Text>
            )}
          </Flex>
        </Cell>
      ),
    },
    {
      id: 'appHealth',
      label: t('fleet.appHealth'),
      isSortable: true,
      defaultWidth: '1fr',
      minWidth: fits(t('fleet.appHealth'), 130),
      cell: r => (
        <Cell>
          <HealthStatus status={r.appHealth} />
        </Cell>
      ),
    },
    {
      id: 'lastSyncedAt',
      label: t('fleet.lastSync'),
      isSortable: true,
      defaultWidth: '1.1fr',
      minWidth: fits(t('fleet.lastSync'), 155),
      cell: r =>
        // a failed or errored last sync is a problem even on a Synced, Healthy app
        r.operationPhase &&
        FAILED_OPERATION_PHASES.includes(r.operationPhase) ? (
          <Cell>
            <Flex direction="column" gap="1">
              <Text>{formatDate(r.lastSyncedAt, never)}</Text>
              <Text variant="body-x-small" color="danger">
                {t('fleet.lastOperationFailed', { phase: r.operationPhase })}
              </Text>
            </Flex>
          </Cell>
        ) : (
          <CellText title={formatDate(r.lastSyncedAt, never)} />
        ),
    },
    {
      id: 'argocdInstance',
      label: t('fleet.argocd'),
      isSortable: true,
      defaultWidth: '0.8fr',
      minWidth: fits(t('fleet.argocd'), 110),
      cell: r => (
        <Cell>
          {r.uiUrl ? (
            <Link href={r.uiUrl} target="_blank" rel="noopener noreferrer">
              {r.argocdInstance}
            </Link>
          ) : (
            <Text>{r.argocdInstance}</Text>
          )}
        </Cell>
      ),
    },
  ];

  return (
    <PegaseCard
      title={t('fleet.title')}
      subtitle={
        <span data-testid="argocd-fleet-summary">{summary(fleet)}</span>
      }
      actions={
        <SearchField
          aria-label={t('fleet.search')}
          placeholder={t('fleet.search')}
          size="small"
          value={search.value}
          onChange={search.onChange}
        />
      }
    >
      <Table
        columnConfig={columns}
        {...tableProps}
        emptyState={<Text as="p">{t('fleet.empty')}</Text>}
      />
    </PegaseCard>
  );
}

/** Component tab: the component's version, sync and health in every instance. */
export function ComponentFleetContent() {
  const { entity } = useEntity();
  const api = useApi(argocdApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
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

  return (
    <Flex direction="column" gap="4">
      {/* the filters query the backend; the search box filters the rows shown */}
      <Flex gap="4" align="end" style={{ flexWrap: 'wrap' }}>
        <FilterSelect
          label={t('fleet.region')}
          value={region}
          options={fleet?.filters.regions ?? []}
          allLabel={t('fleet.all')}
          onChange={setRegion}
        />
        <FilterSelect
          label={t('fleet.usage')}
          value={usage}
          options={fleet?.filters.usages ?? []}
          allLabel={t('fleet.all')}
          onChange={setUsage}
        />
        <FilterSelect
          label={t('fleet.cluster')}
          value={cluster}
          options={fleet?.filters.clusters ?? []}
          allLabel={t('fleet.all')}
          onChange={setCluster}
        />
        <Flex align="center" style={{ minHeight: 32 }}>
          <Switch
            label={t('fleet.problemsOnly')}
            isSelected={problemsOnly}
            onChange={setProblemsOnly}
          />
        </Flex>
      </Flex>
      <AsyncContent state={state} retry={state.retry}>
        {value => (
          <Flex direction="column" gap="4">
            <UpstreamErrors errors={value.errors} />
            {value.pendingComponentHealth > 0 && (
              <Alert
                status="info"
                icon
                title={t('fleet.pending', {
                  count: value.pendingComponentHealth,
                })}
              />
            )}
            <FleetTable fleet={value} stale={state.loading} />
          </Flex>
        )}
      </AsyncContent>
    </Flex>
  );
}
