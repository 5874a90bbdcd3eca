import { Badge, Flex, Link, Text } from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';
import { awaitingApproval, wavesDone } from '../../lib/rollouts';
import { useFleetLink } from './useFleetLink';

/**
 * The home page's rollouts: those running or paused, and their waves that
 * wait for an approval first (someone has to act on those).
 */
export function RolloutsCard() {
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const fleetLink = useFleetLink();
  const state = useAsyncRetry(
    () => fleetApi.listRollouts(['running', 'paused']),
    [fleetApi],
  );
  const rolloutLink = (id: string) =>
    fleetLink({ tab: 'rollouts', rollout: id });
  return (
    <PegaseCard
      title={t('home.rolloutsTitle')}
      subtitle={t('home.rolloutsSubtitle')}
      data-testid="fleet-rollouts-card"
    >
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={items => items.length === 0}
        empty={
          <Flex direction="column" gap="2">
            <Text color="secondary">{t('home.noRollouts')}</Text>
            <Link href={fleetLink({ tab: 'rollouts' })}>
              {t('home.openRollouts')}
            </Link>
          </Flex>
        }
      >
        {rollouts => (
          <Flex direction="column" gap="2">
            {awaitingApproval(rollouts).map(({ rollout, wave }) => (
              <Link
                key={`${rollout.id}-${wave.name}`}
                href={rolloutLink(rollout.id)}
              >
                {t('home.awaitingApproval', {
                  name: wave.name,
                  version: rollout.targetVersion,
                })}
              </Link>
            ))}
            {rollouts.map(r => (
              <Flex key={r.id} gap="2" align="center">
                <Link href={rolloutLink(r.id)}>
                  {t('rollouts.heading', { version: r.targetVersion })}
                </Link>
                <Badge size="small">{t(`rollouts.state.${r.state}`)}</Badge>
                <Text variant="body-small" color="secondary">
                  {t('rollouts.wavesDone', {
                    done: String(wavesDone(r.waves)),
                    total: String(r.waves.length),
                  })}
                </Text>
              </Flex>
            ))}
            <Link href={fleetLink({ tab: 'rollouts' })}>
              {t('home.openRollouts')}
            </Link>
          </Flex>
        )}
      </AsyncContent>
    </PegaseCard>
  );
}
