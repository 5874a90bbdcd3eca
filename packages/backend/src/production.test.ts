/*
 * The production path, end to end: the REAL backend (src/index.ts) started as
 * child processes with app-config.yaml + app-config.production.yaml, on the
 * machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379), the Pégase
 * providers reading the demo GitOps repository over real git HTTP.
 *
 * 1. One backend: the demo catalog (org groups, System `pegase`, its components)
 *    is ingested into PostgreSQL and served by /api/catalog/entities/by-query.
 * 2. A second replica of the same deployment (same databases, same Redis
 *    namespace): both serve the same catalog; the providers' scheduled task runs
 *    once across the two; what one caches (Vault answers) the other reads;
 *    stopping one leaves the other serving.
 *
 * No timing threshold anywhere: waits are bounded only to fail instead of hanging.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHttpServer } from '@pcscol/stand-ins/git';
import { startKubernetesApi } from '@pcscol/stand-ins/kubernetes';
import {
  RunningVaultStandIn,
  startVaultStandIn,
} from '@pcscol/stand-ins/vault';
import {
  BackendReplica,
  TestDeployment,
  createTestDeployment,
  eventually,
  redisKeys,
  repoRoot,
  startupErrors,
  triggerTask,
  withPostgres,
} from './__testUtils__/backendProcess';

jest.setTimeout(600_000);

const TASK_ID = 'pegase-catalog-providers:refresh';
const GITOPS_DIR = path.join(repoRoot, 'catalog/demo-gitops');
const isScheduledRun = (l: Record<string, any>) =>
  typeof l.message === 'string' &&
  l.message.startsWith('Pégase catalog (schedule) read in');
const isStartupRead = (l: Record<string, any>) =>
  typeof l.message === 'string' &&
  l.message.startsWith('Pégase catalog (startup) read in');

const isPermissionCheck = (l: Record<string, any>) =>
  typeof l.message === 'string' &&
  l.message.startsWith('Permission rules checked:');

const ORG_GROUPS = [
  'equipe-toulouse',
  'equipe-strasbourg',
  'equipe-nantes',
  'equipe-marseille',
  'qualification',
  'architecture',
  'ops',
  'amoa',
];

type Stoppable = { stop(): Promise<void> };

/** Commits a change to an instance's values in the bare GitOps repository. */
function pushCommit(bareDir: string, tmpDir: string) {
  const work = fs.mkdtempSync(path.join(tmpDir, 'work-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: work,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'it',
        GIT_AUTHOR_EMAIL: 'it@example.org',
        GIT_COMMITTER_NAME: 'it',
        GIT_COMMITTER_EMAIL: 'it@example.org',
      },
      stdio: 'pipe',
    });
  git('clone', '--quiet', bareDir, '.');
  const values = execFileSync(
    'git',
    ['ls-files', 'instances/*/values.yaml', 'instances/**/values.yaml'],
    { cwd: work },
  )
    .toString()
    .split('\n')
    .filter(Boolean)[0];
  fs.appendFileSync(
    path.join(work, values),
    `# touched by production.test.ts ${Date.now()}\n`,
  );
  git('commit', '--quiet', '-am', 'test: touch an instance');
  git('push', '--quiet', 'origin', 'HEAD');
}

