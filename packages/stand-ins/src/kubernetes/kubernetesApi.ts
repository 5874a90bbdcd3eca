import { createHash } from 'node:crypto';
import http from 'node:http';
import {
  directoryFileSource,
  GitopsFileSource,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import { delay, listen, sendJson } from '../listen';
import { RunningStandIn, StandInOptions } from '../types';

/**
 * Kubernetes API stand-in of the admin cluster: the ArgoCD cluster Secrets.
 *
 * Answers the documented shapes of the Kubernetes API (core/v1):
 * - `GET /api/v1/namespaces/{ns}/secrets?labelSelector=&limit=&continue=`: a
 *   `SecretList` (`apiVersion: v1`, `kind: SecretList`,
 *   `metadata.resourceVersion`, `metadata.continue` while more pages remain,
 *   `metadata.remainingItemCount`), items with `data` (base64 of `name`,
 *   `server`, `config`, as the API server returns what was written as
 *   `stringData`) and the label `argocd.argoproj.io/secret-type: cluster`.
 * - `GET /api/v1/namespaces/{ns}/secrets/{name}`, `GET /version`, `GET /healthz`.
 * - `401` `Status` without a bearer token or with a wrong one; `403` `Status`
 *   with `faults.forbidden`; `410 Expired` for a `continue` token of an older
 *   `resourceVersion`; `latencyMs` added to each answer.
 *
 * Clusters come from `clusters/*.yaml` of `gitopsDir` (read with pegase-node),
 * minus one (by default the last by name: `faults.missingFromArgocd` to choose,
 * `[]` for none), plus one ArgoCD-only cluster (`faults.argocdOnly`, default
 * `legacy-sxb-0`; `[]` for none), so that the catalog shows both warnings.
 */

/** Default bearer token when none is given. @public */
export const DEFAULT_KUBE_TOKEN = 'stand-in-kube-token';

/** Faults and scenario switches of this stand-in. @public */
export interface KubernetesStandInFaults {
  /** Answer 403 Forbidden to every Secret list. */
  forbidden?: boolean;
  /** Git clusters left out of ArgoCD. Default: the last by name. */
  missingFromArgocd?: string[];
  /** Extra clusters ArgoCD has but Git does not. Default `['legacy-sxb-0']`. */
  argocdOnly?: string[];
  /** Namespace of ArgoCD. Default `argocd`. */
  namespace?: string;
  /**
   * Git cluster -> the name ArgoCD gives it: `argocd cluster add` names a
   * cluster after the kube context, e.g. an EKS context's ARN
   * (`arn:aws:eks:eu-west-3:123456789012:cluster/sxb-prod-1`).
   */
  argocdNames?: Record<string, string>;
  /** Git clusters whose Secret has no `name` key (ArgoCD accepts it). */
  withoutName?: string[];
  /** Write every `server` with a trailing `/` (ArgoCD trims it when comparing). */
  serverTrailingSlash?: boolean;
  /**
   * Answer `410 Expired` to the next N list requests that carry a `continue`
   * token, as the API server does once etcd compacted the token's
   * resourceVersion (apiserver storage/etcd3 `ErrResourceExpired` on a
   * continue token; Kubernetes API concepts, "Retrieving large results sets
   * in chunks"): the client must start the list again without it.
   */
  expireContinues?: number;
}

const FAKE_CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIBstand-in-public-ca-not-a-real-certificate\n-----END CERTIFICATE-----\n',
).toString('base64');

function b64(s: string) {
  return Buffer.from(s, 'utf8').toString('base64');
}

