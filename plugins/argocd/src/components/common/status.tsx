import type { ReactNode } from 'react';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  HealthStatusCode,
  SyncStatusCode,
} from '@pcscol/plugin-argocd-common';
import { argocdTranslationRef } from '../../translations';

type Tone = 'success' | 'danger' | 'warning' | 'info' | 'neutral';

const COLOR: Record<Tone, string> = {
  success: 'var(--bui-fg-positive)',
  danger: 'var(--bui-fg-negative)',
  warning: 'var(--bui-fg-warning)',
  info: 'var(--bui-fg-announcement)',
  neutral: 'var(--bui-fg-secondary)',
};

/**
 * A status label with a coloured dot before it (Backstage UI has no status
 * icon): filled when settled, a ring while it is in progress or not known.
 * The label carries the meaning; the dot is decoration.
 */
function StatusLabel(props: {
  tone: Tone;
  ring?: boolean;
  children: ReactNode;
}) {
  const color = COLOR[props.tone];
  return (
    <span
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 'var(--bui-space-1_5)',
        // a status is one phrase: never split over two lines
        whiteSpace: 'nowrap',
      }}
    >
      <span
        aria-hidden
        style={{
          flex: 'none',
          width: 10,
          height: 10,
          boxSizing: 'border-box',
          borderRadius: '50%',
          border: `2px solid ${color}`,
          background: props.ring ? 'transparent' : color,
        }}
      />
      <span>{props.children}</span>
    </span>
  );
}

/** Health with its status dot. */
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
      return <StatusLabel tone="success">{label}</StatusLabel>;
    case 'Degraded':
    case 'Missing':
      return <StatusLabel tone="danger">{label}</StatusLabel>;
    case 'Progressing':
      return (
        <StatusLabel tone="info" ring>
          {label}
        </StatusLabel>
      );
    case 'Suspended':
      return <StatusLabel tone="neutral">{label}</StatusLabel>;
    default:
      return (
        <StatusLabel tone="neutral" ring>
          {label}
        </StatusLabel>
      );
  }
}

/** Sync status with its status dot. */
export function SyncStatus({ status }: { status: SyncStatusCode | undefined }) {
  const { t } = useTranslationRef(argocdTranslationRef);
  const s = status ?? 'Unknown';
  const label = t(`sync.${s}` as const);
  if (s === 'Synced') return <StatusLabel tone="success">{label}</StatusLabel>;
  if (s === 'OutOfSync')
    return <StatusLabel tone="warning">{label}</StatusLabel>;
  return (
    <StatusLabel tone="neutral" ring>
      {label}
    </StatusLabel>
  );
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
