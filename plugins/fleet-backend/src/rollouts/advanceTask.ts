/*
 * The one scheduled task that advances every rollout: Backstage's scheduler
 * with scope 'global', so one replica runs it at a time (the leases and the
 * guarded transitions of the store cover a tick that overlaps anyway).
 */
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { RolloutAdvancer } from './RolloutAdvancer';

export const ROLLOUT_TASK_ID = 'fleet-rollouts-advance';

export async function scheduleRolloutAdvancer(options: {
  scheduler: SchedulerService;
  advancer: RolloutAdvancer;
  logger: LoggerService;
  tickSeconds: number;
}) {
  const { scheduler, advancer, logger, tickSeconds } = options;
  await scheduler.scheduleTask({
    id: ROLLOUT_TASK_ID,
    scope: 'global',
    frequency: { seconds: tickSeconds },
    timeout: { seconds: Math.max(120, tickSeconds * 4) },
    initialDelay: { seconds: Math.min(10, tickSeconds) },
    fn: async () => {
      const report = await advancer.tick();
      if (report.rollouts > 0) {
        logger.debug(
          `rollouts tick: ${report.rollouts} looked at, ${report.advanced} advanced, ${report.skipped} held by another replica, ${report.errors} failed`,
        );
      }
    },
  });
}
