import { useState } from 'react';
import { Button, Flex } from '@backstage/ui';
import {
  alertApiRef,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  argocdApplicationRefreshPermission,
  argocdApplicationSyncPermission,
} from '@pcscol/plugin-argocd-common';
import { argocdApiRef, ArgocdAppTarget } from '../../api/ArgocdApi';
import { argocdTranslationRef } from '../../translations';

/** An action of the portal on an Application. */
export type ArgocdAction = 'sync' | 'refresh' | 'rollback';

/** Runs an action, reports it, then calls `onDone` with the action ArgoCD accepted. */
export function useArgocdAction(onDone?: (action: ArgocdAction) => void) {
  const api = useApi(argocdApiRef);
  const alertApi = useApi(alertApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const [busy, setBusy] = useState<string | undefined>();
  const run = async (
    action: ArgocdAction,
    target: ArgocdAppTarget & { id?: number },
  ) => {
    const label = t(`actions.${action}` as const);
    setBusy(action);
    try {
      if (action === 'rollback')
        await api.rollback({ ...target, id: target.id! });
      else await api[action](target);
      alertApi.post({
        message: t('actions.done', { action: label, app: target.appName }),
        severity: 'success',
        display: 'transient',
      });
      onDone?.(action);
    } catch (e) {
      alertApi.post({
        message: t('actions.failed', {
          action: label,
          app: target.appName,
          message: (e as Error).message,
        }),
        severity: 'error',
      });
    } finally {
      setBusy(undefined);
    }
  };
  return { run, busy };
}

/** Sync and Refresh, each shown only to users with its permission. */
export function ActionButtons(props: {
  target: ArgocdAppTarget;
  onDone?: (action: ArgocdAction) => void;
}) {
  const { t } = useTranslationRef(argocdTranslationRef);
  // checked against the instance entity, as the backend does
  const resourceRef = props.target.entityRef;
  const sync = usePermission({
    permission: argocdApplicationSyncPermission,
    resourceRef,
  });
  const refresh = usePermission({
    permission: argocdApplicationRefreshPermission,
    resourceRef,
  });
  const { run, busy } = useArgocdAction(props.onDone);
  if (!sync.allowed && !refresh.allowed) return null;
  return (
    <Flex gap="2">
      {refresh.allowed && (
        <Button
          size="small"
          variant="secondary"
          isDisabled={Boolean(busy)}
          isPending={busy === 'refresh'}
          onPress={() => run('refresh', props.target)}
        >
          {t('actions.refresh')}
        </Button>
      )}
      {sync.allowed && (
        <Button
          size="small"
          variant="primary"
          isDisabled={Boolean(busy)}
          isPending={busy === 'sync'}
          onPress={() => run('sync', props.target)}
        >
          {t('actions.sync')}
        </Button>
      )}
    </Flex>
  );
}
