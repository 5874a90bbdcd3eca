import { ttlState } from './ttl';

describe('ttlState', () => {
  const now = new Date('2026-03-10T15:30:00Z');

  it('has no TTL when the annotation is absent or blank', () => {
    expect(ttlState(undefined, now)).toEqual({ kind: 'none' });
    expect(ttlState('  ', now)).toEqual({ kind: 'none' });
  });

  it('counts the days left until a date', () => {
    expect(ttlState('2026-03-20', now)).toEqual({
      kind: 'left',
      date: '2026-03-20',
      daysLeft: 10,
    });
    expect(ttlState('2026-03-11', now)).toEqual({
      kind: 'left',
      date: '2026-03-11',
      daysLeft: 1,
    });
  });

  it('counts calendar days for date-times too', () => {
    expect(ttlState('2026-03-12T01:00:00Z', now)).toEqual({
      kind: 'left',
      date: '2026-03-12',
      daysLeft: 2,
    });
  });

  it('treats the TTL day as the last day', () => {
    expect(ttlState('2026-03-10', now)).toEqual({
      kind: 'today',
      date: '2026-03-10',
    });
  });

  it('is expired the day after', () => {
    expect(ttlState('2026-03-09', now)).toEqual({
      kind: 'expired',
      date: '2026-03-09',
      daysAgo: 1,
    });
    expect(ttlState('2025-12-31', now)).toMatchObject({
      kind: 'expired',
      daysAgo: 69,
    });
  });

  it('reports values that are not ISO-8601 dates', () => {
    expect(ttlState('next week', now)).toEqual({
      kind: 'invalid',
      value: 'next week',
    });
    expect(ttlState('2026-13-45', now)).toEqual({
      kind: 'invalid',
      value: '2026-13-45',
    });
  });
});
