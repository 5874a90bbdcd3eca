import { CronExpressionParser } from 'cron-parser';

/*
 * When a static database role is overdue. A role rotates either every
 * `rotation_period` seconds or on a `rotation_schedule` (Vault 1.15+), a
 * standard five-field cron string in UTC, optionally with a
 * `rotation_window` (seconds, at least 3600) during which Vault may rotate
 * after each scheduled time; a rotation missed in its window waits for the
 * next one. Vault answers one or the other, never both
 * (hashicorp/vault builtin/logical/database/path_roles.go,
 * pathStaticRoleRead, v1.15-v1.21).
 */

/** Vault's minimum `rotation_window`, used as the grace after a scheduled time without window. */
const MIN_WINDOW_SECONDS = 3600;

/** The rotation settings of a static role, as read. */
export interface RotationSettings {
  rotationPeriod?: number;
  rotationSchedule?: string;
  rotationWindow?: number;
  lastVaultRotation?: string;
}

/** The scheduled times around `now` of a five-field cron string (UTC); undefined when it is not one. */
export function scheduleAround(
  schedule: string,
  now: number,
): { previous: (before: number) => number; next: number } | undefined {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  try {
    const at = (d: number) =>
      CronExpressionParser.parse(schedule, {
        currentDate: new Date(d),
        tz: 'UTC',
      });
    const next = at(now).next().getTime();
    return { previous: before => at(before).prev().getTime(), next };
  } catch {
    return undefined;
  }
}

/**
 * True when the role has not rotated when it should have: with a period,
 * not within twice it; with a schedule, the last rotation is older than the
 * latest scheduled time whose window (at least an hour) has closed.
 */
export function isRotationOverdue(
  settings: RotationSettings,
  now: number,
): boolean {
  const last = settings.lastVaultRotation
    ? Date.parse(settings.lastVaultRotation)
    : NaN;
  if (Number.isNaN(last)) return false;
  if (settings.rotationSchedule) {
    const s = scheduleAround(settings.rotationSchedule, now);
    if (!s) return false;
    const grace =
      Math.max(MIN_WINDOW_SECONDS, settings.rotationWindow ?? 0) * 1000;
    // the latest scheduled time whose window is over
    const due = s.previous(now - grace + 1);
    return last < due;
  }
  if (!settings.rotationPeriod) return false;
  return now - last > 2 * settings.rotationPeriod * 1000;
}

/** ISO date of the next scheduled rotation, when the role is on a valid schedule. */
export function nextScheduledRotation(
  schedule: string | undefined,
  now: number,
): string | undefined {
  if (!schedule) return undefined;
  const s = scheduleAround(schedule, now);
  return s ? new Date(s.next).toISOString() : undefined;
}
