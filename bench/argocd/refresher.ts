/*
 * The ArgoCD refresher at 1,000 Applications on each version profile of the
 * stand-in (issue 22). Prints JSON on stdout.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/argocd/refresher.ts [--instances 1000] [--latency 50] [--rate 20] [--profiles v2.14,v3.5]
 *
 * Per profile: the bytes of the application list the portal asks for
 * (`LIST_FIELDS`, the keys every supported version serves), of the list the
 * portal asked for before (spec sub-keys and revisions) and of the whole list;
 * then one fill of an empty shared cache by the refresher at the configured
 * rate (seconds, upstream requests by route, Applications read one by one for
 * their live version), and a second fill with nothing changed.
 */
import type { CacheService } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { startArgocdStandIn } from '@pcscol/stand-ins/argocd';
import { readArgocdConfig } from '../../plugins/argocd-backend/src/config';
import { LIST_FIELDS } from '../../plugins/argocd-backend/src/services/ArgocdClient';
import { ArgocdService } from '../../plugins/argocd-backend/src/services/ArgocdService';
import { runRefresh } from '../../plugins/argocd-backend/src/services/Refresher';
import {
  entitiesOf,
  makeFleet,
} from '../../plugins/argocd-backend/src/__testUtils__/fleet';

/** The fields the portal asked for before issue 22 (sub-keys, revisions). */
const OLD_LIST_FIELDS = [
  'items.metadata.name',
  'items.metadata.labels',
  'items.spec.project',
  'items.spec.sources',
  'items.spec.source',
  'items.spec.destination',
  'items.spec.syncPolicy',
  'items.status.sync.status',
  'items.status.sync.revision',
  'items.status.sync.revisions',
  'items.status.health',
  'items.status.operationState.phase',
  'items.status.operationState.startedAt',
  'items.status.operationState.finishedAt',
];

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

/** A store with TTLs that serialises values, as Redis would. */
function sharedCache(): CacheService {
  const store = new Map<string, { v: string; exp: number }>();
  const cache: CacheService = {
    async get(key) {
      const e = store.get(key);
      if (!e || (e.exp && e.exp < Date.now())) return undefined;
      return JSON.parse(e.v);
    },
    async set(key, value, opts) {
      const ttl = typeof opts?.ttl === 'number' ? opts.ttl : 0;
      store.set(key, {
        v: JSON.stringify(value),
        exp: ttl ? Date.now() + ttl : 0,
      });
    },
    async delete(key) {
      store.delete(key);
    },
    withOptions() {
      return cache;
    },
  };
  return cache;
}

const quietLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return quietLogger;
  },
};

async function listBytes(url: string, token: string, fields?: string[]) {
  const q = fields ? `?fields=${encodeURIComponent(fields.join(','))}` : '';
  const res = await fetch(`${url}/api/v1/applications${q}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return Buffer.byteLength(await res.text());
}

async function main() {
  const instances = Number(arg('instances', '1000'));
  const latencyMs = Number(arg('latency', '50'));
  const rate = Number(arg('rate', '20'));
  const profiles = arg('profiles', 'v2.14,v3.5').split(',') as Array<
    'v2.14' | 'v3.5'
  >;
  const fleet = await makeFleet(instances);
  const entities = entitiesOf(fleet.snapshot, 'admin', 'admin');
  const results: Record<string, unknown>[] = [];
  for (const profile of profiles) {
    const token = 'bench-token';
    const argocd = await startArgocdStandIn({
      port: 0,
      gitopsDir: fleet.dir,
      latencyMs,
      token,
      profile,
    });
    const config = readArgocdConfig(
      new ConfigReader({
        pegase: {
          argocd: {
            instances: [{ name: 'admin', url: argocd.url, token }],
            refresher: { enabled: false, rateLimit: rate, concurrency: 8 },
          },
        },
      }),
    );
    const service = new ArgocdService({
      config,
      cache: sharedCache(),
      logger: quietLogger,
      catalog: catalogServiceMock({ entities }),
    });
    const bytes = {
      portal: await listBytes(argocd.url, token, LIST_FIELDS),
      before: await listBytes(argocd.url, token, OLD_LIST_FIELDS),
      whole: await listBytes(argocd.url, token),
    };
    argocd.resetStats();
    const t0 = Date.now();
    const fill = await runRefresh(service, config.refresher, quietLogger);
    const fillSeconds = (Date.now() - t0) / 1000;
    const fillRequests = argocd.stats();
    argocd.resetStats();
    const t1 = Date.now();
    const again = await runRefresh(service, config.refresher, quietLogger);
    const againSeconds = (Date.now() - t1) / 1000;
    const list = await service.getList('admin');
    const live = await service.liveVersions('admin');
    const withLive = list.apps.filter(
      a => a.chartVersion || live[`${a.namespace ?? ''}/${a.name}`],
    ).length;
    results.push({
      profile,
      version: argocd.profile.version,
      applications: list.apps.length,
      listBytes: {
        ...bytes,
        portalPerApp: Math.round(bytes.portal / Math.max(1, list.apps.length)),
      },
      fill: {
        seconds: fillSeconds,
        requests: fillRequests.requests,
        byRoute: fillRequests.byRoute,
        trees: fill.trees,
        appsReadForLiveVersion: fill.appsRead ?? 0,
        errors: fill.errors,
        requestsPerSecond:
          Math.round((fillRequests.requests / fillSeconds) * 10) / 10,
      },
      secondFillNothingChanged: {
        seconds: againSeconds,
        requests: argocd.stats().requests,
        trees: again.trees,
      },
      liveVersionKnown: withLive,
    });
    await argocd.stop();
  }
  fleet.cleanup();
  process.stdout.write(
    `${JSON.stringify(
      { bench: 'argocd-refresher', instances, latencyMs, rate, results },
      null,
      2,
    )}\n`,
  );
}

main().catch(e => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
