/*
 * The ArgoCD stand-in's HTTP server (test and dev code only): the endpoints of
 * ArgoCD's API the portal calls (applications list with `fields`, one
 * application, its resource tree, sync, rollback, sessions, version), their
 * error shapes, and the faults tests switch on. It behaves as one ArgoCD
 * version, its profile (profiles.ts); the fleet it serves is built in
 * fleet.ts, the list filter is listFields.ts, operations run in operations.ts.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { delay, listen, readBody, sendJson } from '../listen';
import { RunningStandIn, StandInOptions } from '../types';
import {
  ARGOCD_NAMESPACE,
  buildApplications,
  Json,
  StandInApplication,
} from './fleet';
import { buildAddonApplications } from './addons';
import { filterListItem, ListFieldsError, parseListFields } from './listFields';
import {
  ArgocdApiError,
  OperationEngine,
  OperationRequest,
} from './operations';
import { argocdProfile, ArgocdProfile, ArgocdProfileName } from './profiles';
import {
  DEGRADED_VERSIONS_ENV,
  PROGRESS_ENV,
  readRepository,
  RECONCILIATION_ENV,
  RepositoryFollower,
} from './follow';

/**
 * ArgoCD API server stand-in, answering as ArgoCD's API server does at the
 * profile's tag for the Applications the Pégase ApplicationSets would
 * generate from `gitopsDir`.
 *
 * - `POST /api/v1/session` (`{username,password}` -> `{token}`),
 *   `GET /api/v1/session/userinfo`, `GET /api/version` (the profile's version).
 * - `GET /api/v1/applications` with `selector`, `projects`/`project`, `name`,
 *   `repo`, `appNamespace` and `fields` (the profile's keys, exact match).
 * - `GET /api/v1/applications/{name}` (`appNamespace`, `project`,
 *   `refresh=normal|hard`), `GET .../{name}/resource-tree`,
 *   `POST .../{name}/sync`, `POST .../{name}/rollback` (asynchronous; their
 *   `appNamespace` and `project` in the JSON body, as grpc-gateway reads a
 *   `body: "*"` request).
 * - Errors as the real server: `{error, code, message}` bodies; `401`
 *   without or with a wrong token, `403` `permission denied` for an unknown
 *   app or one outside the control-plane namespace asked without its
 *   `appNamespace` (`404` when `project` is given), `415` on a POST whose
 *   Content-Type is not `application/json`; `faults` for 403/5xx/malformed/
 *   slow answers, `latencyMs` on every answer.
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
  /**
   * `controller.resource.health.persist`: per-resource health stored in the
   * Application (and so in the list). Default: the profile's (true in 2.x,
   * false from 3.0).
   */
  persistResourceHealth?: boolean;
  /** Time (ms) from a sync/rollback request to its end. Default: the start option `operationMs`. */
  operationMs?: number;
  /** Applications whose next operations end Failed. */
  failOperationApps?: string[];
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

/** Options of the ArgoCD stand-in. @public */
export interface ArgocdStandInOptions extends StandInOptions {
  /** Version profile; default `PEGASE_ARGOCD_PROFILE`, else `v2.14`. */
  profile?: ArgocdProfileName;
  /**
   * Time (ms) a sync or rollback takes, Running from a third of it.
   * Default `PEGASE_ARGOCD_OPERATION_MS`, else 1500.
   */
  operationMs?: number;
  /**
   * A git directory to read the repository from (its `gitBranch`, default
   * `main`) instead of `gitopsDir`: the git server's repository, which the
   * forge stand-ins' merges move.
   */
  gitDir?: string;
  gitBranch?: string;
  /**
   * Interval (ms) between two reads of the repository (the stand-in's
   * `timeout.reconciliation`); 0 never re-reads. Default
   * `PEGASE_ARGOCD_RECONCILIATION_MS`, else 0. A GET with `refresh` always
   * re-reads it.
   */
  reconciliationMs?: number;
  /** Chart versions that end Degraded after their sync. Default `PEGASE_STANDIN_DEGRADED_VERSIONS`. */
  degradedVersions?: string[];
  /** Time (ms) an app stays Progressing after a sync. Default `PEGASE_ARGOCD_PROGRESS_MS`, else 2000. */
  progressMs?: number;
}

