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
import { useEntityLink } from '@pcscol/plugin-pegase-react';
import type { ClusterProblem, ClusterRow } from '@pcscol/plugin-pegase-common';
import { fleetTranslationRef } from '../../translations';

type Row = ClusterRow & { id: string };

/** The clusters with their Kubernetes and Talos versions; a version in a skew is flagged. */
export function ClustersTable(props: {
  clusters: ClusterRow[];
  problems: ClusterProblem[];
}) {
  const { clusters, problems } = props;
  const { t } = useTranslationRef(fleetTranslationRef);
  const entityLink = useEntityLink();
  const skewed = (kind: ClusterProblem['kind'], cluster: string) =>
    problems.some(
      p =>
        p.kind === kind && p.versions?.some(v => v.clusters.includes(cluster)),
    );
  const version = (
    value: string | undefined,
    kind: ClusterProblem['kind'],
    cluster: string,
  ) =>
    skewed(kind, cluster) ? (
      <Cell>
        <Flex direction="column" gap="0">
          <Text variant="body-small" color="warning">
            {value ?? '—'}
          </Text>
          <Text variant="body-x-small" color="secondary">
            {t('clusters.skew')}
          </Text>
        </Flex>
      </Cell>
    ) : (
      <CellText title={value ?? '—'} />
    );
  const columns: ColumnConfig<Row>[] = [
    {
      id: 'name',
      label: t('filters.cluster'),
      isRowHeader: true,
      cell: c => (
        <Cell>
          <Link href={entityLink(c.entityRef)}>{c.name}</Link>
        </Cell>
      ),
    },
    {
      id: 'region',
      label: t('filters.region'),
      cell: c => <CellText title={c.region ?? '—'} />,
    },
    {
      id: 'usage',
      label: t('filters.usage'),
      cell: c => <CellText title={c.usage ?? '—'} />,
    },
    {
      id: 'clusterType',
      label: t('clusters.clusterType'),
      cell: c => <CellText title={c.clusterType ?? '—'} />,
    },
    {
      id: 'kubernetes',
      label: t('clusters.kubernetes'),
      cell: c => version(c.kubernetesVersion, 'kubernetes-skew', c.name),
    },
    {
      id: 'talos',
      label: t('clusters.talos'),
      cell: c => version(c.talosVersion, 'talos-skew', c.name),
    },
  ];
  return (
    <div data-testid="fleet-clusters-table">
      <Table
        columnConfig={columns}
        data={clusters.map(c => ({ ...c, id: c.name }))}
        pagination={{ type: 'none' }}
      />
    </div>
  );
}
