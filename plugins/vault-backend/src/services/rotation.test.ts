import { isRotationOverdue, nextScheduledRotation } from './rotation';

// Vault's database engine docs (api-docs/secret/databases, "Create static role"):
// rotation_period, or rotation_schedule ("0 0 * * SAT": five cron fields, UTC)
// with an optional rotation_window of at least 1h; a rotation missed in its
// window waits for the next scheduled time.
describe('rotation', () => {
  const now = Date.parse('2026-01-10T12:00:00Z'); // a Saturday

  it('tells an overdue rotation by period (more than twice the period)', () => {
    const period = { rotationPeriod: 86400 };
    expect(
      isRotationOverdue(
        { ...period, lastVaultRotation: '2026-01-08T12:00:01Z' },
        now,
      ),
    ).toBe(false);
    expect(
      isRotationOverdue(
        { ...period, lastVaultRotation: '2026-01-08T11:59:59Z' },
        now,
      ),
    ).toBe(true);
    expect(
      isRotationOverdue({ lastVaultRotation: '2020-01-01T00:00:00Z' }, now),
    ).toBe(false);
  });

  it('tells an overdue rotation by schedule, once the window of a scheduled time has closed', () => {
    const weekly = { rotationSchedule: '0 0 * * SAT' };
    // rotated at this Saturday's 00:00: fine
    expect(
      isRotationOverdue(
        { ...weekly, lastVaultRotation: '2026-01-10T00:00:05Z' },
        now,
      ),
    ).toBe(false);
    // last rotated the Saturday before: today's 00:00 was missed (window 1h by default)
    expect(
      isRotationOverdue(
        { ...weekly, lastVaultRotation: '2026-01-03T00:00:05Z' },
        now,
      ),
    ).toBe(true);
    // with a 24 h window, today's rotation may still come
    expect(
      isRotationOverdue(
        {
          ...weekly,
          rotationWindow: 86400,
          lastVaultRotation: '2026-01-03T00:00:05Z',
        },
        now,
      ),
    ).toBe(false);
    // Vault takes five fields: anything else is not judged
    expect(
      isRotationOverdue(
        {
          rotationSchedule: '0 0 0 * * SAT',
          lastVaultRotation: '2020-01-01T00:00:00Z',
        },
        now,
      ),
    ).toBe(false);
  });

  it('gives the next scheduled rotation', () => {
    expect(nextScheduledRotation('0 0 * * SAT', now)).toBe(
      '2026-01-17T00:00:00.000Z',
    );
    expect(nextScheduledRotation('0 */6 * * *', now)).toBe(
      '2026-01-10T18:00:00.000Z',
    );
    expect(nextScheduledRotation('not a cron', now)).toBeUndefined();
    expect(nextScheduledRotation(undefined, now)).toBeUndefined();
  });
});
