import express from 'express';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { architectureReadPermission } from '@pcscol/plugin-architecture-common';
import { authorizeRequest } from '@pcscol/plugin-pegase-node';
import { spec } from './schema/openapi.generated';
import type { GraphService } from './services/GraphService';

/** The routes of `/api/architecture` (src/schema/openapi.yaml). */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  graphs: GraphService;
}): Promise<express.Router> {
  const { httpAuth, permissions, graphs } = options;
  const router = createValidatedOpenApiRouter(spec);
  const mayRead = (request: express.Request) =>
    authorizeRequest({
      httpAuth,
      permissions,
      request,
      permission: architectureReadPermission,
    });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/graph', async (req, res) => {
    const credentials = await mayRead(req);
    res.json((await graphs.graph(credentials)) as any);
  });

  router.get('/impact', async (req, res) => {
    const credentials = await mayRead(req);
    const { target } = req.query as { target: string };
    res.json((await graphs.impact(credentials, target)) as any);
  });

  return router;
}
