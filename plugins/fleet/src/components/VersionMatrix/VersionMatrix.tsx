import { useMemo } from 'react';
import {
  Cell,
  CellText,
  Column,
  Flex,
  Link,
  Select,
  Table,
  Text,
  type ColumnConfig,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FleetResponse } from '@pcscol/plugin-pegase-common';
import { fleetTranslationRef } from '../../translations';
import { versionMatrix, type MatrixColumns } from '../../lib/matrix';
import type { FleetFilters } from '../../lib/filters';

type Row = {
  id: string;
  version: string;
  cells: Record<string, number>;
  total: number;
};

/**
 * Umbrella versions × region/usage (or × cluster): each cell counts the
 * instances and opens the filtered list.
 */
export function VersionMatrix(props: {
  fleet: FleetResponse;
  by: MatrixColumns;
  onByChange: (by: MatrixColumns) => void;
  /** The href of the instances list with these filters. */
  listHref: (filters: FleetFilters) => string;
}) {
  const { fleet, by, onByChange, listHref } = props;
  const { t } = useTranslationRef(fleetTranslationRef);
  const matrix = useMemo(
    () =>
      versionMatrix(
        fleet.instances,
        fleet.versions.map(v => v.version),
        by,
      ),
    [fleet, by],
  );
  const rows: Row[] = matrix.rows.map(r => ({ ...r, id: r.version }));
  const columns: ColumnConfig<Row>[] = [
    {
      id: 'version',
      label: t('matrix.rows'),
      isRowHeader: true,
      defaultWidth: '1.4fr',
      cell: r => (
        <CellText
          title={r.version}
          description={
            r.version === fleet.latest ? t('matrix.latest') : undefined
          }
        />
      ),
    },
    ...matrix.columns.map(c => ({
      id: c.key,
      label: c.key,
      // region over usage: two short lines rather than one cut-off label
      header:
        by === 'cluster'
          ? undefined
          : () => (
              <Column id={c.key}>
                <Flex direction="column" gap="0">
                  <span>{c.region ?? '?'}</span>
                  <Text variant="body-small" color="secondary">
                    {c.usage ?? '?'}
                  </Text>
                </Flex>
              </Column>
            ),
      cell: (r: Row) => {
        const count = r.cells[c.key];
        if (!count) return <CellText title="" />;
        const filters: FleetFilters =
          by === 'cluster'
            ? { version: r.version, cluster: c.cluster }
            : { version: r.version, region: c.region, usage: c.usage };
        return (
          <Cell>
            <Link
              href={listHref(filters)}
              title={t('matrix.cellTitle', {
                count,
                version: r.version,
                column: c.key,
              })}
            >
              {count}
            </Link>
          </Cell>
        );
      },
    })),
    {
      id: 'total',
      label: t('matrix.total'),
      cell: r => (
        <Cell>
          <Link href={listHref({ version: r.version })}>
            <Text weight="bold">{r.total}</Text>
          </Link>
        </Cell>
      ),
    },
  ];
  return (
    <Flex direction="column" gap="3">
      <div style={{ maxWidth: 240 }}>
        <Select
          label={t('matrix.by')}
          size="small"
          options={[
            { id: 'region-usage', label: t('matrix.byRegionUsage') },
            { id: 'cluster', label: t('matrix.byCluster') },
          ]}
          selectedKey={by}
          onSelectionChange={k =>
            onByChange(k === 'cluster' ? 'cluster' : 'region-usage')
          }
        />
      </div>
      <div data-testid="fleet-version-matrix" style={{ overflowX: 'auto' }}>
        <Table
          columnConfig={columns}
          data={rows}
          pagination={{ type: 'none' }}
        />
      </div>
    </Flex>
  );
}
