/*
 * The ArgoCD stand-in's HTTP server (test and dev code only): the endpoints of
 * ArgoCD's OpenAPI the portal calls (applications list with `fields`, one
 * application (with `?refresh=`), its resource tree, sync, rollback,
 * sessions), their error shapes, and the faults tests switch on. One file
 * because it is one concept, the server's routing table; the fleet it serves
 * is built in fleet.ts.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import {
  directoryFileSource,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import { delay, listen, readBody, sendJson } from '../listen';
import { RunningStandIn, StandInOptions } from '../types';
import { buildApplications, Json, shaOf, StandInApplication } from './fleet';

/**
 * ArgoCD API server stand-in (v3 behaviour), answering the shapes of ArgoCD's
 * OpenAPI (`apis/argocd/swagger.json`) for the Applications the
 * `pegase-instances` ApplicationSet would generate from `gitopsDir`.
 *
 * - `POST /api/v1/session` (`{username,password}` -> `{token}`),
 *   `GET /api/v1/session/userinfo`, `GET /api/version`.
 * - `GET /api/v1/applications` with `selector`, `projects`/`project`, `name`,
 *   `repo`, `appNamespace` and `fields` (only whitelisted `items.*` paths are
 *   returned). As in v3, `status.resources[].health` is absent unless
 *   `faults.persistResourceHealth` (the `controller.resource.health.persist`
 *   setting).
 * - `GET /api/v1/applications/{name}` (`refresh=normal|hard` refreshes),
 *   `GET .../{name}/resource-tree`, `POST .../{name}/sync`,
 *   `POST .../{name}/rollback`.
 * - Errors as the real server: `401` without or with a wrong token, `403`
 *   `permission denied` for an unknown app (`404` when `project` is given),
 *   `faults` for 403/5xx/malformed/slow answers, `latencyMs` on every answer.
 */

/** Default API token (what the demo passes in `ARGOCD_TOKEN` when unset). @public */
export const DEFAULT_ARGOCD_TOKEN = 'stand-in-argocd-token';
/** Default local users for `POST /api/v1/session`. @public */
export const DEFAULT_ARGOCD_USERS: Record<string, string> = {
  admin: 'stand-in-admin-password',
};

/** Faults and scenario switches (read on every request: tests may change them). @public */
export interface ArgocdStandInFaults {
  /** 403 on every application endpoint. */
  forbidden?: boolean;
  /** 403 for these applications. */
  forbiddenApps?: string[];
  /** Answer this status (e.g. 503) with a proxy's text body on every API call. */
  serverError?: number;
  /** 500 `runtimeError` for these applications (single app, tree, actions). */
  serverErrorApps?: string[];
  /** 200 with a truncated JSON body on every API call. */
  malformed?: boolean;
  /** Truncated body for these applications. */
  malformedApps?: string[];
  /** Extra delay (ms) before every application endpoint answers. */
  slowMs?: number;
  /** Keep per-resource health in the list (`controller.resource.health.persist: true`). */
  persistResourceHealth?: boolean;
  /** Only serve the Applications of clusters managed by this ArgoCD name (`clusters/*.yaml` `argocd`). */
  argocdName?: string;
  /** ArgoCD name that serves the clusters without an `argocd` field (with `argocdName`). Default `admin`. */
  defaultArgocdName?: string;
  /** Local users for the session endpoint. Default {@link DEFAULT_ARGOCD_USERS}. */
  users?: Record<string, string>;
}

/** Counters of the upstream calls, for tests and benchmarks. @public */
export interface ArgocdStandInStats {
  requests: number;
  byRoute: Record<string, number>;
}

/** A running ArgoCD stand-in. @public */
export interface RunningArgocdStandIn extends RunningStandIn {
  token: string;
  stats(): ArgocdStandInStats;
  resetStats(): void;
  /** Names of the Applications it serves. */
  applicationNames(): string[];
}

