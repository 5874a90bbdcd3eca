import { Text } from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { TTL_EXPIRING_DAYS, ttlState } from '@pcscol/plugin-pegase-common';
import { pegaseTranslationRef } from '../../translations';

/** An instance's TTL: none, days left (a warning under a week), today, expired or invalid. */
export function TtlValue(props: { value: string | undefined }) {
  const { t } = useTranslationRef(pegaseTranslationRef);
  const state = ttlState(props.value);
  switch (state.kind) {
    case 'none':
      return <>{t('instanceCard.ttlNone')}</>;
    case 'invalid':
      return (
        <Text color="warning">
          {t('instanceCard.ttlInvalid', { value: state.value })}
        </Text>
      );
    case 'expired':
      return (
        <Text
          as="strong"
          weight="bold"
          color="danger"
          data-testid="pegase-ttl-expired"
        >
          {t('instanceCard.ttlExpired', {
            count: state.daysAgo,
            date: state.date,
          })}
        </Text>
      );
    case 'today':
      return (
        <Text color="warning">
          {t('instanceCard.ttlToday', { date: state.date })}
        </Text>
      );
    default:
      return (
        <Text
          color={state.daysLeft <= TTL_EXPIRING_DAYS ? 'warning' : 'success'}
        >
          {t('instanceCard.ttlLeft', {
            count: state.daysLeft,
            date: state.date,
          })}
        </Text>
      );
  }
}
