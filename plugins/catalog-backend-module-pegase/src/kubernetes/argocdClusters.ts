import type { PegaseKubernetesConfig } from '../config';
import type { ArgocdCluster } from '../transform/clusters';

/** The label ArgoCD puts on cluster Secrets. @public */
export const ARGOCD_CLUSTER_SELECTOR = 'argocd.argoproj.io/secret-type=cluster';

/** Error listing the ArgoCD cluster Secrets (carries the HTTP status). @public */
export class ArgocdClustersError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ArgocdClustersError';
  }
}

function decode(value: string | undefined): string | undefined {
  return value === undefined
    ? undefined
    : Buffer.from(value, 'base64').toString('utf8');
}

function toBase64Pem(caData: string): string {
  return caData.includes('-----BEGIN')
    ? Buffer.from(caData, 'utf8').toString('base64')
    : caData;
}

/**
 * Turns one cluster Secret into what the catalog may know of it. Only `name`,
 * `server`, the public CA and the `insecure` flag are read from `config`:
 * tokens, passwords, client certificates and keys are never copied. ArgoCD
 * identifies a cluster by its `server` with trailing `/` trimmed
 * (argo-cd util/db/cluster.go `SecretToCluster`); `name` may be missing (then
 * empty: reported by the transform, matched by server). Undefined only
 * without `server`, which ArgoCD cannot use either.
 * @public
 */
export function secretToCluster(
  secret: {
    metadata?: { name?: string; labels?: Record<string, string> };
    data?: Record<string, string>;
    stringData?: Record<string, string>;
  },
  baseUrl: string,
  namespace: string,
): ArgocdCluster | undefined {
  const data = secret.data ?? {};
  const name = decode(data.name) ?? secret.stringData?.name ?? '';
  const server = (decode(data.server) ?? secret.stringData?.server)?.replace(
    /\/+$/,
    '',
  );
  if (!server) return undefined;
  let caData: string | undefined;
  let insecure: boolean | undefined;
  const configText = decode(data.config) ?? secret.stringData?.config;
  if (configText) {
    try {
      const cfg = JSON.parse(configText);
      const tls = cfg?.tlsClientConfig ?? {};
      caData = typeof tls.caData === 'string' ? tls.caData : undefined;
      insecure = tls.insecure === true;
    } catch {
      // A config that is not JSON gives no CA; the rest is still known.
    }
  }
  const labels = { ...(secret.metadata?.labels ?? {}) };
  delete labels['argocd.argoproj.io/secret-type'];
  const secretName = secret.metadata?.name ?? (name || server);
  return {
    name,
    server,
    caData,
    insecure,
    secretName,
    labels,
    location: `${baseUrl.replace(
      /\/+$/,
      '',
    )}/api/v1/namespaces/${namespace}/secrets/${secretName}`,
  };
}

type KubeClient = typeof import('@kubernetes/client-node');

/**
 * Loads `@kubernetes/client-node` (an ES module): `require` works on Node 22
 * and under Jest's transform; dynamic import elsewhere.
 */
async function loadClient(): Promise<KubeClient> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@kubernetes/client-node');
  } catch {
    return import('@kubernetes/client-node');
  }
}

/** How many times a list answered `410 Expired` is started again. */
const EXPIRED_RESTARTS = 3;

/**
 * Lists the ArgoCD cluster Secrets of the admin cluster through
 * `@kubernetes/client-node`, page by page (`limit` / `continue`). A page
 * answered `410 Expired` (the continue token's resourceVersion was compacted
 * away: Kubernetes API concepts, "Retrieving large results sets in chunks")
 * restarts the list from the first page, without the stale token, up to
 * three times.
 * @public
 */
export async function listArgocdClusters(
  config: PegaseKubernetesConfig,
): Promise<ArgocdCluster[]> {
  const k8s = await loadClient();
  const kc = new k8s.KubeConfig();
  kc.loadFromClusterAndUser(
    {
      name: 'admin',
      server: config.url,
      skipTLSVerify: config.skipTLSVerify,
      caData: config.caData ? toBase64Pem(config.caData) : undefined,
    },
    { name: 'pegase-catalog', token: config.token },
  );
  const api = kc.makeApiClient(k8s.CoreV1Api);
  let clusters: ArgocdCluster[] = [];
  let cont: string | undefined;
  let pages = 0;
  let restarts = 0;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    try {
      const page = await Promise.race([
        api.listNamespacedSecret({
          namespace: config.namespace,
          labelSelector: ARGOCD_CLUSTER_SELECTOR,
          limit: config.pageSize,
          _continue: cont,
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new ArgocdClustersError(
                  `Kubernetes API ${config.url}: no answer within ${config.timeoutMs} ms listing Secrets in ${config.namespace}`,
                ),
              ),
            config.timeoutMs,
          );
        }),
      ]);
      for (const item of page.items ?? []) {
        const c = secretToCluster(item as any, config.url, config.namespace);
        if (c) clusters.push(c);
      }
      cont = page.metadata?._continue || undefined;
    } catch (e: any) {
      if (e instanceof ArgocdClustersError) throw e;
      const status = typeof e?.code === 'number' ? e.code : undefined;
      if (status === 410 && cont && restarts < EXPIRED_RESTARTS) {
        restarts += 1;
        clusters = [];
        cont = undefined;
        continue;
      }
      let reason = e?.message ?? String(e);
      if (status === 401) reason = 'unauthorized (401): the token was refused';
      else if (status === 403) {
        reason = `forbidden (403): the token may not list Secrets in namespace ${config.namespace}`;
      }
      throw new ArgocdClustersError(
        `Kubernetes API ${config.url}: listing the ArgoCD cluster Secrets failed: ${reason}`,
        status,
      );
    } finally {
      if (timer) clearTimeout(timer);
    }
    pages += 1;
    if (pages > 10000) {
      throw new ArgocdClustersError(
        `Kubernetes API ${config.url}: more than 10000 pages of Secrets; giving up`,
      );
    }
    if (!cont) break;
  }
  return clusters;
}
