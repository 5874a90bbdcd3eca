import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ArgocdProfileName,
  RunningArgocdStandIn,
  startArgocdStandIn,
} from './index';

// eslint-disable-next-line no-restricted-syntax
const demoDir = path.resolve(__dirname, '../../../../catalog/demo-gitops');

// Each step re-reads the demo repository copy: slow on a busy 2-core machine.
jest.setTimeout(60_000);

const SANDBOX = {
  name: 'univ-smb-bac-a-sable-1',
  ns: 'pegase-sandboxes',
  file: 'instances/fr-cfe-uca/sandbox/univ-smb-bac-a-sable-1/instance.json',
};
const PRODUCTION = {
  name: 'u-bordeaux-production',
  ns: 'argocd',
  file: 'instances/eu-sxb-1/production/u-bordeaux-production/instance.json',
};
const CONSTRUCTION = {
  name: 'insa-lyon-recette',
  ns: 'argocd',
  file: 'instances/fr-cfe-uca/construction/insa-lyon-recette/instance.json',
};

function git(dir: string, args: string[]) {
  return execFileSync('git', ['-C', dir, ...args], {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t.invalid',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t.invalid',
    },
  }).toString();
}

/** A git repository holding a copy of the demo GitOps repository. */
function tempRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-follow-'));
  fs.cpSync(demoDir, dir, { recursive: true });
  git(dir, ['init', '--quiet', '-b', 'main']);
  git(dir, ['add', '--all', '.']);
  git(dir, ['commit', '--quiet', '-m', 'initial']);
  return dir;
}

/** Commits a new declared chart version, as a merged change request does. */
function declare(dir: string, file: string, version: string) {
  const full = path.join(dir, file);
  const json = JSON.parse(fs.readFileSync(full, 'utf8'));
  json.chartVersion = version;
  fs.writeFileSync(full, `${JSON.stringify(json, null, 2)}\n`);
  git(dir, ['commit', '--quiet', '-am', `${file}: ${version}`]);
}

