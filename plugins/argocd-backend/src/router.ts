import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, serializeError } from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  argocdApplicationReadPermission,
  argocdApplicationRefreshPermission,
  argocdApplicationRollbackPermission,
  argocdApplicationSyncPermission,
} from '@pcscol/plugin-argocd-common';
import { entityRefFromPath, actorOf } from '@pcscol/plugin-pegase-node';
import { isPegaseInstance } from '@pcscol/plugin-pegase-common';
import express, { Request } from 'express';
import { spec } from './schema/openapi.generated';
import { ArgocdService } from './services/ArgocdService';
import { appRefOf, EntityAccess } from './services/EntityAccess';
import { ArgocdUpstreamError } from './services/errors';
import { addonFleetStatus, fleetStatus } from './services/fleetStatus';

/** Options of {@link createRouter}. @internal */
export interface RouterOptions {
  service: ArgocdService;
  access: EntityAccess;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}

/** A JSON answer of the spec's free-form `Object` schema. */
const json = (value: object) => value as unknown as Record<string, unknown>;

/** The routes of `/api/pegase-argocd` (src/schema/openapi.yaml). @internal */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, access, catalog, httpAuth, permissions, logger } = options;
  const router = createValidatedOpenApiRouter(spec);

  /** The instance entity of the path, checked, and the Application it names. */
  async function instanceOf(
    request: Request<{ namespace: string; kind: string; name: string }>,
    permission: ResourcePermission,
    opts: { appOfApps?: boolean } = {},
  ) {
    const entityRef = entityRefFromPath(request.params);
    const credentials = await access.authorizeRequest(
      request,
      permission,
      entityRef,
    );
    const target = await access.instanceTarget(entityRef, credentials, {
      request,
      via: 'route',
      permission: permission.name,
      ...opts,
    });
    return { credentials, target };
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /**
   * The fleet routes' check of argocd.application.read: a 403 (audited) when
   * the caller has none; otherwise `allowedAmong(refs)`, the refs a
   * conditional decision allows (undefined: every one).
   */
  async function fleetReader(request: Request) {
    const credentials = await httpAuth.credentials(request, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorizeConditional(
      [{ permission: argocdApplicationReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      const error = new NotAllowedError(
        `${argocdApplicationReadPermission.name} is not allowed`,
      );
      await access.auditRefusal(
        { request, credentials, via: 'route' },
        {
          entityRef: '*',
          permission: argocdApplicationReadPermission.name,
          error,
        },
      );
      throw error;
    }
    const allowedAmong = async (refs: string[]) =>
      decision.result === AuthorizeResult.ALLOW
        ? undefined
        : access.allowedRefs(credentials, argocdApplicationReadPermission, [
            ...new Set(refs),
          ]);
    return { credentials, allowedAmong };
  }

  // Every instance's sync, health and live version, for the fleet views.
  // fleet-backend calls it with its service credentials (allowed); a user
  // gets the instances argocd.application.read allows them, or a 403.
  router.get('/fleet/status', async (req, res) => {
    const { credentials, allowedAmong } = await fleetReader(req);
    const status = await fleetStatus(service, catalog, credentials);
    const allowed = await allowedAmong(status.items.map(i => i.entityRef));
    res.json({
      items: status.items
        .filter(i => !allowed || allowed.has(i.entityRef))
        .map(json),
      failed: status.failed,
    });
  });

  // Every cluster add-on Application's sync, health and live chart version,
  // for the fleet's Clusters view; the same permission, checked against the
  // add-on entities.
  router.get('/fleet/addons/status', async (req, res) => {
    const { credentials, allowedAmong } = await fleetReader(req);
    const status = await addonFleetStatus(service, catalog, credentials);
    const allowed = await allowedAmong(status.items.map(i => i.addonRef));
    res.json({
      items: status.items
        .filter(i => !allowed || allowed.has(i.addonRef))
        .map(json),
      failed: status.failed,
    });
  });

  router.get('/entity/:namespace/:kind/:name/overview', async (req, res) => {
    const { target } = await instanceOf(req, argocdApplicationReadPermission);
    res.json(
      json(await service.overview(appRefOf(target), target.argocdInstance)),
    );
  });

  router.get('/entity/:namespace/:kind/:name/history', async (req, res) => {
    const { target } = await instanceOf(req, argocdApplicationReadPermission);
    res.json(
      json(await service.history(appRefOf(target), target.argocdInstance)),
    );
  });

  router.get('/entity/:namespace/:kind/:name/resources', async (req, res) => {
    const { credentials, target } = await instanceOf(
      req,
      argocdApplicationReadPermission,
    );
    res.json(
      json(
        await service.resources(
          target.entity,
          appRefOf(target),
          target.argocdInstance,
          credentials,
        ),
      ),
    );
  });

  router.get('/entity/:namespace/:kind/:name/fleet', async (req, res) => {
    const entityRef = entityRefFromPath(req.params);
    const credentials = await access.authorizeRequest(
      req,
      argocdApplicationReadPermission,
      entityRef,
    );
    const body = await service.fleet(entityRef, {
      credentials,
      // a row per instance the caller may read
      readable: refs =>
        access.allowedRefs(credentials, argocdApplicationReadPermission, refs),
      region: req.query.region,
      usage: req.query.usage,
      cluster: req.query.cluster,
      problemsOnly: req.query.problems === 'true',
    });
    res.json(json(body));
  });

  // the Application the instance's ApplicationSet generates beside the live one
  router.get('/entity/:namespace/:kind/:name/generated', async (req, res) => {
    const { target } = await instanceOf(req, argocdApplicationReadPermission);
    res.json(
      json(
        await service.generated(
          target.entity.metadata.name,
          appRefOf(target),
          target.argocdInstance,
        ),
      ),
    );
  });

  // an app-of-apps' children, or an instance's ApplicationSet and app-of-apps
  router.get('/entity/:namespace/:kind/:name/app-of-apps', async (req, res) => {
    const { target } = await instanceOf(req, argocdApplicationReadPermission, {
      appOfApps: true,
    });
    res.json(
      json(
        await service.appOfApps(
          {
            ...(isPegaseInstance(target.entity)
              ? { instance: target.entity.metadata.name }
              : {}),
            appName: target.appName,
          },
          target.argocdInstance,
        ),
      ),
    );
  });

  router.post('/entity/:namespace/:kind/:name/sync', async (req, res) => {
    const { credentials, target } = await instanceOf(
      req,
      argocdApplicationSyncPermission,
    );
    const { revision, prune, dryRun } = req.body ?? {};
    // point 4 of issue 22: the declared version, or a separate permission
    await access.authorizeRevision(target, revision, {
      request: req,
      credentials,
      via: 'route',
    });
    const overview = await access.audited(
      'sync',
      target,
      { request: req, credentials, via: 'route' },
      { revision, prune, dryRun },
      () =>
        service.sync(appRefOf(target), target.argocdInstance, {
          revision,
          prune,
          dryRun,
        }),
    );
    logger.info(
      `ArgoCD sync of '${target.appName}' on '${
        target.argocdInstance
      }' by ${actorOf(credentials)}`,
    );
    res.json({ ok: true, action: 'sync', overview: json(overview) });
  });

  router.post('/entity/:namespace/:kind/:name/refresh', async (req, res) => {
    const { credentials, target } = await instanceOf(
      req,
      argocdApplicationRefreshPermission,
    );
    const hard = req.body?.hard;
    const overview = await access.audited(
      'refresh',
      target,
      { request: req, credentials, via: 'route' },
      { hard },
      () => service.refresh(appRefOf(target), target.argocdInstance, { hard }),
    );
    res.json({ ok: true, action: 'refresh', overview: json(overview) });
  });

  router.post('/entity/:namespace/:kind/:name/rollback', async (req, res) => {
    const { credentials, target } = await instanceOf(
      req,
      argocdApplicationRollbackPermission,
    );
    const id = req.body.id;
    const overview = await access.audited(
      'rollback',
      target,
      { request: req, credentials, via: 'route' },
      { historyId: id },
      () => service.rollback(appRefOf(target), target.argocdInstance, id),
    );
    logger.info(
      `ArgoCD rollback of '${target.appName}' on '${
        target.argocdInstance
      }' to ${id} by ${actorOf(credentials)}`,
    );
    res.json({ ok: true, action: 'rollback', overview: json(overview) });
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
