import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  HealthStatusCode,
  SyncStatusCode,
} from '@pcscol/plugin-argocd-common';
import { argocdTranslationRef } from '../../translations';

/** Health with its status icon. */
export function HealthStatus({
  status,
}: {
  status: HealthStatusCode | undefined;
}) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const s = status ?? 'Unknown';
  const label = t(`health.${s}` as const);
  switch (s) {
    case 'Healthy':
      return <StatusOK>{label}</StatusOK>;
    case 'Degraded':
    case 'Missing':
      return <StatusError>{label}</StatusError>;
    case 'Progressing':
      return <StatusRunning>{label}</StatusRunning>;
    case 'Suspended':
      return <StatusAborted>{label}</StatusAborted>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}

/** Sync status with its icon. */
export function SyncStatus({ status }: { status: SyncStatusCode | undefined }) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const s = status ?? 'Unknown';
  const label = t(`sync.${s}` as const);
  if (s === 'Synced') return <StatusOK>{label}</StatusOK>;
  if (s === 'OutOfSync') return <StatusWarning>{label}</StatusWarning>;
  return <StatusPending>{label}</StatusPending>;
}

/** `2026-11-24T08:00:00Z` -> local date and time. */
export function formatDate(iso: string | undefined, fallback: string): string {
  if (!iso) return fallback;
  const d = new Date(iso);
  // short date and time: they sit in table cells
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** A git SHA shortened, a chart version kept. */
export function shortRevision(rev: string): string {
  return /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 7) : rev;
}
