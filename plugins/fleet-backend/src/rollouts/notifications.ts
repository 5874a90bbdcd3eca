/*
 * Which rollout events call for a Backstage notification, to whom and what it
 * says: pure functions of the rollout and its event (RolloutNotifier sends
 * them, once per event). The recipients are the rollout's owner (who started
 * it) and the configured approvers (`pegase.fleet.rollouts.notifications
 * .approvers`: the groups or users holding `pegase.rollout.approve`).
 */
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { Rollout, RolloutEvent } from '@pcscol/plugin-pegase-common';

/** `pegase.fleet.rollouts.notifications`, defaults applied. */
export interface RolloutNotificationConfig {
  /** Send notifications (default true; off without a notification service). */
  enabled: boolean;
  /** Entity refs (groups or users) of the approvers, told of every gate. */
  approvers: string[];
}

/**
 * The event kinds that notify, as the advancer logs them: a wave waits for an
 * approval, its gate passed, its gate failed (the rollout pauses; a timeout and
 * a change request closed without a merge fail the gate too), every wave passed.
 */
export const NOTIFYING_EVENT_KINDS = [
  'approval-requested',
  'gate-passed',
  'gate-failed',
  'completed',
] as const;

/** Whether an event of this kind, written by a transition, is to be notified. */
export const notifies = (kind: string): boolean =>
  (NOTIFYING_EVENT_KINDS as readonly string[]).includes(kind);

/** The Fleet page's view of a rollout (the Fleet page is at `/fleet`). */
export const rolloutLink = (id: string) =>
  `/fleet?tab=rollouts&rollout=${encodeURIComponent(id)}`;

/** The owner and the approvers, each once; the owner only when a user started it. */
export function rolloutRecipients(
  rollout: Pick<Rollout, 'createdBy'>,
  config: RolloutNotificationConfig,
): string[] {
  const owner = rollout.createdBy.startsWith('user:')
    ? [rollout.createdBy]
    : [];
  return [...new Set([...owner, ...config.approvers])];
}

/**
 * The notification of one event, or undefined when it notifies nobody. The
 * scope names the event: were it sent twice (a process dying between the send
 * and its record), the notifications backend updates the one it holds for
 * each user instead of adding a second.
 */
export function rolloutNotification(
  rollout: Rollout,
  event: RolloutEvent,
  config: RolloutNotificationConfig,
): NotificationSendOptions | undefined {
  if (!notifies(event.kind)) return undefined;
  const recipients = rolloutRecipients(rollout, config);
  if (recipients.length === 0) return undefined;
  const wave =
    event.waveIndex === undefined ? undefined : rollout.waves[event.waveIndex];
  const waveName = wave
    ? `wave ${wave.index + 1} of ${rollout.waves.length} (${wave.name}, ${
        wave.instances.length
      } instance(s))`
    : 'a wave';
  const next = wave ? rollout.waves[wave.index + 1] : undefined;
  const to = rollout.targetVersion;
  let title: string;
  let description: string;
  let severity: 'low' | 'normal' | 'high' | 'critical';
  switch (event.kind) {
    case 'approval-requested':
      title = `Rollout to ${to}: ${waveName} awaits an approval`;
      description = `${event.message}. A holder of pegase.rollout.approve on its instances approves it on the rollout's page; its change request opens then.`;
      severity = 'high';
      break;
    case 'gate-passed':
      title = `Rollout to ${to}: ${waveName} passed its gate`;
      description = `${event.message}. ${
        next
          ? `Next: wave ${next.index + 1} (${next.name}).`
          : 'It was the last wave.'
      }`;
      severity = 'normal';
      break;
    case 'gate-failed':
      title = `Rollout to ${to} paused: ${waveName} failed its gate`;
      description = `${event.message}. Resume it to judge the wave again, roll the wave back, or abort the rollout.`;
      severity = 'critical';
      break;
    default:
      title = `Rollout to ${to} completed`;
      description = event.message;
      severity = 'normal';
  }
  return {
    recipients: { type: 'entity', entityRef: recipients },
    payload: {
      title,
      description,
      link: rolloutLink(rollout.id),
      severity,
      topic: `Rollout to ${to}`,
      scope: `pegase-rollout:${rollout.id}:event:${event.id}`,
      metadata: {
        rolloutId: rollout.id,
        event: event.kind,
        ...(wave ? { wave: wave.index + 1 } : {}),
      },
    },
  };
}
