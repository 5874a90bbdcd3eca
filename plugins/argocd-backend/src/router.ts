import type { CatalogService } from '@backstage/plugin-catalog-node';
import { fleetStatus } from './services/fleetStatus';
import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, serializeError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  argocdApplicationReadPermission,
  argocdApplicationRefreshPermission,
  argocdApplicationRollbackPermission,
  argocdApplicationSyncPermission,
} from '@pcscol/plugin-argocd-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ArgocdService } from './services/ArgocdService';
import { ArgocdUpstreamError } from './services/errors';

const appName = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/,
    'not a valid application name',
  );
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform(v =>
    v === undefined
      ? undefined
      : (Array.isArray(v) ? v : [v])
          .flatMap(x => x.split(','))
          .map(x => x.trim())
          .filter(Boolean),
  );

const readQuery = z.object({
  argocd: z.string().optional(),
  entityRef: z.string().optional(),
});
const fleetQuery = z.object({
  region: list,
  usage: list,
  cluster: list,
  problems: z.enum(['true', 'false']).optional(),
});
const syncBody = z.object({
  argocd: z.string().optional(),
  revision: z.string().max(200).optional(),
  prune: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});
const refreshBody = z.object({
  argocd: z.string().optional(),
  hard: z.boolean().optional(),
});
const rollbackBody = z.object({
  argocd: z.string().optional(),
  id: z.number().int().nonnegative(),
});

function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.infer<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(
      `Invalid ${what}: ${issue.path.join('.') || '(root)'} ${issue.message}`,
    );
  }
  return r.data;
}

/** Options of {@link createRouter}. @internal */
export interface RouterOptions {
  service: ArgocdService;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
}

/** The routes of `/api/argocd`. @internal */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, catalog, httpAuth, permissions, auditor, logger } = options;
  const router = Router();
  router.use(express.json());

  async function authorize(req: Request, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Permission ${permission.name} is required`);
    }
    return credentials;
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/instances', async (req, res) => {
    await authorize(req, argocdApplicationReadPermission);
    res.json({
      items: service.config.instances.map(i => ({
        name: i.name,
        uiUrl: i.uiUrl,
      })),
    });
  });

  router.get('/applications/:app', async (req, res) => {
    await authorize(req, argocdApplicationReadPermission);
    const name = parse(appName, req.params.app, 'application name');
    const q = parse(readQuery, req.query, 'query');
    res.json(await service.overview(name, q.argocd));
  });

  router.get('/applications/:app/history', async (req, res) => {
    await authorize(req, argocdApplicationReadPermission);
    const name = parse(appName, req.params.app, 'application name');
    const q = parse(readQuery, req.query, 'query');
    res.json(await service.history(name, q.argocd));
  });

  router.get('/applications/:app/resources', async (req, res) => {
    const credentials = await authorize(req, argocdApplicationReadPermission);
    const name = parse(appName, req.params.app, 'application name');
    const q = parse(readQuery, req.query, 'query');
    res.json(
      await service.resources(name, {
        argocd: q.argocd,
        entityRef: q.entityRef,
        credentials,
      }),
    );
  });

  // Every instance's sync, health and live version, for the fleet views.
  router.get('/fleet/status', async (req, res) => {
    const credentials = await authorize(req, argocdApplicationReadPermission);
    res.json(await fleetStatus(service, catalog, credentials));
  });

  router.get('/components/:namespace/:kind/:name/fleet', async (req, res) => {
    const credentials = await authorize(req, argocdApplicationReadPermission);
    const q = parse(fleetQuery, req.query, 'query');
    const ref = `${req.params.kind}:${req.params.namespace}/${req.params.name}`;
    const body = await service.fleetJson(ref, {
      credentials,
      region: q.region,
      usage: q.usage,
      cluster: q.cluster,
      problemsOnly: q.problems === 'true',
    });
    res.type('application/json').send(body);
  });

  async function audited<T>(
    req: Request,
    action: 'sync' | 'refresh' | 'rollback',
    permission: BasicPermission,
    meta: Record<string, string | number | boolean | undefined>,
    run: () => Promise<T>,
  ): Promise<T> {
    const cleanMeta = Object.fromEntries(
      Object.entries(meta).filter(([, v]) => v !== undefined),
    ) as Record<string, string | number | boolean>;
    const event = await auditor.createEvent({
      eventId: `application-${action}`,
      severityLevel: action === 'refresh' ? 'low' : 'medium',
      request: req,
      meta: cleanMeta,
    });
    let user = 'unknown';
    try {
      const credentials = await authorize(req, permission);
      user =
        credentials.principal.type === 'user'
          ? (credentials.principal as { userEntityRef: string }).userEntityRef
          : `service:${
              (credentials.principal as { subject?: string }).subject ??
              'unknown'
            }`;
      const result = await run();
      await event.success({ meta: { ...cleanMeta, user } });
      logger.info(
        `ArgoCD ${action} of '${meta.application}' on '${meta.argocdInstance}' by ${user}`,
      );
      return result;
    } catch (error) {
      await event.fail({ error: error as Error, meta: { ...cleanMeta, user } });
      logger.warn(
        `ArgoCD ${action} of '${meta.application}' by ${user} failed: ${
          (error as Error).message
        }`,
      );
      throw error;
    }
  }

  router.post('/applications/:app/sync', async (req, res) => {
    const name = parse(appName, req.params.app, 'application name');
    const body = parse(syncBody, req.body, 'sync request');
    const argocdInstance = service.client(body.argocd).name;
    const overview = await audited(
      req,
      'sync',
      argocdApplicationSyncPermission,
      {
        application: name,
        argocdInstance,
        revision: body.revision,
        prune: body.prune,
        dryRun: body.dryRun,
      },
      () => service.sync(name, body),
    );
    res.json({ ok: true, action: 'sync', overview });
  });

  router.post('/applications/:app/refresh', async (req, res) => {
    const name = parse(appName, req.params.app, 'application name');
    const body = parse(refreshBody, req.body, 'refresh request');
    const argocdInstance = service.client(body.argocd).name;
    const overview = await audited(
      req,
      'refresh',
      argocdApplicationRefreshPermission,
      { application: name, argocdInstance, hard: body.hard },
      () => service.refresh(name, body),
    );
    res.json({ ok: true, action: 'refresh', overview });
  });

  router.post('/applications/:app/rollback', async (req, res) => {
    const name = parse(appName, req.params.app, 'application name');
    const body = parse(rollbackBody, req.body, 'rollback request');
    const argocdInstance = service.client(body.argocd).name;
    const overview = await audited(
      req,
      'rollback',
      argocdApplicationRollbackPermission,
      { application: name, argocdInstance, historyId: body.id },
      () => service.rollback(name, body),
    );
    res.json({ ok: true, action: 'rollback', overview });
  });

  // upstream failures: a clear error, with the status that fits
  router.use(
    (
      error: Error,
      req: Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (!(error instanceof ArgocdUpstreamError)) {
        next(error);
        return;
      }
      const status = error.httpStatus;
      res.status(status).json({
        error: serializeError(error, { includeStack: false }),
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: status },
        argocd: error.toInfo(),
      });
    },
  );

  return router;
}
