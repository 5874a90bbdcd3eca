import express from 'express';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import {
  authorizeRequest,
  ENTITY_PATH,
  entityRefFromPath,
} from '@pcscol/plugin-pegase-node';
import {
  vaultComponentReadPermission,
  vaultInstanceReadPermission,
} from '@pcscol/plugin-vault-common';
import { spec } from './schema/openapi.generated';
import type { VaultViewService } from './services/VaultViewService';

/** A view as the spec's response (it types the views only as objects; vault-common types them). */
const body = (view: object) => view as { [key: string]: unknown };

/**
 * The routes of `/api/vault` (src/schema/openapi.yaml): the request is
 * validated against the spec, every entity route authenticates the caller
 * and checks its permission; `/health` is open.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  views: VaultViewService;
}): Promise<express.Router> {
  const { httpAuth, permissions, views } = options;
  const router = createValidatedOpenApiRouter(spec);
  const authorize = (request: express.Request, permission: BasicPermission) =>
    authorizeRequest({ httpAuth, permissions, request, permission });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(`${ENTITY_PATH}/instance`, async (req, res) => {
    const credentials = await authorize(req, vaultInstanceReadPermission);
    const ref = entityRefFromPath(req.params);
    res.json(body(await views.instanceView(ref, credentials)));
  });

  router.get(`${ENTITY_PATH}/instance/kv`, async (req, res) => {
    const credentials = await authorize(req, vaultInstanceReadPermission);
    const ref = entityRefFromPath(req.params);
    res.json(body(await views.kvView(ref, credentials)));
  });

  router.get(`${ENTITY_PATH}/component`, async (req, res) => {
    // the validated request types its query as numbers, not express' ParsedQs
    const request = req as unknown as express.Request;
    const credentials = await authorize(request, vaultComponentReadPermission);
    const ref = entityRefFromPath(req.params);
    const { offset, limit } = req.query;
    res.json(
      body(await views.componentView(ref, credentials, { offset, limit })),
    );
  });

  return router;
}
