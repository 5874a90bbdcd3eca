import {
  Badge,
  Cell,
  CellText,
  Flex,
  Table,
  Text,
  useTable,
  type ColumnConfig,
} from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RolloutSummary } from '@pcscol/plugin-pegase-common';
import { AsyncContent } from '@pcscol/plugin-pegase-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';
import { isActive, wavesDone } from '../../lib/rollouts';
import { formatTime } from '../RolloutPage/format';
import { usePolling } from '../RolloutPage/usePolling';

/** Every rollout, newest first; each opens its page (`rolloutHref`). */
export function RolloutsList(props: { rolloutHref: (id: string) => string }) {
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const state = useAsyncRetry(() => fleetApi.listRollouts(), [fleetApi]);
  usePolling(!!state.value?.some(r => isActive(r.state)), state.retry);
  const columns: ColumnConfig<RolloutSummary>[] = [
    {
      id: 'targetVersion',
      label: t('rollouts.columns.target'),
      isRowHeader: true,
      cell: r => (
        <CellText
          title={r.targetVersion}
          description={r.stateReason}
          href={props.rolloutHref(r.id)}
        />
      ),
    },
    {
      id: 'state',
      label: t('rollouts.columns.state'),
      defaultWidth: '0.7fr',
      cell: r => (
        <Cell>
          <Badge size="small">{t(`rollouts.state.${r.state}`)}</Badge>
        </Cell>
      ),
    },
    {
      id: 'waves',
      label: t('rollouts.columns.waves'),
      defaultWidth: '0.6fr',
      cell: r => (
        <CellText
          title={t('rollouts.wavesDone', {
            done: String(wavesDone(r.waves)),
            total: String(r.waves.length),
          })}
        />
      ),
    },
    {
      id: 'instances',
      label: t('rollouts.columns.instances'),
      defaultWidth: '0.6fr',
      cell: r => <CellText title={String(r.instances)} />,
    },
    {
      id: 'createdBy',
      label: t('rollouts.columns.startedBy'),
      cell: r => <CellText title={r.createdBy} />,
    },
    {
      id: 'createdAt',
      label: t('rollouts.columns.startedAt'),
      cell: r => <CellText title={formatTime(r.createdAt)} />,
    },
  ];
  const { tableProps } = useTable<RolloutSummary>({
    mode: 'complete',
    data: state.value ?? [],
    paginationOptions: { pageSize: 20 },
  });
  return (
    <AsyncContent
      state={state}
      retry={state.retry}
      isEmpty={items => items.length === 0}
      empty={<Text color="secondary">{t('rollouts.none')}</Text>}
    >
      {() => (
        <Flex direction="column" gap="3" data-testid="fleet-rollouts">
          <Table columnConfig={columns} {...tableProps} />
        </Flex>
      )}
    </AsyncContent>
  );
}
