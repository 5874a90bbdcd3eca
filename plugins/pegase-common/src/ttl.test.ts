import { isTtlExpired, isTtlExpiring, ttlState } from './ttl';

const now = new Date('2026-12-06T15:00:00Z');

describe('ttlState', () => {
  it('lives through its TTL day and expires the day after', () => {
    expect(ttlState('2026-12-06', now)).toEqual({
      kind: 'today',
      date: '2026-12-06',
    });
    expect(ttlState('2026-12-05', now)).toEqual({
      kind: 'expired',
      date: '2026-12-05',
      daysAgo: 1,
    });
    expect(ttlState('2026-12-16T08:00:00Z', now)).toEqual({
      kind: 'left',
      date: '2026-12-16',
      daysLeft: 10,
    });
  });

  it('tells a missing TTL from an unreadable one', () => {
    expect(ttlState(undefined, now)).toEqual({ kind: 'none' });
    expect(ttlState('  ', now)).toEqual({ kind: 'none' });
    expect(ttlState('next week', now)).toEqual({
      kind: 'invalid',
      value: 'next week',
    });
    expect(ttlState('2026-13-45', now)).toEqual({
      kind: 'invalid',
      value: '2026-13-45',
    });
  });

  it('flags expiring within 7 days and expired', () => {
    expect(isTtlExpiring('2026-12-13', now)).toBe(true);
    expect(isTtlExpiring('2026-12-14', now)).toBe(false);
    expect(isTtlExpiring('2026-12-01', now)).toBe(false);
    expect(isTtlExpired('2026-12-01', now)).toBe(true);
    expect(isTtlExpired(undefined, now)).toBe(false);
  });
});
