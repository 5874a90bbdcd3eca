import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { InputError } from '@backstage/errors';
import { entityRefFromPath } from '@pcscol/plugin-pegase-node';
import { TIME_RANGES } from '@pcscol/plugin-thanos-common';
import express from 'express';
import { spec } from './schema/openapi.generated';
import { parseDuration } from './services/promql';
import { EntityAccess } from './services/EntityAccess';
import { ThanosService } from './services/ThanosService';

/** Options of {@link createRouter}. @public */
export interface RouterOptions {
  /** `thanos.metrics.read` against the entity of the path, refusals audited. */
  access: EntityAccess;
  service: ThanosService;
}

const GRAPH_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MIN_RANGE = 300;
const MAX_RANGE = 31 * 86400;

function rangeSecondsOf(range: string): number {
  const seconds = TIME_RANGES[range] ?? parseDuration(range, NaN);
  if (!Number.isFinite(seconds) || seconds < MIN_RANGE || seconds > MAX_RANGE) {
    throw new InputError(`range must be between 5m and 31d, got "${range}"`);
  }
  return seconds;
}

/** The routes of `/api/pegase-thanos` (src/schema/openapi.yaml). @public */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { access, service } = options;
  const router = createValidatedOpenApiRouter(spec);
  /** The entity of the path and the caller's credentials, if allowed on it (a refusal is a 403, audited). */
  const mayReadMetrics = async (
    request: express.Request<{ namespace: string; kind: string; name: string }>,
  ) => {
    const entityRef = entityRefFromPath(request.params);
    const credentials = await access.authorizeRequest(request, entityRef);
    return { entityRef, credentials };
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entity/:namespace/:kind/:name/info', async (req, res) => {
    const { entityRef, credentials } = await mayReadMetrics(req);
    const info = await service.info(entityRef, credentials, req.query.querier);
    res.json(info as any);
  });

  router.get(
    '/entity/:namespace/:kind/:name/graphs/:graphId',
    async (req, res) => {
      const { entityRef, credentials } = await mayReadMetrics(req);
      const { graphId } = req.params;
      if (!GRAPH_ID.test(graphId)) {
        throw new InputError(`invalid graph id: ${JSON.stringify(graphId)}`);
      }
      const range = req.query.range ?? '24h';
      const graph = await service.graph(entityRef, credentials, {
        graphId,
        rangeSeconds: rangeSecondsOf(range),
        instance: req.query.instance,
        querier: req.query.querier,
      });
      res.json(graph as any);
    },
  );

  router.get('/entity/:namespace/:kind/:name/alerts', async (req, res) => {
    const { entityRef, credentials } = await mayReadMetrics(req);
    const alerts = await service.alerts(entityRef, credentials);
    res.json(alerts as any);
  });

  return router;
}