function status(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

interface ClusterSecret {
  apiVersion: 'v1';
  kind: 'Secret';
  type: 'Opaque';
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  data: Record<string, string>;
}

function onlyClusters(source: GitopsFileSource): GitopsFileSource {
  return {
    list: async () =>
      (await source.list()).filter(f => f.startsWith('clusters/')),
    read: p => source.read(p),
    describe: p => source.describe(p),
  };
}

/** Reads the clusters of a GitOps folder (only `clusters/`). @public */
export async function readGitClusters(gitopsDir: string) {
  const snapshot = await readGitopsRepository(
    onlyClusters(directoryFileSource(gitopsDir)),
  );
  return snapshot.clusters;
}

function matchesSelector(
  labels: Record<string, string>,
  selector: string | null,
) {
  if (!selector) return true;
  return selector
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .every(term => {
      let m = term.match(/^([^!=]+)!=(.*)$/);
      if (m) return labels[m[1].trim()] !== m[2].trim();
      m = term.match(/^([^!=]+)==?(.*)$/);
      if (m) return labels[m[1].trim()] === m[2].trim();
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    });
}

/** Builds the cluster Secrets ArgoCD would hold for a GitOps folder. @public */
export async function buildClusterSecrets(
  gitopsDir: string | undefined,
  faults: KubernetesStandInFaults,
  resourceVersion: string,
): Promise<ClusterSecret[]> {
  const namespace = faults.namespace ?? 'argocd';
  const clusters = gitopsDir ? await readGitClusters(gitopsDir) : [];
  const names = clusters.map(c => c.name).sort();
  const missing = new Set(
    faults.missingFromArgocd ?? (names.length ? [names[names.length - 1]] : []),
  );
  const defs = clusters
    .filter(c => !missing.has(c.name))
    .map(c => ({
      name: faults.argocdNames?.[c.name] ?? c.name,
      secretName: c.name,
      withoutName: faults.withoutName?.includes(c.name) ?? false,
      server: c.apiServer ?? `https://${c.name}.k8s.pc-scol.invalid:6443`,
      labels: {
        ...Object.fromEntries(
          Object.entries(c.labels ?? {}).filter(
            ([, v]) => typeof v === 'string',
          ),
        ),
        ...(c.region ? { 'pc-scol.fr/region': c.region } : {}),
        ...(c.usage ? { 'pc-scol.fr/usage': c.usage } : {}),
      } as Record<string, string>,
    }));
  for (const extra of faults.argocdOnly ?? ['legacy-sxb-0']) {
    defs.push({
      name: faults.argocdNames?.[extra] ?? extra,
      secretName: extra,
      withoutName: false,
      server: `https://${extra}.k8s.pc-scol.invalid:6443`,
      labels: {
        'pc-scol.fr/region': 'eu-sxb-1',
        'pc-scol.fr/usage': 'production',
      },
    });
  }
  return defs
    .sort((a, b) => a.secretName.localeCompare(b.secretName))
    .map((d, i) => ({
      apiVersion: 'v1' as const,
      kind: 'Secret' as const,
      type: 'Opaque' as const,
      metadata: {
        name: `cluster-${d.secretName}`,
        namespace,
        uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        resourceVersion,
        creationTimestamp: '2024-09-01T08:00:00Z',
        labels: { 'argocd.argoproj.io/secret-type': 'cluster', ...d.labels },
        annotations: { 'managed-by': 'argocd.argoproj.io' },
      },
      data: {
        ...(d.withoutName ? {} : { name: b64(d.name) }),
        server: b64(
          faults.serverTrailingSlash
            ? `${d.server.replace(/\/+$/, '')}/`
            : d.server,
        ),
        config: b64(
          JSON.stringify({
            bearerToken: `stand-in-${d.name}-sa-token`,
            tlsClientConfig: { insecure: false, caData: FAKE_CA },
          }),
        ),
      },
    }));
}

/**
 * Starts the Kubernetes API stand-in.
 * @public
 */
export async function startKubernetesApi(
  options: StandInOptions,
): Promise<RunningStandIn & { token: string }> {
  const token = options.token ?? DEFAULT_KUBE_TOKEN;
  const faults = (options.faults ?? {}) as KubernetesStandInFaults;
  let expireContinues = faults.expireContinues ?? 0;

  const handler: http.RequestListener = async (req, res) => {
    try {
      await delay(options.latencyMs);
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/healthz' || url.pathname === '/readyz') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${token}`) {
        sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
        return;
      }
      if (url.pathname === '/version') {
        sendJson(res, 200, {
          major: '1',
          minor: '31',
          gitVersion: 'v1.31.4-stand-in',
          platform: 'linux/amd64',
        });
        return;
      }
      const m = url.pathname.match(
        /^\/api\/v1\/namespaces\/([^/]+)\/secrets(?:\/([^/]+))?$/,
      );
      if (!m || req.method !== 'GET') {
        sendJson(
          res,
          404,
          status(
            404,
            'NotFound',
            `the server could not find the requested resource`,
          ),
        );
        return;
      }
      const [, namespace, name] = m;
      if (faults.forbidden) {
        sendJson(
          res,
          403,
          status(
            403,
            'Forbidden',
            `secrets is forbidden: User "system:serviceaccount:backstage:backstage" cannot list resource "secrets" in API group "" in the namespace "${namespace}"`,
          ),
        );
        return;
      }
      const all =
        namespace === (faults.namespace ?? 'argocd')
          ? await buildClusterSecrets(options.gitopsDir, faults, '0')
          : [];
      // The resourceVersion changes only when the content does, so that a
      // continue token stays valid while the Secrets are unchanged.
      const rv = String(
        parseInt(
          createHash('sha1')
            .update(JSON.stringify(all))
            .digest('hex')
            .slice(0, 8),
          16,
        ),
      );
      for (const s of all) s.metadata.resourceVersion = rv;
      const cont = url.searchParams.get('continue');
      let offset = 0;
      if (cont) {
        let tokenRv: string;
        try {
          const parsed = JSON.parse(Buffer.from(cont, 'base64').toString());
          offset = Number(parsed.offset) || 0;
          tokenRv = String(parsed.rv);
        } catch {
          sendJson(
            res,
            400,
            status(400, 'BadRequest', 'invalid continue token'),
          );
          return;
        }
        if (tokenRv !== rv || expireContinues > 0) {
          if (tokenRv === rv) expireContinues -= 1;
          sendJson(
            res,
            410,
            status(
              410,
              'Expired',
              'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
            ),
          );
          return;
        }
      }
      if (name) {
        const secret = all.find(s => s.metadata.name === name);
        if (!secret) {
          sendJson(
            res,
            404,
            status(404, 'NotFound', `secrets "${name}" not found`),
          );
        } else sendJson(res, 200, secret);
        return;
      }
      const selected = all.filter(s =>
        matchesSelector(
          s.metadata.labels,
          url.searchParams.get('labelSelector'),
        ),
      );
      const limit = Number(url.searchParams.get('limit')) || 0;
      const end =
        limit > 0 ? Math.min(offset + limit, selected.length) : selected.length;
      const items = selected.slice(offset, end);
      const more = end < selected.length;
      sendJson(res, 200, {
        apiVersion: 'v1',
        kind: 'SecretList',
        metadata: {
          resourceVersion: rv,
          ...(more
            ? {
                continue: Buffer.from(
                  JSON.stringify({ rv, offset: end }),
                ).toString('base64'),
                remainingItemCount: selected.length - end,
              }
            : {}),
        },
        items,
      });
    } catch (e) {
      sendJson(res, 500, status(500, 'InternalError', String(e)));
    }
  };
  const server = await listen(handler, options.port);
  return { ...server, token };
}
