import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { fleetTranslationRef } from '../../translations';
import { splitDuration } from '../../lib/rollouts';

/** Seconds as `45 s`, `2 min 5 s` or `1 h 20 min`, translated. */
export function useDuration(): (seconds: number) => string {
  const { t } = useTranslationRef(fleetTranslationRef);
  return seconds => {
    const d = splitDuration(seconds);
    if (d.hours)
      return t('rollouts.duration.hours', {
        hours: String(d.hours),
        minutes: String(d.minutes),
      });
    if (d.minutes)
      return t('rollouts.duration.minutes', {
        minutes: String(d.minutes),
        seconds: String(d.seconds),
      });
    return t('rollouts.duration.seconds', { count: d.total });
  };
}
