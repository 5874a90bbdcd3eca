const DAY_MS = 24 * 60 * 60 * 1000;

/** Days before its TTL from which an instance counts as expiring. @public */
export const TTL_EXPIRING_DAYS = 7;

/**
 * The state of an instance's TTL annotation (or `instance.json` `ttl`).
 * @public
 */
export type TtlState =
  | { kind: 'none' }
  | { kind: 'invalid'; value: string }
  | { kind: 'expired'; date: string; daysAgo: number }
  | { kind: 'today'; date: string }
  | { kind: 'left'; date: string; daysLeft: number };

function utcDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/**
 * Days between today and a TTL (an ISO-8601 date `YYYY-MM-DD` or date-time),
 * counted in calendar days (UTC): the instance lives through its TTL day and
 * is expired from the day after. The one rule the cards, the fleet views and
 * the plans use.
 * @public
 */
export function ttlState(
  value: string | undefined,
  now: Date = new Date(),
): TtlState {
  if (value === undefined || value.trim() === '') return { kind: 'none' };
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(trimmed)) {
    return { kind: 'invalid', value: trimmed };
  }
  const parsed = new Date(
    /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed,
  );
  if (Number.isNaN(parsed.getTime())) {
    return { kind: 'invalid', value: trimmed };
  }
  const date = parsed.toISOString().slice(0, 10);
  const days = Math.round((utcDay(parsed) - utcDay(now)) / DAY_MS);
  if (days < 0) return { kind: 'expired', date, daysAgo: -days };
  if (days === 0) return { kind: 'today', date };
  return { kind: 'left', date, daysLeft: days };
}

/** True when the TTL has passed (from the day after the TTL date). @public */
export function isTtlExpired(value: string | undefined, now?: Date): boolean {
  return ttlState(value, now).kind === 'expired';
}

/** True when the TTL ends today or within {@link TTL_EXPIRING_DAYS} days. @public */
export function isTtlExpiring(value: string | undefined, now?: Date): boolean {
  const state = ttlState(value, now);
  return (
    state.kind === 'today' ||
    (state.kind === 'left' && state.daysLeft <= TTL_EXPIRING_DAYS)
  );
}
