import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import type { ArgocdRefresherConfig } from '../config';
import type { ArgocdService } from './ArgocdService';
import { RateLimiter } from './RateLimiter';

/** Task id of the refresher (runs once across replicas). @internal */
export const REFRESHER_TASK_ID = 'argocd-refresher';

/**
 * Runs {@link ArgocdService.refreshAll} at a bounded upstream rate.
 * @internal
 */
export async function runRefresh(
  service: ArgocdService,
  config: ArgocdRefresherConfig,
  logger: LoggerService,
) {
  const limiter = new RateLimiter(config.rateLimit, config.concurrency);
  const started = Date.now();
  const result = await service.refreshAll({ run: fn => limiter.run(fn) });
  logger.info(
    `ArgoCD refresher: ${result.apps} applications, ${
      result.trees
    } resource trees read, ${result.errors} errors, in ${
      Date.now() - started
    } ms`,
  );
  return result;
}

/** Schedules the refresher with Backstage's scheduler (global scope: one replica runs it). @internal */
export async function scheduleRefresher(opts: {
  service: ArgocdService;
  config: ArgocdRefresherConfig;
  scheduler: SchedulerService;
  logger: LoggerService;
}) {
  const { service, config, scheduler, logger } = opts;
  if (!config.enabled || service.clients.size === 0) return;
  await scheduler.scheduleTask({
    id: REFRESHER_TASK_ID,
    scope: 'global',
    ...config.schedule,
    fn: async () => {
      await runRefresh(service, config, logger);
    },
  });
}