/** Paths the list endpoint returns when named in `fields` (ArgoCD's whitelist). */
export const LIST_FIELDS_WHITELIST = [
  'metadata.name',
  'metadata.namespace',
  'metadata.labels',
  'metadata.annotations',
  'metadata.creationTimestamp',
  'spec.project',
  'spec.source',
  'spec.sources',
  'spec.destination',
  'spec.syncPolicy',
  'status.sync.status',
  'status.sync.revision',
  'status.sync.revisions',
  'status.health',
  'status.summary',
  'status.operationState.phase',
  'status.operationState.startedAt',
  'status.operationState.finishedAt',
  'status.resources',
];

function runtimeError(code: number, message: string) {
  return { error: message, code, message };
}

function copyPath(from: Json, to: Json, path: string[]) {
  let src: any = from;
  for (const p of path) {
    if (src === null || typeof src !== 'object' || !(p in src)) return;
    src = src[p];
  }
  let dst = to;
  for (let i = 0; i < path.length - 1; i++) dst = dst[path[i]] ??= {};
  dst[path[path.length - 1]] = src;
}

/** Keeps only the whitelisted `items.<path>` fields asked for. @public */
export function selectFields(app: Json, fields: string[]): Json {
  const out: Json = {};
  for (const f of fields) {
    const path = f.replace(/^items\./, '');
    if (!f.startsWith('items.')) continue;
    if (
      !LIST_FIELDS_WHITELIST.some(w => path === w || path.startsWith(`${w}.`))
    )
      continue;
    copyPath(app, out, path.split('.'));
  }
  return out;
}

function matchesSelector(
  labels: Record<string, string>,
  selector: string,
): boolean {
  return selector
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .every(term => {
      let m = term.match(/^([^!=\s]+)\s+(in|notin)\s+\(([^)]*)\)$/);
      if (m) {
        const values = m[3].split(',').map(v => v.trim());
        const has = values.includes(labels[m[1]]);
        return m[2] === 'in' ? has : !has;
      }
      m = term.match(/^([^!=]+)!=(.*)$/);
      if (m) return labels[m[1].trim()] !== m[2].trim();
      m = term.match(/^([^!=]+)==?(.*)$/);
      if (m) return labels[m[1].trim()] === m[2].trim();
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    });
}

function nowIso() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Starts the ArgoCD stand-in.
 * @public
 */