describe('production deployment (PostgreSQL + Redis, real backend processes)', () => {
  const stoppables: Stoppable[] = [];
  let deployment: TestDeployment;
  let vault: RunningVaultStandIn;
  let a: BackendReplica;
  let b: BackendReplica;
  let tmp: string;
  let gitRepositoryDir: string;

  async function query(
    replica: BackendReplica,
    params: Record<string, string | string[]>,
  ) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      for (const x of Array.isArray(v) ? v : [v]) search.append(k, x);
    }
    const res = await replica.request(
      `/api/catalog/entities/by-query?${search}`,
    );
    if (!res.ok) {
      throw new Error(
        `by-query on ${replica.name}: ${res.status} ${await res.text()}`,
      );
    }
    return (await res.json()) as {
      items: Array<{
        kind: string;
        metadata: { name: string; namespace?: string };
      }>;
      totalItems: number;
      pageInfo: { nextCursor?: string };
    };
  }

  /** Every entity ref the replica serves, sorted (paginated by-query). */
  async function allRefs(replica: BackendReplica): Promise<string[]> {
    const refs: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await query(
        replica,
        cursor
          ? { cursor, limit: '500' }
          : {
              limit: '500',
              fields: ['kind', 'metadata.name', 'metadata.namespace'],
            },
      );
      for (const e of page.items) {
        refs.push(
          `${e.kind.toLowerCase()}:${e.metadata.namespace ?? 'default'}/${
            e.metadata.name
          }`,
        );
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return refs.sort();
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-prod-it-'));
    const git = await startGitHttpServer({
      port: 0,
      gitopsDir: GITOPS_DIR,
      token: 'it-gitops-token',
    });
    stoppables.push(git);
    gitRepositoryDir = git.repositoryDir;
    const kube = await startKubernetesApi({
      port: 0,
      gitopsDir: GITOPS_DIR,
      token: 'it-kube-token',
    });
    stoppables.push(kube);
    vault = (await startVaultStandIn({
      port: 0,
      gitopsDir: GITOPS_DIR,
      token: 'it-vault-token',
    })) as RunningVaultStandIn;
    stoppables.push(vault);
    // What the kubelet mounts in a pod: the ServiceAccount token and CA.
    fs.writeFileSync(path.join(tmp, 'token'), 'it-kube-token');
    // (the stand-in speaks plain HTTP: the CA is read but not used)
    fs.writeFileSync(
      path.join(tmp, 'ca.crt'),
      '-----BEGIN CERTIFICATE-----\nTUlJQnN0YW5kLWlu\n-----END CERTIFICATE-----\n',
    );

    deployment = await createTestDeployment({
      name: 'pegase',
      env: {
        GITOPS_REPO_URL: git.repoUrl,
        GITOPS_TOKEN: 'it-gitops-token',
        KUBE_API_URL: kube.url,
        KUBE_TOKEN_FILE: path.join(tmp, 'token'),
        KUBE_CA_FILE: path.join(tmp, 'ca.crt'),
      },
      config: {
        catalog: {
          providers: {
            pegase: {
              // A run at start, then every 30 minutes: every other run during
              // the test is one the test triggers (or one the scheduler should
              // not have made).
              schedule: {
                frequency: { minutes: 30 },
                timeout: { minutes: 5 },
              },
              // the stand-in speaks plain HTTP
              kubernetes: { skipTLSVerify: true },
            },
          },
        },
        // The production block logs in with Kubernetes auth; the stand-in takes a token.
        pegase: {
          vault: {
            clusters: ['vault-sxb:eu-sxb-1', 'vault-uca:fr-cfe-uca'].map(s => ({
              name: s.split(':')[0],
              region: s.split(':')[1],
              url: vault.url,
              auth: { method: 'token', token: 'it-vault-token' },
              cacheTtlSeconds: 600,
            })),
          },
        },
      },
    });
  });

  afterAll(async () => {
    await deployment?.cleanup().catch(() => {});
    await Promise.all(stoppables.map(s => s.stop().catch(() => {})));
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('one backend on PostgreSQL ingests and serves the demo catalog', async () => {
    a = await deployment.startReplica({ name: 'replica-a' });
    expect(startupErrors(a)).toEqual([]);
    // Once every plugin has started, the providers read the repository at once
    // (not at the scheduler's next poll) and the catalog gets it.
    await a.waitForLog(isStartupRead, 240_000);

    // Closed by default: the start-up check finds a rule for every permission
    // the running plugins declare (it lists those without one).
    const checked = await a.waitForLog(isPermissionCheck, 60_000);
    expect(checked.message).toContain(', 0 without a rule');

    // Its plugins' databases are PostgreSQL databases of this deployment.
    const dbs = await deployment.databases();
    expect(dbs).toEqual(
      expect.arrayContaining([`${deployment.databasePrefix}catalog`]),
    );

    // catalog/org, through the production locations
    const groups = await eventually(
      async () => {
        const r = await query(a, { filter: 'kind=group', limit: '100' });
        const names = r.items.map(e => e.metadata.name);
        return ORG_GROUPS.every(g => names.includes(g)) ? names : undefined;
      },
      { what: 'the org groups in the catalog', timeoutMs: 240_000 },
    );
    expect(groups).toEqual(expect.arrayContaining(ORG_GROUPS));

    // the providers, from the GitOps repository cloned over git HTTP
    await eventually(
      async () => {
        const r = await query(a, {
          filter: 'kind=system,metadata.name=pegase',
        });
        return r.items.length === 1 ? true : undefined;
      },
      { what: 'System pegase', timeoutMs: 240_000 },
    );
    const components = await eventually(
      async () => {
        const r = await query(a, {
          filter: 'kind=component,spec.system=pegase',
          limit: '1',
        });
        // processing is eventually consistent: wait for them all
        return r.totalItems >= 50 ? r.totalItems : undefined;
      },
      { what: 'the sub-chart components', timeoutMs: 240_000 },
    );
    expect(components).toBeGreaterThanOrEqual(50);
    const instances = await eventually(
      async () => {
        const r = await query(a, {
          filter: 'kind=resource,spec.type=pegase-instance',
          limit: '1',
        });
        return r.totalItems >= 50 ? r.totalItems : undefined;
      },
      { what: 'the 50 demo instances', timeoutMs: 240_000 },
    );
    expect(instances).toBe(50);
    // The read at start, and the task's first run found the same commit and
    // stopped before reading (it logs nothing); the next one is 30 minutes ahead.
    expect(a.logs().filter(isStartupRead)).toHaveLength(1);
    expect(a.logs().filter(isScheduledRun)).toHaveLength(0);
  });

  it('a second replica shares the catalog, the scheduler and the cache, and serves alone', async () => {
    const runsOfA = a.logs().filter(isScheduledRun).length;
    b = await deployment.startReplica({ name: 'replica-b' });
    expect(startupErrors(b)).toEqual([]);

    // 1. Both serve the same catalog (same PostgreSQL).
    const same = await eventually(
      async () => {
        const [ra, rb] = await Promise.all([allRefs(a), allRefs(b)]);
        return ra.length > 100 && JSON.stringify(ra) === JSON.stringify(rb)
          ? ra
          : undefined;
      },
      { what: 'the same entities on both replicas', timeoutMs: 180_000 },
    );
    expect(same).toEqual(
      expect.arrayContaining(['system:default/pegase', 'group:default/ops']),
    );

    // 2. The providers' scheduled task runs once across the two. B registered it
    // (same settings) without running it: its next run stays 30 minutes ahead.
    await b.waitForLog(
      l =>
        typeof l.message === 'string' &&
        l.message.startsWith(`Registered scheduled task: ${TASK_ID}`),
    );
    const runs = () => [...a.logs(), ...b.logs()].filter(isScheduledRun).length;
    const runsBefore = runsOfA;
    // A new commit (a run of an unchanged commit logs nothing), then make the
    // task due now: both replicas compete for it, one claims it (a row update
    // in PostgreSQL), the other must not run it.
    pushCommit(gitRepositoryDir, tmp);
    await triggerTask(deployment, 'catalog', TASK_ID);
    await eventually(async () => (runs() > runsBefore ? true : undefined), {
      what: 'the triggered run',
      timeoutMs: 180_000,
    });
    // Give the other replica a full work-check period (30 s) to (wrongly) run it too.
    await new Promise(r => setTimeout(r, 40_000));
    expect(runs()).toBe(runsBefore + 1);
    const catalogDb = `${deployment.databasePrefix}catalog`;
    const row = await withPostgres(
      async client =>
        (
          await client.query(
            `SELECT current_run_ticket, next_run_start_at > now() + interval '20 minutes' AS later FROM backstage_backend_tasks__tasks WHERE id = $1`,
            [TASK_ID],
          )
        ).rows[0],
      catalogDb,
    );
    expect(row).toEqual({ current_run_ticket: null, later: true });

    // 3. A value cached by one is read by the other (Redis): the Vault view of an
    // instance, asked of A, then of B, reaches Vault once.
    const instance = (
      await query(a, {
        filter: 'kind=resource,spec.type=pegase-instance',
        limit: '1',
        fields: ['metadata.name'],
      })
    ).items[0].metadata.name;
    const vaultPath = `/api/pegase-vault/entity/default/resource/${encodeURIComponent(
      instance,
    )}/instance`;
    const upstream = () =>
      vault.requests.filter(r => !r.path.startsWith('/v1/auth/')).length;
    const before = upstream();
    const resA = await a.request(vaultPath);
    expect(resA.status).toBe(200);
    const bodyA = await resA.json();
    const afterA = upstream();
    expect(afterA).toBeGreaterThan(before);
    const keys = await redisKeys(deployment.redisNamespace);
    expect(
      keys.some(k =>
        k.startsWith(`${deployment.redisNamespace}:pegase-vault:`),
      ),
    ).toBe(true);
    const resB = await b.request(vaultPath);
    expect(resB.status).toBe(200);
    const bodyB = await resB.json();
    // the view says how many upstream calls this request made: none on B
    expect(bodyB.upstreamCalls ?? 0).toBe(0);
    expect({ ...bodyB, upstreamCalls: undefined }).toEqual({
      ...bodyA,
      upstreamCalls: undefined,
    });
    expect(upstream()).toBe(afterA);

    // 4. Stopping one leaves the other serving (and accepting A's sessions:
    // the signing keys are in PostgreSQL).
    const tokenRes = await fetch(`${a.baseUrl}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    const tokenOfA = (await tokenRes.json()).backstageIdentity.token as string;
    await a.stop();
    expect(a.exited).toBe(true);
    const ready = await fetch(`${b.baseUrl}/.backstage/health/v1/readiness`);
    expect(ready.status).toBe(200);
    const after = await fetch(
      `${b.baseUrl}/api/catalog/entities/by-query?filter=kind=system,metadata.name=pegase`,
      { headers: { authorization: `Bearer ${tokenOfA}` } },
    );
    expect(after.status).toBe(200);
    expect((await after.json()).items).toHaveLength(1);
    expect(await allRefs(b)).toEqual(same);
  });

  it('cleans up its processes, databases and cache keys', async () => {
    const pids = deployment.replicas.map(r => r.pid);
    await deployment.cleanup();
    for (const pid of pids) {
      expect(() => process.kill(pid, 0)).toThrow();
    }
    expect(await deployment.databases()).toEqual([]);
    expect(await redisKeys(deployment.redisNamespace)).toEqual([]);
  });
});
