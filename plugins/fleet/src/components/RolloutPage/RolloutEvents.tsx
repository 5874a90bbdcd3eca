import {
  Cell,
  Column,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RolloutEvent } from '@pcscol/plugin-pegase-common';
import { fleetTranslationRef } from '../../translations';
import { formatTime } from './format';

/**
 * The rollout's event log, newest first: who did what, when. The message
 * column is the widest, and a long change request URL wraps in it.
 */
export function RolloutEvents(props: { events: RolloutEvent[] }) {
  const { t } = useTranslationRef(fleetTranslationRef);
  if (props.events.length === 0)
    return <Text color="secondary">{t('rollouts.events.none')}</Text>;
  const events = [...props.events].reverse();
  return (
    <TableRoot aria-label={t('rollouts.events.title')}>
      <TableHeader>
        <Column isRowHeader>{t('rollouts.events.at')}</Column>
        <Column>{t('rollouts.events.actor')}</Column>
        <Column>{t('rollouts.events.wave')}</Column>
        <Column style={{ width: '55%' }}>{t('rollouts.events.message')}</Column>
      </TableHeader>
      <TableBody>
        {events.map(e => (
          <Row key={e.id} id={String(e.id)}>
            <Cell>
              <Text variant="body-small">{formatTime(e.at)}</Text>
            </Cell>
            <Cell>
              <Text variant="body-small">{e.actor}</Text>
            </Cell>
            <Cell>
              <Text variant="body-small">
                {typeof e.waveIndex === 'number' ? String(e.waveIndex + 1) : ''}
              </Text>
            </Cell>
            <Cell style={{ overflowWrap: 'anywhere' }}>
              <Text variant="body-small">{e.message}</Text>
            </Cell>
          </Row>
        ))}
      </TableBody>
    </TableRoot>
  );
}
