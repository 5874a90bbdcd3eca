import express from 'express';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { pegaseFleetReadPermission } from '@pcscol/plugin-pegase-common';
import { authorizeRequest } from '@pcscol/plugin-pegase-node';
import { spec } from './schema/openapi.generated';
import type { FleetService } from './services/FleetService';
import type { ClusterMatrixService } from './services/ClusterMatrixService';
import {
  addRolloutRoutes,
  type RolloutsAvailability,
} from './rollouts/rolloutRoutes';

/** The routes of `/api/fleet` (src/schema/openapi.yaml). */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  fleet: FleetService;
  /** The Clusters view (GET /clusters); absent, the route answers 503. */
  clusters?: ClusterMatrixService;
  rollouts: RolloutsAvailability;
}): Promise<express.Router> {
  const { httpAuth, permissions, fleet } = options;
  const router = createValidatedOpenApiRouter(spec);
  const mayReadFleet = (request: express.Request) =>
    authorizeRequest({
      httpAuth,
      permissions,
      request,
      permission: pegaseFleetReadPermission,
    });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/instances', async (req, res) => {
    await mayReadFleet(req);
    res.json((await fleet.fleet()) as any);
  });

  router.get('/sub-charts/:name', async (req, res) => {
    await mayReadFleet(req);
    res.json((await fleet.subChart(req.params.name)) as any);
  });

  router.get('/releases/diff', async (req, res) => {
    await mayReadFleet(req);
    const { from, to } = req.query as { from: string; to: string };
    res.json((await fleet.releaseDiff(from, to)) as any);
  });

  router.get('/clusters', async (req, res) => {
    await mayReadFleet(req);
    if (!options.clusters) {
      throw new ServiceUnavailableError('the Clusters view is not set up');
    }
    res.json((await options.clusters.matrix()) as any);
  });

  addRolloutRoutes(router as unknown as express.Router, {
    httpAuth,
    permissions,
    rollouts: options.rollouts,
  });

  return router;
}
