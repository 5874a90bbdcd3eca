import {
  Cell,
  CellText,
  Flex,
  Link,
  Table,
  Text,
  type ColumnConfig,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  AddonCell,
  AddonRow,
  ClusterRow,
} from '@pcscol/plugin-pegase-common';
import { fleetTranslationRef } from '../../translations';

type Row = AddonRow & { id: string };

const statusColor = (cell: AddonCell) => {
  if (cell.health === 'Degraded' || cell.health === 'Missing') return 'danger';
  if (cell.sync === 'OutOfSync' || cell.failedOperation) return 'warning';
  if (cell.sync === 'Synced' && cell.health === 'Healthy') return 'success';
  return 'secondary';
};

/** One add-on on one cluster: its versions and ArgoCD's state, linked to the ArgoCD UI. */
function AddonState(props: { cell: AddonCell }) {
  const { cell } = props;
  const { t } = useTranslationRef(fleetTranslationRef);
  const drift =
    cell.liveVersion !== undefined &&
    cell.declaredVersion !== undefined &&
    cell.liveVersion !== cell.declaredVersion;
  const state = cell.sync
    ? `${cell.sync} · ${cell.health}`
    : t('clusters.noApplication');
  return (
    <Cell>
      <Flex direction="column" gap="0">
        <Text variant="body-small" title={t('clusters.declared')}>
          {cell.declaredVersion ?? '—'}
        </Text>
        {drift ? (
          <Text variant="body-x-small" color="warning">
            {t('clusters.liveVersion', { version: cell.liveVersion ?? '' })}
          </Text>
        ) : null}
        {cell.uiUrl ? (
          <Link
            href={cell.uiUrl}
            target="_blank"
            rel="noopener noreferrer"
            variant="body-x-small"
            color={statusColor(cell)}
            title={cell.healthMessage ?? cell.application}
          >
            {state}
          </Link>
        ) : (
          <Text variant="body-x-small" color={statusColor(cell)}>
            {state}
          </Text>
        )}
      </Flex>
    </Cell>
  );
}

/** The add-on × cluster matrix: a row per add-on, a column per cluster. */
export function AddonMatrix(props: {
  addons: AddonRow[];
  clusters: ClusterRow[];
  cells: AddonCell[];
}) {
  const { addons, clusters, cells } = props;
  const { t } = useTranslationRef(fleetTranslationRef);
  const byKey = new Map(cells.map(c => [`${c.addon}|${c.cluster}`, c]));
  const rows: Row[] = addons
    .filter(a => clusters.some(c => byKey.has(`${a.name}|${c.name}`)))
    .map(a => ({ ...a, id: a.name }));
  const columns: ColumnConfig<Row>[] = [
    {
      id: 'addon',
      label: t('clusters.addon'),
      isRowHeader: true,
      defaultWidth: '1.4fr',
      cell: r => (
        <CellText title={r.name} description={r.applicationSets.join(', ')} />
      ),
    },
    ...clusters.map(c => ({
      id: c.name,
      label: c.name,
      cell: (r: Row) => {
        const cell = byKey.get(`${r.name}|${c.name}`);
        return cell ? (
          <AddonState cell={cell} />
        ) : (
          <CellText title="" description={t('clusters.notTargeted')} />
        );
      },
    })),
  ];
  return (
    <div data-testid="fleet-addon-matrix" style={{ overflowX: 'auto' }}>
      <Table columnConfig={columns} data={rows} pagination={{ type: 'none' }} />
    </div>
  );
}
