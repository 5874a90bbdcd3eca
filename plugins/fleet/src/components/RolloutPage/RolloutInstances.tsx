import { useMemo } from 'react';
import { CellText, Table, useTable, type ColumnConfig } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FleetResponse, Rollout } from '@pcscol/plugin-pegase-common';
import { useEntityLink } from '@pcscol/plugin-pegase-react';
import { fleetTranslationRef } from '../../translations';
import {
  rolloutInstanceRows,
  type RolloutInstanceRow,
} from '../../lib/rollouts';

/**
 * Every instance of the rollout, wave by wave: the version it had, what is
 * declared and live now, ArgoCD's sync and health (the fleet route), and
 * the alerts the gate names.
 */
export function RolloutInstances(props: {
  rollout: Rollout;
  fleet?: FleetResponse;
}) {
  const { t } = useTranslationRef(fleetTranslationRef);
  const entityLink = useEntityLink();
  const rows = useMemo(
    () => rolloutInstanceRows(props.rollout, props.fleet),
    [props.rollout, props.fleet],
  );
  const none = t('rollouts.instances.unknown');
  const columns: ColumnConfig<RolloutInstanceRow>[] = [
    {
      id: 'name',
      label: t('rollouts.instances.name'),
      isRowHeader: true,
      defaultWidth: '1.6fr',
      cell: r => (
        <CellText
          title={r.instance.name}
          description={r.instance.cluster}
          href={entityLink(r.instance.entityRef)}
        />
      ),
    },
    {
      id: 'wave',
      label: t('rollouts.instances.wave'),
      cell: r => <CellText title={`${r.wave.index + 1} · ${r.wave.name}`} />,
    },
    {
      id: 'from',
      label: t('rollouts.instances.from'),
      defaultWidth: '0.7fr',
      cell: r => <CellText title={r.instance.from} />,
    },
    {
      id: 'declared',
      label: t('rollouts.instances.declared'),
      defaultWidth: '0.7fr',
      cell: r => <CellText title={r.fleet?.chartVersion ?? none} />,
    },
    {
      id: 'live',
      label: t('rollouts.instances.live'),
      defaultWidth: '0.7fr',
      cell: r => <CellText title={r.fleet?.argocd?.liveVersion ?? none} />,
    },
    {
      id: 'sync',
      label: t('rollouts.instances.sync'),
      defaultWidth: '0.8fr',
      cell: r => <CellText title={r.fleet?.argocd?.sync ?? none} />,
    },
    {
      id: 'health',
      label: t('rollouts.instances.health'),
      defaultWidth: '0.8fr',
      cell: r => <CellText title={r.fleet?.argocd?.health ?? none} />,
    },
    {
      id: 'alerts',
      label: t('rollouts.instances.alerts'),
      defaultWidth: '1.4fr',
      cell: r => <CellText title={r.alerts.join(', ') || none} />,
    },
  ];
  const { tableProps } = useTable<RolloutInstanceRow>({
    mode: 'complete',
    data: rows,
    paginationOptions: { pageSize: 50 },
  });
  return <Table columnConfig={columns} {...tableProps} />;
}