export async function startArgocdStandIn(
  options: StandInOptions,
): Promise<RunningArgocdStandIn> {
  const token = options.token || DEFAULT_ARGOCD_TOKEN;
  const faults = (options.faults ?? {}) as ArgocdStandInFaults;
  const sessions = new Set<string>();
  const stats: ArgocdStandInStats = { requests: 0, byRoute: {} };

  const snapshot = options.gitopsDir
    ? await readGitopsRepository(directoryFileSource(options.gitopsDir), {
        loadOpenApi: false,
      })
    : undefined;
  const all = snapshot ? buildApplications(snapshot) : [];
  const apps = new Map<string, StandInApplication>();
  for (const a of all) {
    if (
      faults.argocdName &&
      (a.argocd ?? faults.defaultArgocdName ?? 'admin') !== faults.argocdName
    )
      continue;
    apps.set(a.app.metadata.name, a);
  }
  let resourceVersion = 9000000;

  const visible = (a: StandInApplication): Json => {
    const app = a.app;
    if (faults.persistResourceHealth) {
      const { resourceHealthSource, ...status } = app.status;
      return { ...app, status };
    }
    return {
      ...app,
      status: {
        ...app.status,
        resources: app.status.resources.map(({ health, ...r }: Json) => r),
      },
    };
  };

  const count = (route: string) => {
    stats.requests++;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
  };

  const handler: http.RequestListener = async (req, res) => {
    try {
      await delay(options.latencyMs);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname.replace(/\/+$/, '');
      const method = req.method ?? 'GET';
      if (path === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      if (path === '/api/version') {
        sendJson(res, 200, { Version: 'v3.1.8+stand-in' });
        return;
      }
      if (path === '/api/v1/session' && method === 'POST') {
        count('session');
        let body: Json = {};
        try {
          body = JSON.parse((await readBody(req)) || '{}');
        } catch {
          sendJson(res, 400, runtimeError(3, 'invalid JSON body'));
          return;
        }
        const users = faults.users ?? DEFAULT_ARGOCD_USERS;
        if (
          typeof body.username === 'string' &&
          users[body.username] !== undefined &&
          users[body.username] === body.password
        ) {
          const t = `session-${randomBytes(12).toString('hex')}`;
          sessions.add(t);
          sendJson(res, 200, { token: t });
        } else {
          sendJson(res, 401, runtimeError(16, 'Invalid username or password'));
        }
        return;
      }

      // authentication: bearer header or the argocd.token cookie
      const auth = req.headers.authorization ?? '';
      const cookie = /(?:^|;\s*)argocd\.token=([^;]+)/.exec(
        req.headers.cookie ?? '',
      )?.[1];
      const presented = auth.startsWith('Bearer ') ? auth.slice(7) : cookie;
      if (!presented || (presented !== token && !sessions.has(presented))) {
        count('unauthenticated');
        sendJson(
          res,
          401,
          runtimeError(
            16,
            presented
              ? 'invalid session: token signature is invalid'
              : 'no session information',
          ),
        );
        return;
      }
      if (path === '/api/v1/session/userinfo') {
        sendJson(res, 200, {
          loggedIn: true,
          username: presented === token ? 'portal' : 'admin',
          iss: 'argocd',
        });
        return;
      }

      if (faults.serverError) {
        count('fault');
        res.writeHead(faults.serverError, { 'content-type': 'text/html' });
        res.end(
          `<html><body><h1>${faults.serverError} Service Unavailable</h1>upstream connect error</body></html>`,
        );
        return;
      }
      await delay(faults.slowMs);
      const truncated = (body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      };

      if (path === '/api/v1/applications' && method === 'GET') {
        count('list');
        if (faults.forbidden) {
          sendJson(res, 403, runtimeError(7, 'permission denied'));
          return;
        }
        const selector = url.searchParams.get('selector');
        const projects = [
          ...url.searchParams.getAll('projects'),
          ...url.searchParams.getAll('project'),
        ];
        const name = url.searchParams.get('name');
        const repo = url.searchParams.get('repo');
        const fieldsParam = url.searchParams.get('fields');
        const fields = fieldsParam
          ? fieldsParam
              .split(',')
              .map(f => f.trim())
              .filter(Boolean)
          : undefined;
        let list = [...apps.values()];
        if (name) list = list.filter(a => a.app.metadata.name === name);
        if (selector)
          list = list.filter(a =>
            matchesSelector(a.app.metadata.labels, selector),
          );
        if (projects.length)
          list = list.filter(a => projects.includes(a.app.spec.project));
        if (repo)
          list = list.filter(a =>
            a.app.spec.sources.some((s: Json) => s.repoURL === repo),
          );
        const items = list.map(a =>
          fields ? selectFields(visible(a), fields) : visible(a),
        );
        const body = {
          metadata: { resourceVersion: String(resourceVersion) },
          items,
        };
        if (faults.malformed) truncated(body);
        else sendJson(res, 200, body);
        return;
      }

      const m = path.match(
        /^\/api\/v1\/applications\/([^/]+)(?:\/(resource-tree|sync|rollback))?$/,
      );
      if (!m) {
        count('unknown');
        sendJson(res, 404, runtimeError(5, `Not Found: ${path}`));
        return;
      }
      const appName = decodeURIComponent(m[1]);
      const sub = m[2] ?? 'get';
      count(sub);
      const entry = apps.get(appName);
      const projectParams = [
        ...url.searchParams.getAll('project'),
        ...url.searchParams.getAll('projects'),
      ];
      if (faults.forbidden || faults.forbiddenApps?.includes(appName)) {
        sendJson(res, 403, runtimeError(7, 'permission denied'));
        return;
      }
      if (
        !entry ||
        (projectParams.length &&
          !projectParams.includes(entry.app.spec.project))
      ) {
        if (projectParams.length)
          sendJson(
            res,
            404,
            runtimeError(5, `applications.argoproj.io "${appName}" not found`),
          );
        else sendJson(res, 403, runtimeError(7, 'permission denied'));
        return;
      }
      if (faults.serverErrorApps?.includes(appName)) {
        sendJson(
          res,
          500,
          runtimeError(
            13,
            `error getting cached app state: rpc error: code = Unavailable desc = connection to repo-server refused`,
          ),
        );
        return;
      }
      const app = entry.app;
      const send = (body: unknown) => {
        if (faults.malformed || faults.malformedApps?.includes(appName))
          truncated(body);
        else sendJson(res, 200, body);
      };

      if (sub === 'get' && method === 'GET') {
        const refresh = url.searchParams.get('refresh');
        if (refresh === 'normal' || refresh === 'hard') {
          app.status.reconciledAt = nowIso();
          app.metadata.resourceVersion = String(++resourceVersion);
        }
        send(visible(entry));
        return;
      }
      if (sub === 'resource-tree' && method === 'GET') {
        send({ nodes: entry.nodes, hosts: [], orphanedNodes: [] });
        return;
      }
      if ((sub === 'sync' || sub === 'rollback') && method === 'POST') {
        let body: Json = {};
        try {
          body = JSON.parse((await readBody(req)) || '{}');
        } catch {
          sendJson(res, 400, runtimeError(3, 'invalid JSON body'));
          return;
        }
        const history: Json[] = app.status.history;
        const nextId = (history[history.length - 1]?.id ?? 0) + 1;
        const user = { username: presented === token ? 'portal' : 'admin' };
        const started = nowIso();
        let sources = app.spec.sources;
        let revisions: string[];
        if (sub === 'rollback') {
          if (app.spec.syncPolicy?.automated) {
            sendJson(
              res,
              400,
              runtimeError(
                9,
                'rollback cannot be initiated when auto-sync is enabled',
              ),
            );
            return;
          }
          const id = Number(body.id);
          const target = history.find(h => h.id === id);
          if (!target) {
            sendJson(
              res,
              400,
              runtimeError(
                3,
                `application ${appName} does not have deployment with id ${body.id}`,
              ),
            );
            return;
          }
          sources = target.sources;
          revisions = target.revisions;
          app.status.sync.status = 'OutOfSync';
        } else {
          revisions =
            Array.isArray(body.revisions) && body.revisions.length
              ? body.revisions
              : [
                  app.spec.sources[0].targetRevision,
                  shaOf(`${appName}:sync:${nextId}`),
                ];
          if (!body.dryRun) {
            app.status.sync.status = 'Synced';
            app.status.sync.revisions = revisions;
          }
        }
        if (!body.dryRun) {
          const finished = nowIso();
          history.push({
            id: nextId,
            revisions,
            sources,
            deployStartedAt: started,
            deployedAt: finished,
            initiatedBy: user,
          });
          if (history.length > (app.spec.revisionHistoryLimit ?? 10))
            history.shift();
          app.status.operationState = {
            operation: {
              sync: { revisions, ...(body.prune ? { prune: true } : {}) },
              initiatedBy: user,
              retry: {},
            },
            phase: 'Succeeded',
            message: 'successfully synced (all tasks run)',
            startedAt: started,
            finishedAt: finished,
            syncResult: { revisions, sources, resources: [] },
          };
          app.metadata.resourceVersion = String(++resourceVersion);
        }
        send(visible(entry));
        return;
      }
      sendJson(
        res,
        405,
        runtimeError(12, `method ${method} not allowed on ${path}`),
      );
    } catch (error) {
      sendJson(
        res,
        500,
        runtimeError(13, String((error as Error).message ?? error)),
      );
    }
  };

  const server = await listen(handler, options.port);
  return {
    ...server,
    token,
    stats: () => ({ requests: stats.requests, byRoute: { ...stats.byRoute } }),
    resetStats: () => {
      stats.requests = 0;
      stats.byRoute = {};
    },
    applicationNames: () => [...apps.keys()],
  };
}
