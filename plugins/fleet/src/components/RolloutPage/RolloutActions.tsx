import { Button, Flex } from '@backstage/ui';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  pegaseRolloutManagePermission,
  type Rollout,
} from '@pcscol/plugin-pegase-common';
import { fleetApiRef } from '../../api/FleetApi';
import { fleetTranslationRef } from '../../translations';
import { ConfirmButton } from './ConfirmButton';
import { useAllowedOnEvery } from './useAllowedOnEvery';
import type { useRolloutAction } from './useRolloutAction';

/**
 * Pause, resume and abort: only those the rollout's state allows, and only
 * for a user holding `pegase.rollout.manage` on each of its instances.
 */
export function RolloutActions(props: {
  rollout: Rollout;
  action: ReturnType<typeof useRolloutAction>;
}) {
  const { t } = useTranslationRef(fleetTranslationRef);
  const fleetApi = useApi(fleetApiRef);
  const { rollout, action } = props;
  const allowed = useAllowedOnEvery(
    pegaseRolloutManagePermission,
    rollout.waves.flatMap(w => w.instances.map(i => i.entityRef)),
  );
  if (!allowed || (rollout.state !== 'running' && rollout.state !== 'paused'))
    return null;
  const busy = !!action.busy;
  return (
    <Flex gap="2" data-testid="rollout-actions">
      {rollout.state === 'running' ? (
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
      ) : (
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
      )}
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
    </Flex>
  );
}
