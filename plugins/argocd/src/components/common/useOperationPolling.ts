import { useCallback, useEffect, useRef } from 'react';
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

/** An action of the portal that makes ArgoCD run an operation. */
export type ArgocdOperationAction = 'sync' | 'rollback';

/**
 * ArgoCD runs a sync or a rollback after answering the request: while the
 * overview says an operation is running, read it again every
 * {@link OPERATION_POLL_MS}; when it is over, say how it ended (ArgoCD's
 * phase and message) and call `onFinished` (the history has a new entry).
 *
 * Call the returned `started` when ArgoCD accepted an operation: a short
 * operation may be over before the overview is read again, and its result
 * must still be told (the first fresh overview then says how it ended).
 */
export function useOperationPolling(
  overview: ApplicationOverview | undefined,
  retry: () => void,
  onFinished?: () => void,
): { started: (action: ArgocdOperationAction) => void } {
  const alertApi = useApi(alertApiRef);
  const { t } = useTranslationRef(argocdTranslationRef);
  const running = Boolean(overview?.operation?.running);
  const wasRunning = useRef(false);
  // the action the user started, and the overview shown when ArgoCD accepted it
  const awaited = useRef<
    | { action: ArgocdOperationAction; seen: ApplicationOverview | undefined }
    | undefined
  >(undefined);
  const latest = useRef(overview);
  latest.current = overview;

  const started = useCallback((action: ArgocdOperationAction) => {
    awaited.current = { action, seen: latest.current };
  }, []);

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
    if (!overview) return;
    const fresh = awaited.current && awaited.current.seen !== overview;
    if (!wasRunning.current && !fresh) return;
    const action = awaited.current?.action ?? 'sync';
    wasRunning.current = false;
    awaited.current = undefined;
    const op = overview.operation;
    if (op) {
      const failed = FAILED_OPERATION_PHASES.includes(op.phase);
      alertApi.post({
        message: t('actions.finished', {
          action: t(`actions.${action}` as const),
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

  return { started };
}
