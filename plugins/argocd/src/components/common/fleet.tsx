import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  FleetResponse,
  HealthStatusCode,
} from '@pcscol/plugin-argocd-common';
import { argocdTranslationRef } from '../../translations';

const ORDER: HealthStatusCode[] = [
  'Healthy',
  'Degraded',
  'Progressing',
  'Missing',
  'Suspended',
  'Unknown',
];

/** "412 healthy, 3 degraded · 2 out of sync". */
export function useFleetSummary() {
  const { t } = useTranslationRef(argocdTranslationRef);
  return (fleet: FleetResponse) => {
    const parts = ORDER.filter(h => (fleet.counts.health[h] ?? 0) > 0).map(h =>
      t(`healthCount.${h}` as const, { count: fleet.counts.health[h] ?? 0 }),
    );
    const out = fleet.counts.sync.OutOfSync ?? 0;
    return [parts.join(', '), out ? t('fleet.outOfSync', { count: out }) : '']
      .filter(Boolean)
      .join(' · ');
  };
}
