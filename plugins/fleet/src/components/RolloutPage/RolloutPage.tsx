import { Alert, Badge, Flex, Link, Text } from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { AsyncContent } from '@pcscol/plugin-pegase-react';
import { useCallback } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';
import { isActive, stepCounts } from '../../lib/rollouts';
import { formatTime } from './format';
import { RolloutActions } from './RolloutActions';
import { RolloutEvents } from './RolloutEvents';
import { RolloutInstances } from './RolloutInstances';
import { usePolling } from './usePolling';
import { useKeptValue } from './useKeptValue';
import { useRolloutAction } from './useRolloutAction';
import { WaveCard } from './WaveCard';

/**
 * One rollout: its waves as a progression (a card per wave, how many waves
 * stand at each step), each wave's change request and gate, every instance
 * with its versions and ArgoCD status, the event log, and the actions the
 * backend says the user may take (`allowed`). Reloaded every few seconds until it is completed or aborted.
 */
export function RolloutPage(props: { id: string; backHref: string }) {
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const state = useAsyncRetry(
    () => fleetApi.getRollout(props.id),
    [fleetApi, props.id],
  );
  // what ArgoCD says of each instance now: the fleet route, one request
  const fleet = useAsyncRetry(() => fleetApi.getFleet(), [fleetApi]);
  const { retry: reloadRollout } = state;
  const { retry: reloadFleet } = fleet;
  const reload = useCallback(() => {
    reloadRollout();
    reloadFleet();
  }, [reloadRollout, reloadFleet]);
  const kept = useKeptValue(state);
  const keptFleet = useKeptValue(fleet).state;
  const shown = kept.state;
  const active = shown.value ? isActive(shown.value.rollout.state) : false;
  usePolling(active, reload);
  const action = useRolloutAction(reload);

  return (
    <Flex direction="column" gap="4" data-testid="rollout-page">
      <Link href={props.backHref}>← {t('rollouts.back')}</Link>
      {kept.reloadError ? (
        <Alert
          status="warning"
          title={t('rollouts.reloadFailed', {
            message: kept.reloadError.message,
          })}
        />
      ) : null}
      <AsyncContent state={shown} retry={state.retry}>
        {({ rollout, events, allowed }) => {
          const instances = rollout.waves.reduce(
            (n, w) => n + w.instances.length,
            0,
          );
          return (
            <Flex direction="column" gap="4">
              <Flex
                justify="between"
                align="center"
                style={{ flexWrap: 'wrap' }}
              >
                <Flex direction="column" gap="1">
                  <Flex gap="2" align="center">
                    <Text variant="title-small" as="h2">
                      {t('rollouts.heading', {
                        version: rollout.targetVersion,
                      })}
                    </Text>
                    <Badge data-testid="rollout-state">
                      {t(`rollouts.state.${rollout.state}`)}
                    </Badge>
                  </Flex>
                  <Text variant="body-small" color="secondary">
                    {t('rollouts.summary', {
                      instances: String(instances),
                      waves: String(rollout.waves.length),
                      by: rollout.createdBy,
                      at: formatTime(rollout.createdAt),
                    })}
                    {active ? ` · ${t('rollouts.polling')}` : ''}
                  </Text>
                </Flex>
                <RolloutActions
                  rollout={rollout}
                  allowed={allowed}
                  action={action}
                />
              </Flex>
              {rollout.stateReason ? (
                <Alert
                  status={rollout.state === 'paused' ? 'warning' : 'info'}
                  title={rollout.stateReason}
                />
              ) : null}
              {action.error ? (
                <Alert
                  status="danger"
                  title={t('rollouts.actions.failed', {
                    message: action.error,
                  })}
                />
              ) : null}
              <Flex direction="column" gap="2">
                <Text variant="title-x-small" as="h3">
                  {t('rollouts.progression')}
                </Text>
                <Flex gap="2" data-testid="rollout-step-counts">
                  {stepCounts(rollout.waves).map(([step, count]) => (
                    <Badge key={step} size="small">
                      {t('rollouts.stepCount', {
                        label: t(`rollouts.step.${step}`),
                        count,
                      })}
                    </Badge>
                  ))}
                </Flex>
                <Flex gap="3" style={{ flexWrap: 'wrap' }}>
                  {rollout.waves.map(w => (
                    <WaveCard
                      key={w.index}
                      rollout={rollout}
                      wave={w}
                      allowed={allowed}
                      action={action}
                    />
                  ))}
                </Flex>
              </Flex>
              <Flex direction="column" gap="2">
                <Text variant="title-x-small" as="h3">
                  {t('rollouts.instances.title')}
                </Text>
                <RolloutInstances rollout={rollout} fleet={keptFleet.value} />
              </Flex>
              <Flex direction="column" gap="2">
                <Text variant="title-x-small" as="h3">
                  {t('rollouts.events.title')}
                </Text>
                <RolloutEvents events={events} />
              </Flex>
            </Flex>
          );
        }}
      </AsyncContent>
    </Flex>
  );
}
