import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  TIME_RANGES,
  thanosMetricsReadPermission,
} from '@pcscol/plugin-thanos-common';
import express from 'express';
import Router from 'express-promise-router';
import { ThanosService } from './services/ThanosService';
import { parseDuration } from './services/promql';

/** Options of {@link createRouter}. @public */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  service: ThanosService;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
const MIN_RANGE = 300;
const MAX_RANGE = 31 * 86400;

function entityRef(params: Record<string, string>): string {
  const { kind, namespace, name } = params;
  for (const [key, v] of Object.entries({ kind, namespace, name })) {
    if (!NAME.test(v)) throw new InputError(`invalid entity ${key}`);
  }
  return `${kind.toLowerCase()}:${namespace}/${name}`;
}

function stringParam(req: express.Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > 253)
    throw new InputError(`invalid ${name}`);
  return v;
}

/** The routes of `/api/thanos`. @public */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, service } = options;
  const router = Router();
  router.use(express.json());

  const authorize = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: thanosMetricsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'not allowed to read metrics (thanos.metrics.read)',
      );
    }
    return credentials;
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entity/:kind/:namespace/:name/info', async (req, res) => {
    const credentials = await authorize(req);
    res.json(
      await service.info(
        entityRef(req.params),
        credentials,
        stringParam(req, 'querier'),
      ),
    );
  });

  router.get(
    '/entity/:kind/:namespace/:name/graphs/:graphId',
    async (req, res) => {
      const credentials = await authorize(req);
      const graphId = req.params.graphId;
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(graphId))
        throw new InputError('invalid graph id');
      const range = stringParam(req, 'range') ?? '24h';
      const rangeSeconds = TIME_RANGES[range] ?? parseDuration(range, NaN);
      if (
        !Number.isFinite(rangeSeconds) ||
        rangeSeconds < MIN_RANGE ||
        rangeSeconds > MAX_RANGE
      ) {
        throw new InputError(
          `range must be between 5m and 31d, got "${range}"`,
        );
      }
      res.json(
        await service.graph(entityRef(req.params), credentials, {
          graphId,
          rangeSeconds,
          instance: stringParam(req, 'instance'),
          querier: stringParam(req, 'querier'),
        }),
      );
    },
  );

  router.get('/entity/:kind/:namespace/:name/alerts', async (req, res) => {
    const credentials = await authorize(req);
    res.json(await service.alerts(entityRef(req.params), credentials));
  });

  return router;
}
