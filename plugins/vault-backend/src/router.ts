import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  vaultComponentReadPermission,
  vaultInstanceReadPermission,
} from '@pcscol/plugin-vault-common';
import { VaultViewService } from './service/VaultViewService';

const entityQuery = z.object({ entityRef: z.string().min(1) });
const pageQuery = entityQuery.extend({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** Routes of /api/vault. Every route authenticates the user and checks its permission. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  views: VaultViewService;
}): Promise<express.Router> {
  const { httpAuth, permissions, views } = options;
  const router = Router();
  router.use(express.json());

  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`${permission.name} is not allowed`);
    }
    return credentials;
  };
  const parse = <T extends z.ZodTypeAny>(
    schema: T,
    query: unknown,
  ): z.infer<T> => {
    const r = schema.safeParse(query);
    if (!r.success)
      throw new InputError(
        `bad query: ${r.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    return r.data;
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/instance', async (req, res) => {
    const credentials = await authorize(req, vaultInstanceReadPermission);
    const { entityRef } = parse(entityQuery, req.query);
    res.json(await views.instanceView(entityRef, credentials));
  });

  router.get('/instance/kv', async (req, res) => {
    const credentials = await authorize(req, vaultInstanceReadPermission);
    const { entityRef } = parse(entityQuery, req.query);
    res.json(await views.kvView(entityRef, credentials));
  });

  router.get('/component', async (req, res) => {
    const credentials = await authorize(req, vaultComponentReadPermission);
    const { entityRef, offset, limit } = parse(pageQuery, req.query);
    res.json(
      await views.componentView(entityRef, credentials, { offset, limit }),
    );
  });

  return router;
}