/** A running ArgoCD stand-in. @public */
export interface RunningArgocdStandIn extends RunningStandIn {
  token: string;
  /** The version profile it answers as. */
  profile: ArgocdProfile;
  stats(): ArgocdStandInStats;
  resetStats(): void;
  /** Names of the Applications it serves (a name may appear in several namespaces). */
  applicationNames(): string[];
  /** The Applications it serves, as `{ namespace, name }`. */
  applications(): Array<{ namespace: string; name: string }>;
  /** Re-reads the repository now (what a refresh does); resolves when done. */
  reconcile(): Promise<void>;
  /** Instance name -> the chart version its Application runs (the exporter's input). */
  liveVersions(): Record<string, string>;
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

function runtimeError(code: number, message: string) {
  return { error: message, code, message };
}

function nowIso() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** The JSON body of a sync/rollback, decoded as Go decodes it into the request message. */
function decodeOperationBody(
  text: string,
  kind: string,
): OperationRequest & Json {
  let body: any;
  try {
    body = text.trim() ? JSON.parse(text) : {};
  } catch (error) {
    throw new ArgocdApiError(
      400,
      3,
      `invalid character in JSON body: ${(error as Error).message}`,
    );
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new ArgocdApiError(
      400,
      3,
      `json: cannot unmarshal ${
        Array.isArray(body) ? 'array' : typeof body
      } into Go value of type application.Application${
        kind === 'sync' ? 'Sync' : 'Rollback'
      }Request`,
    );
  const typed: Array<[string, (v: unknown) => boolean, string]> = [
    ['id', v => Number.isInteger(v), 'int64'],
    ['revision', v => typeof v === 'string', 'string'],
    ['appNamespace', v => typeof v === 'string', 'string'],
    ['project', v => typeof v === 'string', 'string'],
    ['prune', v => typeof v === 'boolean', 'bool'],
    ['dryRun', v => typeof v === 'boolean', 'bool'],
    [
      'revisions',
      v => Array.isArray(v) && v.every(x => typeof x === 'string'),
      '[]string',
    ],
    [
      'sourcePositions',
      v => Array.isArray(v) && v.every(x => Number.isInteger(x)),
      '[]int64',
    ],
  ];
  for (const [key, ok, type] of typed)
    if (body[key] !== undefined && body[key] !== null && !ok(body[key]))
      throw new ArgocdApiError(
        400,
        3,
        `json: cannot unmarshal ${typeof body[
          key
        ]} into Go struct field Application${
          kind === 'sync' ? 'Sync' : 'Rollback'
        }Request.${key} of type ${type}`,
      );
  return body;
}

/**
 * Starts the ArgoCD stand-in.
 * @public
 */
export async function startArgocdStandIn(
  options: ArgocdStandInOptions,
): Promise<RunningArgocdStandIn> {
  const profile = argocdProfile(options.profile);
  const token = options.token || DEFAULT_ARGOCD_TOKEN;
  const faults = (options.faults ?? {}) as ArgocdStandInFaults;
  const defaultOperationMs =
    options.operationMs ??
    (process.env.PEGASE_ARGOCD_OPERATION_MS
      ? Number(process.env.PEGASE_ARGOCD_OPERATION_MS)
      : 1500);
  const sessions = new Set<string>();
  const stats: ArgocdStandInStats = { requests: 0, byRoute: {} };

  const repositoryRef = {
    gitDir: options.gitDir,
    branch: options.gitBranch,
    gitopsDir: options.gitopsDir,
  };
  const snapshot =
    options.gitDir || options.gitopsDir
      ? (await readRepository(repositoryRef)).snapshot
      : undefined;
  const all = snapshot
    ? [...buildApplications(snapshot), ...buildAddonApplications(snapshot)]
    : [];
  // by `namespace/name`: applications in any namespace may share a name
  const apps = new Map<string, StandInApplication>();
  for (const a of all) {
    if (
      faults.argocdName &&
      (a.argocd ?? faults.defaultArgocdName ?? 'admin') !== faults.argocdName
    )
      continue;
    apps.set(`${a.app.metadata.namespace}/${a.app.metadata.name}`, a);
  }
  let resourceVersion = 9000000;
  const chartVersions = [
    ...new Set([
      ...(snapshot?.releases.map(r => r.version) ?? []),
      ...(snapshot?.instances.map(i => i.chartVersion) ?? []),
    ]),
  ];
  // set below: the engine and the follower call each other
  let follower: RepositoryFollower | undefined = undefined;
  const engine: OperationEngine = new OperationEngine({
    profile,
    operationMs: () => faults.operationMs ?? defaultOperationMs,
    failing: name => faults.failOperationApps?.includes(name) ?? false,
    chartVersions,
    touched: app => {
      app.metadata.resourceVersion = String(++resourceVersion);
    },
    synced: (entry, operation) => follower?.synced(entry, operation),
    gitRevision: () => follower?.revision,
  });
  const envNumber = (name: string) =>
    process.env[name] ? Number(process.env[name]) : undefined;
  const degradedVersions =
    options.degradedVersions ??
    (process.env[DEGRADED_VERSIONS_ENV] ?? '')
      .split(',')
      .map(v => v.trim())
      .filter(Boolean);
  follower = snapshot
    ? new RepositoryFollower(
        {
          profile,
          engine,
          apps,
          chartVersions,
          touched: app => {
            app.metadata.resourceVersion = String(++resourceVersion);
          },
          progressMs: () =>
            options.progressMs ?? envNumber(PROGRESS_ENV) ?? 2000,
          degradedVersions: () => degradedVersions,
        },
        repositoryRef,
        snapshot,
      )
    : undefined;
  follower?.start(
    options.reconciliationMs ?? envNumber(RECONCILIATION_ENV) ?? 0,
  );
  const persist = () =>
    faults.persistResourceHealth ?? profile.persistResourceHealth;

  /** The tree as the API serves it (ApplicationTree: empty lists omitted). */
  const treeOf = (entry: StandInApplication): Json => {
    const nodes = entry.nodes.map(n =>
      // controller/appcontroller.go getResourceTree: a Missing node (no uid)
      // carries health Missing from v3.2 only
      !n.uid && profile.missingNodeHealth
        ? { ...n, health: { status: 'Missing' } }
        : n,
    );
    return nodes.length ? { nodes } : {};
  };

  /**
   * The Application as stored (list) or as the GET serves it. Without
   * persisted health the CR has no `resources[].health` and says
   * `resourceHealthSource: appTree`; the GET then fills the health from the
   * tree (server/application/application.go inferResourcesStatusHealth
   * @ v3.5.1: Missing "Resource has not been created" for a node without
   * uid, resourceVersion and createdAt).
   */
  const visible = (entry: StandInApplication, forGet: boolean): Json => {
    const app = clone(entry.app);
    if (persist()) return app;
    app.status.resourceHealthSource = 'appTree';
    const tree = treeOf(entry).nodes ?? [];
    const key = (r: Json) =>
      `${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
    const byKey = new Map<string, Json>();
    for (const n of tree) {
      if (n.health) byKey.set(key(n), n.health);
      else if (!n.resourceVersion && !n.uid && !n.createdAt)
        byKey.set(key(n), {
          status: 'Missing',
          message: 'Resource has not been created',
        });
    }
    app.status.resources = (app.status.resources ?? []).map(
      ({ health, ...r }: Json) => {
        const inferred = forGet ? byKey.get(key(r)) : undefined;
        return inferred ? { ...r, health: inferred } : r;
      },
    );
    return app;
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
      // util/webhook/webhook.go Handler @ v2.14.21 / v3.5.1, registered
      // beside the gateway (no token, any content type): a forge's push
      // event is queued and answered 200 at once, the apps of that
      // repository refreshed; an unknown forge 400, another event 400
      if (path === '/api/webhook' && method === 'POST') {
        count('webhook');
        await readBody(req);
        const gitlab = req.headers['x-gitlab-event'];
        const github = req.headers['x-github-event'];
        const text = (status: number, message: string) => {
          res.writeHead(status, {
            'content-type': 'text/plain; charset=utf-8',
            'x-content-type-options': 'nosniff',
          });
          res.end(message ? `${message}\n` : '');
        };
        if (!gitlab && !github) {
          text(400, 'Unknown webhook event');
          return;
        }
        const known = gitlab
          ? ['Push Hook', 'Tag Push Hook', 'System Hook'].includes(
              String(gitlab),
            )
          : ['push', 'ping'].includes(String(github));
        if (!known) {
          text(
            400,
            'Webhook processing failed: event not defined to be parsed',
          );
          return;
        }
        follower?.reconcile().catch(() => {});
        text(200, '');
        return;
      }
      // server/server.go enforceContentTypes @ v2.14.21 / v3.5.1: every
      // non-GET API call needs exactly `application/json` (the default of
      // --api-content-types), else 415 with net/http's text error
      if (
        path.startsWith('/api/') &&
        method !== 'GET' &&
        (req.headers['content-type'] ?? '').toLowerCase() !== 'application/json'
      ) {
        count('unsupportedMediaType');
        res.writeHead(415, {
          'content-type': 'text/plain; charset=utf-8',
          'x-content-type-options': 'nosniff',
        });
        res.end('Invalid content type\n');
        return;
      }
      if (path === '/api/version') {
        sendJson(res, 200, { Version: profile.version });
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
        // server/server.go ErrNoSession, getClaims "invalid session: %v"
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
        const appNamespace = url.searchParams.get('appNamespace');
        const fields = parseListFields(url.searchParams.get('fields'));
        let list = [...apps.values()];
        if (appNamespace)
          list = list.filter(a => a.app.metadata.namespace === appNamespace);
        if (name) list = list.filter(a => a.app.metadata.name === name);
        if (selector)
          list = list.filter(a =>
            matchesSelector(a.app.metadata.labels ?? {}, selector),
          );
        if (projects.length)
          list = list.filter(a => projects.includes(a.app.spec.project));
        if (repo)
          list = list.filter(a =>
            [a.app.spec.source, ...(a.app.spec.sources ?? [])].some(
              (s: Json | undefined) => s?.repoURL === repo,
            ),
          );
        // server/application/application.go List: sorted by name
        list.sort(
          (a, b) =>
            a.app.metadata.name.localeCompare(b.app.metadata.name) ||
            a.app.metadata.namespace.localeCompare(b.app.metadata.namespace),
        );
        let items: Json[];
        try {
          items = list.map(a =>
            fields
              ? filterListItem(visible(a, false), fields, profile)
              : visible(a, false),
          );
        } catch (error) {
          if (!(error instanceof ListFieldsError)) throw error;
          // grpc-gateway v1 cannot marshal the error through the same
          // field marshaler either: its fallback body
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"error": "failed to marshal error message"}');
          return;
        }
        const body = {
          metadata: { resourceVersion: String(resourceVersion) },
          // an empty repeated field comes back nil through the gateway: null
          items: items.length ? items : null,
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
      const isPost = sub === 'sync' || sub === 'rollback';
      if (isPost !== (method === 'POST') || (!isPost && method !== 'GET')) {
        sendJson(
          res,
          405,
          runtimeError(12, `method ${method} not allowed on ${path}`),
        );
        return;
      }
      // GET: appNamespace/project from the query; POST (body "*"): from the body only
      let body: (OperationRequest & Json) | undefined;
      if (isPost) body = decodeOperationBody(await readBody(req), sub);
      const appNamespace =
        (isPost ? body?.appNamespace : url.searchParams.get('appNamespace')) ||
        ARGOCD_NAMESPACE;
      const project = isPost
        ? body?.project || ''
        : url.searchParams.get('project') ||
          url.searchParams.get('projects') ||
          '';
      const entry = apps.get(`${appNamespace}/${appName}`);
      if (faults.forbidden || faults.forbiddenApps?.includes(appName)) {
        sendJson(res, 403, runtimeError(7, 'permission denied'));
        return;
      }
      // server/application/application.go getAppEnforceRBAC @ v2.14.21: the
      // name is looked up in appNamespace (default: the control-plane
      // namespace); absent: 403, or 404 when a project was given
      if (!entry || (project && entry.app.spec.project !== project)) {
        if (project)
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
      const send = (answer: unknown) => {
        if (faults.malformed || faults.malformedApps?.includes(appName))
          truncated(answer);
        else sendJson(res, 200, answer);
      };

      if (sub === 'get') {
        const refresh = url.searchParams.get('refresh');
        if (refresh === 'normal' || refresh === 'hard') {
          // a refresh compares with the repository again, and the API
          // server answers once it is done (application.go Get waitForRefresh)
          await follower?.reconcile().catch(() => {});
          app.status.reconciledAt = nowIso();
          app.metadata.resourceVersion = String(++resourceVersion);
        }
        send(visible(entry, true));
        return;
      }
      if (sub === 'resource-tree') {
        send(treeOf(entry));
        return;
      }
      const user = { username: presented === token ? 'portal' : 'admin' };
      engine.start(entry, sub as 'sync' | 'rollback', body ?? {}, user);
      send(visible(entry, true));
    } catch (error) {
      if (error instanceof ArgocdApiError) {
        sendJson(res, error.status, runtimeError(error.code, error.message));
        return;
      }
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
    stop: async () => {
      follower?.stop();
      engine.stop();
      await server.stop();
    },
    token,
    profile,
    stats: () => ({ requests: stats.requests, byRoute: { ...stats.byRoute } }),
    resetStats: () => {
      stats.requests = 0;
      stats.byRoute = {};
    },
    applicationNames: () => [...apps.values()].map(a => a.app.metadata.name),
    applications: () =>
      [...apps.values()].map(a => ({
        namespace: a.app.metadata.namespace,
        name: a.app.metadata.name,
      })),
    reconcile: async () => {
      await follower?.reconcile();
    },
    liveVersions: () => follower?.liveVersions() ?? {},
  };
}
