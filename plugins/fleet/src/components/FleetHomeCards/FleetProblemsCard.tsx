import { Badge, Flex, Link, Text } from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FleetProblemKind } from '@pcscol/plugin-pegase-common';
import {
  AsyncContent,
  PegaseCard,
  useEntityLink,
} from '@pcscol/plugin-pegase-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';
import { useFleetLink, useRemoveInstanceLink } from './useFleetLink';

const ORDER: FleetProblemKind[] = [
  'degraded',
  'out-of-sync',
  'operation-failed',
  'version-drift',
  'ttl-expired',
  'ttl-expiring',
];
const SHOWN_PER_KIND = 8;

/** The home page's first card: what needs someone now, by kind of problem. */
export function FleetProblemsCard() {
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const entityLink = useEntityLink();
  const fleetLink = useFleetLink();
  const removeLink = useRemoveInstanceLink();
  const state = useAsyncRetry(() => fleetApi.getFleet(), [fleetApi]);
  return (
    <PegaseCard
      title={t('home.problemsTitle')}
      data-testid="fleet-problems-card"
    >
      <AsyncContent
        state={state}
        retry={state.retry}
        isEmpty={fleet => fleet.instances.every(i => i.problems.length === 0)}
        empty={<Text color="secondary">{t('home.noProblems')}</Text>}
      >
        {fleet => (
          <Flex direction="column" gap="3">
            {ORDER.map(kind => {
              const hit = fleet.instances.filter(i =>
                i.problems.includes(kind),
              );
              if (hit.length === 0) return null;
              return (
                <Flex key={kind} direction="column" gap="1">
                  <Flex gap="2" align="center">
                    <Badge size="small">{hit.length}</Badge>
                    <Link href={fleetLink({ problem: kind })}>
                      {t(`problems.${kind}`)}
                    </Link>
                  </Flex>
                  {kind === 'ttl-expired' && removeLink ? (
                    <Text variant="body-small" color="secondary">
                      {t('home.removeExpired')}
                    </Text>
                  ) : null}
                  <Flex gap="2" style={{ flexWrap: 'wrap' }}>
                    {hit.slice(0, SHOWN_PER_KIND).map(i => (
                      <Flex key={i.entityRef} gap="1" align="center">
                        <Link href={entityLink(i.entityRef)}>{i.name}</Link>
                        {kind === 'ttl-expired' && removeLink ? (
                          <Link
                            href={removeLink(i.entityRef)}
                            aria-label={t('home.removeInstance', {
                              name: i.name,
                            })}
                          >
                            ({t('home.remove')})
                          </Link>
                        ) : null}
                      </Flex>
                    ))}
                    {hit.length > SHOWN_PER_KIND ? (
                      <Text color="secondary">…</Text>
                    ) : null}
                  </Flex>
                </Flex>
              );
            })}
          </Flex>
        )}
      </AsyncContent>
    </PegaseCard>
  );
}
