import { useEffect, useRef } from 'react';
import {
  alertApiRef,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  FAILED_OPERATION_PHASES,
  type ApplicationOverview,
} from '@pcscol/plugin-argocd-common';
import { argocdTranslationRef } from '../../translations';

/** Seconds between two reads of an Application while ArgoCD runs an operation. */
export const OPERATION_POLL_MS = 2000;

/**
 * ArgoCD runs a sync or a rollback after answering the request: while the
 * overview says an operation is running, read it again every
 * {@link OPERATION_POLL_MS}; when it is over, say how it ended (ArgoCD's
 * phase and message) and call `onFinished` (the history has a new entry).
 */
export function useOperationPolling(
  overview: ApplicationOverview | undefined,
  retry: () => void,
  onFinished?: () => void,
) {
  const alertApi = useApi(alertApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const running = Boolean(overview?.operation?.running);
  const wasRunning = useRef(false);
  useEffect(() => {
    if (!running) return undefined;
    const id = setTimeout(retry, OPERATION_POLL_MS);
    return () => clearTimeout(id);
  }, [running, retry, overview]);
  useEffect(() => {
    if (running) {
      wasRunning.current = true;
      return;
    }
    if (!wasRunning.current || !overview) return;
    wasRunning.current = false;
    const op = overview.operation;
    if (op) {
      const failed = FAILED_OPERATION_PHASES.includes(op.phase);
      alertApi.post({
        message: t('actions.finished', {
          action: t('actions.sync'),
          app: overview.appName,
          phase: op.message
            ? t('overview.operationMessage', {
                phase: op.phase,
                message: op.message,
              })
            : op.phase,
        }),
        severity: failed ? 'error' : 'success',
        display: failed ? 'permanent' : 'transient',
      });
    }
    onFinished?.();
  }, [running, overview, alertApi, t, onFinished]);
}
