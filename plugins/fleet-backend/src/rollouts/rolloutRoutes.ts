/*
 * The routes of the rollouts (`/api/fleet/rollouts…`, src/schema/openapi.yaml):
 * reads need `pegase.rollout.read` (a rollout's read also says which actions the
 * caller may take); writes pass the caller's credentials to
 * RolloutService, which checks them against every instance touched.
 */
import type express from 'express';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  pegaseRolloutReadPermission,
  type RolloutRequest,
  type RolloutState,
} from '@pcscol/plugin-pegase-common';
import { authorizeRequest } from '@pcscol/plugin-pegase-node';
import type { RolloutService, StartInput } from './RolloutService';

/** The rollouts, or why they are off (the routes answer 503 with it). */
export type RolloutsAvailability =
  | { available: true; service: RolloutService }
  | { available: false; reason: string };

const startInput = (body: RolloutRequest): StartInput => ({
  to: body.to,
  selection: body.selection ?? {},
  strategy: { by: 'usage', ...body.strategy },
  allowDowngrade: body.allowDowngrade,
});

export function addRolloutRoutes(
  router: express.Router,
  options: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    rollouts: RolloutsAvailability;
  },
) {
  const { httpAuth, permissions } = options;
  const service = () => {
    if (!options.rollouts.available) {
      throw new ServiceUnavailableError(
        `rollouts are not available: ${options.rollouts.reason}`,
      );
    }
    return options.rollouts.service;
  };
  const mayRead = (request: express.Request) =>
    authorizeRequest({
      httpAuth,
      permissions,
      request,
      permission: pegaseRolloutReadPermission,
    });
  const caller = async (request: express.Request, via: string) => ({
    credentials: await httpAuth.credentials(request, {
      allow: ['user', 'service'],
    }),
    ctx: { request, via },
  });

  router.get('/rollouts', async (req, res) => {
    await mayRead(req);
    const state = req.query.state as RolloutState[] | undefined;
    res.json({ items: await service().list(state ? { state } : undefined) });
  });

  router.post('/rollouts/plan', async (req, res) => {
    await mayRead(req);
    const rollouts = service();
    res.json(
      await rollouts.plan(
        startInput(req.body),
        await caller(req, 'route POST /rollouts/plan'),
      ),
    );
  });

  router.post('/rollouts', async (req, res) => {
    const rollouts = service();
    const rollout = await rollouts.start(
      await caller(req, 'route POST /rollouts'),
      startInput(req.body),
    );
    res.status(201).json(rollout);
  });

  router.get('/rollouts/:id', async (req, res) => {
    await mayRead(req);
    const rollouts = service();
    const rollout = await rollouts.get(req.params.id);
    res.json({
      rollout,
      events: await rollouts.events(req.params.id),
      allowed: await rollouts.allowed(
        await caller(req, 'route GET /rollouts/:id'),
        rollout,
      ),
    });
  });

  router.post('/rollouts/:id/pause', async (req, res) => {
    const rollouts = service();
    res.json(
      await rollouts.pause(
        await caller(req, 'route pause'),
        req.params.id,
        req.body?.reason,
      ),
    );
  });

  router.post('/rollouts/:id/resume', async (req, res) => {
    const rollouts = service();
    res.json(
      await rollouts.resume(await caller(req, 'route resume'), req.params.id),
    );
  });

  router.post('/rollouts/:id/abort', async (req, res) => {
    const rollouts = service();
    res.json(
      await rollouts.abort(
        await caller(req, 'route abort'),
        req.params.id,
        req.body?.reason,
      ),
    );
  });

  router.post('/rollouts/:id/waves/:wave/approve', async (req, res) => {
    const rollouts = service();
    res.json(
      await rollouts.approve(
        await caller(req, 'route approve'),
        req.params.id,
        Number(req.params.wave),
      ),
    );
  });

  router.post('/rollouts/:id/waves/:wave/rollback', async (req, res) => {
    const rollouts = service();
    res.json(
      await rollouts.rollback(
        await caller(req, 'route rollback'),
        req.params.id,
        Number(req.params.wave),
      ),
    );
  });
}
