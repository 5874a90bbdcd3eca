import { Badge, Box, Button, Flex, Link, Text } from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  Rollout,
  RolloutAllowedActions,
  RolloutChangeRequest,
  RolloutWave,
} from '@pcscol/plugin-pegase-common';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';
import { secondsLeftNow, waveStep } from '../../lib/rollouts';
import { ConfirmButton } from './ConfirmButton';
import { useDuration } from './useDuration';
import type { useRolloutAction } from './useRolloutAction';

function ChangeRequestLine(props: {
  label: string;
  cr?: RolloutChangeRequest;
}) {
  const { t } = useTranslationRef(fleetTranslationRef);
  const { cr } = props;
  let text: string = t('rollouts.wave.noChangeRequest');
  if (cr) {
    const state = t(`rollouts.crState.${cr.state}`);
    text =
      cr.number !== undefined
        ? t('rollouts.wave.changeRequestLabel', {
            forge: cr.forge === 'gitlab' ? 'GitLab' : 'GitHub',
            number: String(cr.number),
            state,
          })
        : t('rollouts.wave.changeRequestPending', { branch: cr.branch, state });
  }
  return (
    <Text variant="body-small">
      {props.label}:{' '}
      {cr?.url ? (
        <Link href={cr.url} target="_blank" rel="noopener noreferrer">
          {text}
        </Link>
      ) : (
        text
      )}
    </Text>
  );
}

/**
 * One wave of the progression: its step, its change requests, the gate's
 * verdict with the time left, and the approve and roll back buttons when the
 * backend's `allowed` lists this wave for the user (its state and the
 * permission on each of its instances).
 */
export function WaveCard(props: {
  rollout: Rollout;
  wave: RolloutWave;
  allowed: RolloutAllowedActions;
  action: ReturnType<typeof useRolloutAction>;
}) {
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const duration = useDuration();
  const { rollout, wave, allowed, action } = props;
  const step = waveStep(wave);
  const number = wave.index + 1;
  const gate = wave.gate;
  const approvable = allowed.approve.includes(wave.index);
  const rollbackable = allowed.rollback.includes(wave.index);
  return (
    <Box
      p="3"
      data-testid={`rollout-wave-${number}`}
      style={{
        border: '1px solid var(--bui-border, #ccc)',
        borderRadius: 6,
        minWidth: 240,
        flex: '1 1 240px',
      }}
    >
      <Flex direction="column" gap="2">
        <Flex justify="between" align="center">
          <Text weight="bold">
            {t('rollouts.wave.title', {
              index: String(number),
              name: wave.name,
            })}
          </Text>
          <Badge size="small">{t(`rollouts.step.${step}`)}</Badge>
        </Flex>
        <Text variant="body-small" color="secondary">
          {t('rollouts.wave.instances', { count: wave.instances.length })}
        </Text>
        <ChangeRequestLine
          label={t('rollouts.wave.changeRequest')}
          cr={wave.changeRequest}
        />
        {wave.rollbackChangeRequest ? (
          <ChangeRequestLine
            label={t('rollouts.wave.rollbackChangeRequest')}
            cr={wave.rollbackChangeRequest}
          />
        ) : null}
        {gate ? (
          <Flex
            direction="column"
            gap="1"
            data-testid={`rollout-gate-${number}`}
          >
            <Text variant="body-small">
              {t('rollouts.gate.title')}: {t(`rollouts.gate.${gate.result}`)}
              {gate.result === 'soaking' && gate.soakSecondsLeft !== undefined
                ? ` · ${t('rollouts.gate.soakLeft', {
                    time: duration(
                      secondsLeftNow(gate.soakSecondsLeft, gate.at),
                    ),
                  })}`
                : ''}
              {gate.result === 'waiting' &&
              gate.timeoutSecondsLeft !== undefined
                ? ` · ${t('rollouts.gate.timeoutLeft', {
                    time: duration(
                      secondsLeftNow(gate.timeoutSecondsLeft, gate.at),
                    ),
                  })}`
                : ''}
            </Text>
            <Text variant="body-x-small" color="secondary">
              {gate.reason}
            </Text>
            {gate.counts ? (
              <Text variant="body-x-small">
                {t('rollouts.gate.counts', {
                  ready: String(gate.counts.ready),
                  syncing: String(gate.counts.syncing),
                  degraded: String(gate.counts.degraded),
                  alerting: String(gate.counts.alerting),
                  unknown: String(gate.counts.unknown),
                })}
              </Text>
            ) : null}
            {gate.holding?.length ? (
              <Text variant="body-x-small" color="secondary">
                {t('rollouts.gate.holding')}: {gate.holding.join('; ')}
              </Text>
            ) : null}
          </Flex>
        ) : null}
        {wave.approvedBy ? (
          <Text variant="body-x-small" color="secondary">
            {t('rollouts.wave.approvedBy', { by: wave.approvedBy })}
          </Text>
        ) : null}
        {wave.state === 'awaiting-approval' ? (
          <Text variant="body-x-small" color="secondary">
            {t('rollouts.wave.needsApproval')}
          </Text>
        ) : null}
        <Flex gap="2">
          {approvable ? (
            <Button
              size="small"
              variant="primary"
              isPending={action.busy === `approve-${wave.index}`}
              isDisabled={!!action.busy}
              onPress={() =>
                action.run(`approve-${wave.index}`, () =>
                  fleetApi.approveWave(rollout.id, wave.index),
                )
              }
            >
              {t('rollouts.actions.approve', { index: String(number) })}
            </Button>
          ) : null}
          {rollbackable ? (
            <ConfirmButton
              label={t('rollouts.actions.rollback', { index: String(number) })}
              title={t('rollouts.actions.rollbackTitle', {
                index: String(number),
                name: wave.name,
              })}
              body={t('rollouts.actions.rollbackBody', {
                count: wave.instances.length,
              })}
              confirmLabel={t('rollouts.actions.rollbackConfirm')}
              isPending={action.busy === `rollback-${wave.index}`}
              isDisabled={!!action.busy}
              onConfirm={() =>
                action.run(`rollback-${wave.index}`, () =>
                  fleetApi.rollbackWave(rollout.id, wave.index),
                )
              }
            />
          ) : null}
        </Flex>
      </Flex>
    </Box>
  );
}
