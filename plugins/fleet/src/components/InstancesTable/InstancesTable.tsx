import { useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Cell,
  CellText,
  Flex,
  Link,
  SearchField,
  Select,
  Table,
  Text,
  useTable,
  type ColumnConfig,
  type SortDescriptor,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  FleetInstance,
  FleetProblemKind,
  FleetResponse,
} from '@pcscol/plugin-pegase-common';
import { useEntityLink } from '@pcscol/plugin-pegase-react';
import { fleetTranslationRef } from '../../translations';
import { applyFilters, distinct, type FleetFilters } from '../../lib/filters';
import { fleetToCsv } from '../../lib/csv';
import { UpgradeDialog } from '../UpgradeDialog';

type Row = FleetInstance & { id: string };

const PROBLEMS: FleetProblemKind[] = [
  'degraded',
  'out-of-sync',
  'operation-failed',
  'version-drift',
  'ttl-expired',
  'ttl-expiring',
];

const compareText = (a?: string, b?: string) =>
  (a ?? '').localeCompare(b ?? '', 'en', { numeric: true });

function sortRows(rows: Row[], sort: SortDescriptor): Row[] {
  const key = String(sort.column) as keyof FleetInstance;
  const sorted = [...rows].sort((a, b) =>
    key === 'argocd'
      ? compareText(a.argocd?.health, b.argocd?.health)
      : compareText(String(a[key] ?? ''), String(b[key] ?? '')),
  );
  return sort.direction === 'descending' ? sorted.reverse() : sorted;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Every instance of the fleet, filtered by the URL's filters, sorted, paged
 * (50 a page: 1,000 rows stay fluid), exportable as CSV.
 */
export function InstancesTable(props: {
  fleet: FleetResponse;
  filters: FleetFilters;
  onFiltersChange: (filters: FleetFilters) => void;
  /** Given: "Upgrade these N instances" plans a rollout of the filtered instances. */
  onRolloutStarted?: (id: string) => void;
}) {
  const { fleet, filters, onFiltersChange, onRolloutStarted } = props;
  const { t } = useTranslationRef(fleetTranslationRef);
  const entityLink = useEntityLink();
  const [sort, setSort] = useState<SortDescriptor>({
    column: 'name',
    direction: 'ascending',
  });
  const rows = useMemo(
    () =>
      applyFilters(fleet.instances, filters).map(i => ({
        ...i,
        id: i.entityRef,
      })),
    [fleet.instances, filters],
  );
  const { tableProps } = useTable<Row>({
    mode: 'complete',
    data: rows,
    sort,
    onSortChange: setSort,
    sortFn: sortRows,
    paginationOptions: { pageSize: 50 },
  });

  const behind = (i: FleetInstance) => {
    if (!i.behind) return '';
    if (i.behind.majors) return t('behind.majors', { count: i.behind.majors });
    if (i.behind.minors) return t('behind.minors', { count: i.behind.minors });
    if (i.behind.patches)
      return t('behind.patches', { count: i.behind.patches });
    return t('behind.upToDate');
  };
  const columns: ColumnConfig<Row>[] = [
    {
      id: 'name',
      label: t('columns.name'),
      isRowHeader: true,
      isSortable: true,
      // instance names run to 30 characters: room for them before the rest
      defaultWidth: '1.7fr',
      cell: i => (
        <CellText
          title={i.name}
          description={i.university}
          href={entityLink(i.entityRef)}
        />
      ),
    },
    {
      id: 'region',
      label: t('columns.region'),
      isSortable: true,
      cell: i => <CellText title={i.region ?? ''} />,
    },
    {
      id: 'usage',
      label: t('columns.usage'),
      isSortable: true,
      cell: i => <CellText title={i.usage ?? ''} />,
    },
    {
      id: 'cluster',
      label: t('columns.cluster'),
      isSortable: true,
      cell: i => <CellText title={i.cluster ?? ''} />,
    },
    {
      id: 'chartVersion',
      label: t('columns.declared'),
      isSortable: true,
      cell: i => (
        <CellText title={i.chartVersion ?? ''} description={behind(i)} />
      ),
    },
    {
      id: 'argocd',
      label: t('columns.argocd'),
      isSortable: true,
      defaultWidth: '1.4fr', // 'OutOfSync · Progressing' on one line
      cell: i =>
        i.argocd ? (
          <Cell>
            <Flex direction="column" gap="1">
              {i.argocd.uiUrl ? (
                <Link
                  href={i.argocd.uiUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  {i.argocd.sync} · {i.argocd.health}
                </Link>
              ) : (
                <Text variant="body-small">
                  {i.argocd.sync} · {i.argocd.health}
                </Text>
              )}
              {i.argocd.liveVersion ? (
                <Text variant="body-x-small" color="secondary">
                  {t('columns.live')}: {i.argocd.liveVersion}
                </Text>
              ) : null}
            </Flex>
          </Cell>
        ) : (
          <CellText title={t('argocd.none')} color="secondary" />
        ),
    },
    {
      id: 'ttl',
      label: t('columns.ttl'),
      isSortable: true,
      defaultWidth: '0.8fr',
      cell: i => (
        <CellText
          title={
            i.ttl
              ? t(`ttl.${i.ttlState === 'none' ? 'ok' : i.ttlState}`, {
                  date: i.ttl,
                })
              : t('ttl.none')
          }
        />
      ),
    },
    {
      id: 'problems',
      label: t('filters.problem'),
      cell: i => (
        <Cell>
          <Flex gap="1" style={{ flexWrap: 'wrap' }}>
            {i.problems.map(p => (
              <Badge key={p} size="small">
                {t(`problems.${p}`)}
              </Badge>
            ))}
          </Flex>
        </Cell>
      ),
    },
  ];

  const select = (
    key: 'region' | 'usage' | 'cluster' | 'version' | 'problem',
    label: string,
    values: string[],
    labelOf: (v: string) => string = v => v,
  ) => (
    <Select
      label={label}
      size="small"
      options={[
        { id: '', label: t('filters.any') },
        ...values.map(v => ({ id: v, label: labelOf(v) })),
      ]}
      selectedKey={filters[key] ?? ''}
      onSelectionChange={k =>
        onFiltersChange({ ...filters, [key]: k ? String(k) : undefined })
      }
    />
  );

  return (
    <Flex direction="column" gap="3">
      <Flex gap="3" align="end" style={{ flexWrap: 'wrap' }}>
        <SearchField
          label={t('filters.search')}
          size="small"
          value={filters.q ?? ''}
          onChange={q => onFiltersChange({ ...filters, q: q || undefined })}
        />
        {select(
          'region',
          t('filters.region'),
          distinct(fleet.instances, 'region'),
        )}
        {select(
          'usage',
          t('filters.usage'),
          distinct(fleet.instances, 'usage'),
        )}
        {select(
          'cluster',
          t('filters.cluster'),
          distinct(fleet.instances, 'cluster'),
        )}
        {select(
          'version',
          t('filters.version'),
          fleet.versions.map(v => v.version),
        )}
        {select('problem', t('filters.problem'), PROBLEMS, p =>
          t(`problems.${p as FleetProblemKind}`),
        )}
        <Button
          variant="secondary"
          size="small"
          onPress={() => onFiltersChange({})}
        >
          {t('filters.clear')}
        </Button>
        <Button
          variant="secondary"
          size="small"
          onPress={() => download('pegase-fleet.csv', fleetToCsv(rows))}
        >
          {t('filters.exportCsv')}
        </Button>
        {onRolloutStarted ? (
          <UpgradeDialog
            instances={rows}
            releases={fleet.releases}
            latest={fleet.latest}
            onStarted={onRolloutStarted}
          />
        ) : null}
      </Flex>
      <Text variant="body-small" color="secondary" data-testid="fleet-count">
        {t('filters.shown', {
          count: rows.length,
          total: String(fleet.instances.length),
        })}
      </Text>
      <Table columnConfig={columns} {...tableProps} />
    </Flex>
  );
}