describe.each<ArgocdProfileName>(['v2.14', 'v3.5'])(
  'the ArgoCD stand-in follows the repository, profile %s',
  profile => {
    let argocd: RunningArgocdStandIn | undefined;
    let dir: string;
    beforeEach(() => {
      dir = tempRepository();
    });
    afterEach(async () => {
      await argocd?.stop();
      argocd = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const start = (options: Record<string, unknown> = {}) =>
      startArgocdStandIn({
        port: 0,
        gitDir: dir,
        profile,
        operationMs: 150,
        progressMs: 150,
        reconciliationMs: 0,
        // not the demo's PEGASE_STANDIN_DEGRADED_VERSIONS (the test command sources
        // scripts/demo-env.sh, where 24.3.1 degrades): each test says its own
        degradedVersions: [],
        ...options,
      }).then(a => {
        argocd = a;
        return a;
      });

    const get = async (
      app: { name: string; ns: string },
      refresh = false,
    ): Promise<any> => {
      const res = await fetch(
        `${argocd!.url}/api/v1/applications/${app.name}?appNamespace=${app.ns}${
          refresh ? '&refresh=normal' : ''
        }`,
        { headers: { authorization: `Bearer ${argocd!.token}` } },
      );
      expect(res.status).toBe(200);
      return res.json();
    };
    const tree = async (app: { name: string; ns: string }): Promise<any> => {
      const res = await fetch(
        `${argocd!.url}/api/v1/applications/${
          app.name
        }/resource-tree?appNamespace=${app.ns}`,
        { headers: { authorization: `Bearer ${argocd!.token}` } },
      );
      return res.json();
    };
    /** Polls the app until `done` holds (the jest timeout bounds it). */
    const until = async (
      app: { name: string; ns: string },
      done: (a: any) => boolean,
    ): Promise<any> => {
      for (;;) {
        const a = await get(app);
        if (done(a)) return a;
        await new Promise(r => setTimeout(r, 50));
      }
    };

    it('auto-syncs a sandbox to its new declared version, then it turns Healthy with the new images', async () => {
      await start();
      const before = await get(SANDBOX);
      const historyLength = before.status.history.length;
      expect(before.spec.syncPolicy.automated).toBeDefined();

      declare(dir, SANDBOX.file, '24.3.1');
      const seen = await get(SANDBOX, true);
      const head = git(dir, ['rev-parse', 'main']).trim();
      expect(seen.spec.sources[0].targetRevision).toBe('24.3.*');
      // OutOfSync, or already syncing: the auto-sync starts in the same pass
      expect(seen.status.sync.status).toBe('OutOfSync');
      expect(seen.status.sync.revisions).toEqual(['24.3.1', head]);

      const synced = await until(
        SANDBOX,
        a => a.status.operationState?.phase === 'Succeeded' && !a.operation,
      );
      expect(synced.status.operationState.operation.initiatedBy).toEqual({
        automated: true,
      });
      expect(synced.status.sync.status).toBe('Synced');
      expect(synced.status.sync.revisions[0]).toBe('24.3.1');
      expect(synced.status.history).toHaveLength(historyLength + 1);
      expect(synced.status.history.at(-1).revisions[0]).toBe('24.3.1');
      expect(synced.status.history.at(-1).initiatedBy).toEqual({
        automated: true,
      });

      const healthy = await until(
        SANDBOX,
        a => a.status.health.status === 'Healthy',
      );
      expect(healthy.status.sync.status).toBe('Synced');
      expect(argocd!.liveVersions()[SANDBOX.name]).toBe('24.3.1');
      const images: string[] = (await tree(SANDBOX)).nodes.flatMap(
        (n: any) => n.images ?? [],
      );
      expect([...new Set(images)].sort()).toEqual(
        healthy.status.summary.images,
      );
      expect(healthy.status.summary.images).not.toEqual(
        before.status.summary.images,
      );
    });

    it('syncs again when the repository moves during a sync, and ends at the newest version', async () => {
      await start({ operationMs: 1500 });
      const historyLength = (await get(SANDBOX)).status.history.length;
      declare(dir, SANDBOX.file, '24.3.1');
      await get(SANDBOX, true);
      declare(dir, SANDBOX.file, '24.2.3');
      await get(SANDBOX, true);
      const healthy = await until(SANDBOX, a => {
        if (a.status.sync.revisions?.[0] !== '24.2.3') return false;
        return a.status.sync.status === 'Synced' && !a.operation
          ? a.status.health.status === 'Healthy'
          : false;
      });
      expect(healthy.spec.sources[0].targetRevision).toBe('24.2.*');
      expect(healthy.status.history.at(-1).revisions[0]).toBe('24.2.3');
      expect(healthy.status.history.length).toBeGreaterThan(historyLength);
      expect(argocd!.liveVersions()[SANDBOX.name]).toBe('24.2.3');
    });

    it('is Synced again when the declared version goes back to the running one before any sync', async () => {
      await start();
      declare(dir, PRODUCTION.file, '25.0.0');
      expect((await get(PRODUCTION, true)).status.sync.status).toBe(
        'OutOfSync',
      );
      declare(dir, PRODUCTION.file, '24.3.1');
      const back = await get(PRODUCTION, true);
      expect(back.status.sync.status).toBe('Synced');
      expect(back.spec.sources[0].targetRevision).toBe('24.3.1');
      expect(
        back.status.resources.every((r: any) => r.status === 'Synced'),
      ).toBe(true);
    });

    it('refreshes on a forge push webhook (no token), refuses other events', async () => {
      await start();
      declare(dir, SANDBOX.file, '24.3.1');
      const hook = (headers: Record<string, string>) =>
        fetch(`${argocd!.url}/api/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: '{"object_kind":"push","ref":"refs/heads/main"}',
        });
      const unknown = await hook({});
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toBe('Unknown webhook event\n');
      const mr = await hook({ 'x-gitlab-event': 'Merge Request Hook' });
      expect(mr.status).toBe(400);
      expect((await get(SANDBOX)).status.sync.revisions[0]).not.toBe('24.3.1');
      const push = await hook({ 'x-gitlab-event': 'Push Hook' });
      expect(push.status).toBe(200);
      const synced = await until(
        SANDBOX,
        a =>
          a.status.sync.status === 'Synced' &&
          a.status.sync.revisions?.[0] === '24.3.1',
      );
      expect(synced.spec.sources[0].targetRevision).toBe('24.3.*');
    });

    it('re-reads the repository every reconciliation interval without a refresh', async () => {
      await start({ reconciliationMs: 100 });
      declare(dir, SANDBOX.file, '24.3.1');
      const synced = await until(
        SANDBOX,
        a =>
          a.status.sync.status === 'Synced' &&
          a.status.sync.revisions?.[0] === '24.3.1',
      );
      expect(synced.spec.sources[0].targetRevision).toBe('24.3.*');
    });

    it('leaves a production Application OutOfSync until a sync through the API', async () => {
      await start();
      declare(dir, PRODUCTION.file, '25.0.0');
      const seen = await get(PRODUCTION, true);
      expect(seen.spec.syncPolicy.automated).toBeUndefined();
      expect(seen.spec.sources[0].targetRevision).toBe('25.0.0');
      expect(seen.status.sync.status).toBe('OutOfSync');
      // more reconciliations: still waiting, no operation started
      const again = await get(PRODUCTION, true);
      expect(again.status.sync.status).toBe('OutOfSync');
      expect(again.operation).toBeUndefined();
      expect(argocd!.liveVersions()[PRODUCTION.name]).toBe('24.3.1');

      const res = await fetch(
        `${argocd!.url}/api/v1/applications/${PRODUCTION.name}/sync`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${argocd!.token}`,
            'content-type': 'application/json',
          },
          body: '{}',
        },
      );
      expect(res.status).toBe(200);
      const healthy = await until(
        PRODUCTION,
        a =>
          a.status.sync.status === 'Synced' &&
          a.status.health.status === 'Healthy' &&
          !a.operation,
      );
      expect(healthy.status.sync.revisions[0]).toBe('25.0.0');
      expect(healthy.status.history.at(-1).initiatedBy).toEqual({
        username: 'portal',
      });
      expect(argocd!.liveVersions()[PRODUCTION.name]).toBe('25.0.0');
    });

    it('syncs a construction Application through its RollingSync step', async () => {
      await start();
      declare(dir, CONSTRUCTION.file, '25.0.0');
      await get(CONSTRUCTION, true);
      const synced = await until(
        CONSTRUCTION,
        a => a.status.sync.status === 'Synced' && !a.operation,
      );
      expect(synced.status.operationState.operation.initiatedBy).toEqual({
        username: 'applicationset-controller',
        automated: true,
      });
      expect(synced.status.operationState.operation.info[0].value).toBe(
        'ApplicationSet RollingSync triggered a sync of this Application resource.',
      );
      expect(synced.status.sync.revisions[0]).toBe('25.0.0');
    });

    it('progresses to Degraded for a chosen version, with crash-looping pods', async () => {
      await start({ degradedVersions: ['24.3.1'] });
      declare(dir, SANDBOX.file, '24.3.1');
      await get(SANDBOX, true);
      const degraded = await until(
        SANDBOX,
        a => a.status.health.status === 'Degraded',
      );
      expect(degraded.status.sync.status).toBe('Synced');
      expect(degraded.status.sync.revisions[0]).toBe('24.3.1');
      const reasons = (await tree(SANDBOX)).nodes
        .filter((n: any) => n.kind === 'Pod')
        .flatMap((n: any) => n.info ?? [])
        .map((i: any) => i.value);
      expect(reasons).toContain('CrashLoopBackOff');
    });

    it('does not auto-sync again to a revision whose sync failed, and says why', async () => {
      const faults = { failOperationApps: [SANDBOX.name] };
      await start({ faults });
      declare(dir, SANDBOX.file, '24.3.1');
      await get(SANDBOX, true);
      const failed = await until(
        SANDBOX,
        a => a.status.operationState?.phase === 'Failed' && !a.operation,
      );
      const started = failed.status.operationState.startedAt;
      faults.failOperationApps = [];
      const after = await get(SANDBOX, true);
      expect(after.operation).toBeUndefined();
      expect(after.status.operationState.phase).toBe('Failed');
      expect(after.status.operationState.startedAt).toBe(started);
      expect(after.status.sync.status).toBe('OutOfSync');
      expect(after.status.conditions[0].type).toBe('SyncError');
      expect(after.status.conditions[0].message).toContain(
        profile === 'v2.14'
          ? 'Failed sync attempt to 24.3.1'
          : 'Failed last sync attempt to [24.3.1',
      );
      expect(argocd!.liveVersions()[SANDBOX.name]).toBe('25.0.0');
    });
  },
);

describe('the ArgoCD stand-in fed from a folder', () => {
  it('follows the folder as well', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-folder-'));
    fs.cpSync(demoDir, dir, { recursive: true });
    const argocd = await startArgocdStandIn({
      port: 0,
      gitopsDir: dir,
      operationMs: 50,
      progressMs: 50,
    });
    try {
      const full = path.join(dir, PRODUCTION.file);
      const json = JSON.parse(fs.readFileSync(full, 'utf8'));
      fs.writeFileSync(
        full,
        JSON.stringify({ ...json, chartVersion: '25.0.0' }),
      );
      await argocd.reconcile();
      const res = await fetch(
        `${argocd.url}/api/v1/applications/${PRODUCTION.name}`,
        { headers: { authorization: `Bearer ${argocd.token}` } },
      );
      const app = await res.json();
      expect(app.status.sync.status).toBe('OutOfSync');
      expect(app.spec.sources[0].targetRevision).toBe('25.0.0');
    } finally {
      await argocd.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
