import { Button, Flex } from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  Rollout,
  RolloutAllowedActions,
} from '@pcscol/plugin-pegase-common';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';
import { ConfirmButton } from './ConfirmButton';
import type { useRolloutAction } from './useRolloutAction';

/**
 * Pause, resume and abort: those the backend says this user may take now
 * (`allowed`, from `pegase.rollout.manage` on each instance and the state).
 */
export function RolloutActions(props: {
  rollout: Rollout;
  allowed: RolloutAllowedActions;
  action: ReturnType<typeof useRolloutAction>;
}) {
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const { rollout, allowed, action } = props;
  if (!allowed.pause && !allowed.resume && !allowed.abort) return null;
  const busy = !!action.busy;
  return (
    <Flex gap="2" data-testid="rollout-actions">
      {allowed.pause ? (
        <Button
          size="small"
          variant="secondary"
          isPending={action.busy === 'pause'}
          isDisabled={busy}
          onPress={() =>
            action.run('pause', () => fleetApi.pauseRollout(rollout.id))
          }
        >
          {t('rollouts.actions.pause')}
        </Button>
      ) : null}
      {allowed.resume ? (
        <Button
          size="small"
          variant="primary"
          isPending={action.busy === 'resume'}
          isDisabled={busy}
          onPress={() =>
            action.run('resume', () => fleetApi.resumeRollout(rollout.id))
          }
        >
          {t('rollouts.actions.resume')}
        </Button>
      ) : null}
      {allowed.abort ? (
        <ConfirmButton
          label={t('rollouts.actions.abort')}
          title={t('rollouts.actions.abortTitle', {
            version: rollout.targetVersion,
          })}
          body={t('rollouts.actions.abortBody')}
          confirmLabel={t('rollouts.actions.abortConfirm')}
          isPending={action.busy === 'abort'}
          isDisabled={busy}
          onConfirm={() =>
            action.run('abort', () => fleetApi.abortRollout(rollout.id))
          }
        />
      ) : null}
    </Flex>
  );
}
