import express from 'express';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  ENTITY_PATH,
  type EntityAuthorizer,
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
 * The routes of `/api/pegase-vault` (src/schema/openapi.yaml): the request is
 * validated against the spec, every entity route authenticates the caller
 * and checks its permission against the route's entity (a refusal is a 403
 * naming both, audited); `/health` is open.
 */
export async function createRouter(options: {
  authorizer: EntityAuthorizer;
  views: VaultViewService;
}): Promise<express.Router> {
  const { authorizer, views } = options;
  const router = createValidatedOpenApiRouter(spec);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(`${ENTITY_PATH}/instance`, async (req, res) => {
    const ref = entityRefFromPath(req.params);
    const credentials = await authorizer.authorizeRequest(
      req,
      vaultInstanceReadPermission,
      ref,
    );
    res.json(body(await views.instanceView(ref, credentials)));
  });

  router.get(`${ENTITY_PATH}/instance/kv`, async (req, res) => {
    const ref = entityRefFromPath(req.params);
    const credentials = await authorizer.authorizeRequest(
      req,
      vaultInstanceReadPermission,
      ref,
    );
    res.json(body(await views.kvView(ref, credentials)));
  });

  router.get(`${ENTITY_PATH}/component`, async (req, res) => {
    // the validated request types its query as numbers, not express' ParsedQs
    const request = req as unknown as express.Request;
    const ref = entityRefFromPath(req.params);
    const credentials = await authorizer.authorizeRequest(
      request,
      vaultComponentReadPermission,
      ref,
    );
    const { offset, limit } = req.query;
    res.json(
      body(await views.componentView(ref, credentials, { offset, limit })),
    );
  });

  return router;
}
