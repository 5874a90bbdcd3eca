import { Flex, Link, Text } from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { AsyncContent, PegaseCard } from '@pcscol/plugin-pegase-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';
import { useFleetLink } from './useFleetLink';

/** How many instances run each umbrella version: a bar per version, linked to the list. */
export function VersionDistributionCard() {
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const fleetLink = useFleetLink();
  const state = useAsyncRetry(() => fleetApi.getFleet(), [fleetApi]);
  return (
    <PegaseCard
      title={t('home.distributionTitle')}
      subtitle={
        state.value
          ? t('home.distributionSubtitle', {
              count: state.value.instances.length,
              latest: state.value.latest ?? '?',
            })
          : undefined
      }
      data-testid="fleet-distribution-card"
    >
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={fleet => fleet.versions.length === 0}
      >
        {fleet => {
          const max = Math.max(...fleet.versions.map(v => v.count));
          return (
            <Flex direction="column" gap="1">
              {fleet.versions.map(v => (
                <Flex key={v.version} gap="2" align="center">
                  <div style={{ width: 72 }}>
                    <Link href={fleetLink({ version: v.version })}>
                      {v.version}
                    </Link>
                  </div>
                  <div
                    aria-hidden
                    style={{
                      height: 10,
                      width: `${Math.max(2, (v.count / max) * 100)}%`,
                      maxWidth: '70%',
                      background: 'var(--bui-accent-bg, #1f5493)',
                      borderRadius: 2,
                    }}
                  />
                  <Text variant="body-small">{v.count}</Text>
                </Flex>
              ))}
              <Link href={fleetLink({ tab: 'matrix' })}>
                {t('home.openFleet')}
              </Link>
            </Flex>
          );
        }}
      </AsyncContent>
    </PegaseCard>
  );
}
