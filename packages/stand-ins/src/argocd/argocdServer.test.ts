import path from 'node:path';
import {
  ArgocdProfileName,
  RunningArgocdStandIn,
  startArgocdStandIn,
} from './index';
import { argocdProfile } from './profiles';

// the demo GitOps repository checked into the project (read only)
// eslint-disable-next-line no-restricted-syntax
const gitopsDir = path.resolve(__dirname, '../../../../catalog/demo-gitops');

jest.setTimeout(60_000);

const PORTAL_FIELDS = [
  'items.metadata.name',
  'items.metadata.namespace',
  'items.metadata.labels',
  'items.spec.project',
  'items.spec.sources',
  'items.spec.destination',
  'items.spec.syncPolicy',
  'items.status.sync.status',
  'items.status.sync.revision',
  'items.status.sync.revisions',
  'items.status.health',
  'items.status.operationState.phase',
].join(',');

describe('argocdProfile', () => {
  const saved = process.env.PEGASE_ARGOCD_PROFILE;
  afterEach(() => {
    if (saved === undefined) delete process.env.PEGASE_ARGOCD_PROFILE;
    else process.env.PEGASE_ARGOCD_PROFILE = saved;
  });

  it('defaults to v2.14, reads PEGASE_ARGOCD_PROFILE, prefers the option', () => {
    delete process.env.PEGASE_ARGOCD_PROFILE;
    expect(argocdProfile().name).toBe('v2.14');
    process.env.PEGASE_ARGOCD_PROFILE = 'v3.5';
    expect(argocdProfile().name).toBe('v3.5');
    expect(argocdProfile('v2.14').name).toBe('v2.14');
  });

  it('names the env var and the known profiles for an unknown one', () => {
    process.env.PEGASE_ARGOCD_PROFILE = 'v9';
    expect(() => argocdProfile()).toThrow(
      "unknown ArgoCD stand-in profile 'v9' (PEGASE_ARGOCD_PROFILE): use one of v2.14, v3.5",
    );
  });
});

describe.each<ArgocdProfileName>(['v2.14', 'v3.5'])(
  'ArgoCD stand-in, profile %s',
  profile => {
    let argocd: RunningArgocdStandIn;
    const faults: Record<string, unknown> = {};
    const call = async (p: string, init: RequestInit = {}) => {
      const res = await fetch(`${argocd.url}${p}`, {
        ...init,
        headers: {
          authorization: `Bearer ${argocd.token}`,
          ...(init.headers as Record<string, string>),
        },
      });
      const text = await res.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // a text answer (415)
      }
      return { status: res.status, body };
    };
    const get = (p: string) => call(p);
    const post = (p: string, body: unknown) =>
      call(p, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const until = async (check: () => Promise<boolean>) => {
      while (!(await check())) await new Promise(r => setTimeout(r, 20));
    };
    // the instances' and the previews' Applications (not the add-ons' nor
    // the app-of-apps, project addons and pegase without sources: addons.test.ts)
    const listAll = async () =>
      (
        await get('/api/v1/applications?projects=pegase&projects=previews')
      ).body.items.filter((a: any) => !a.spec?.source?.path) as any[];

    beforeAll(async () => {
      argocd = await startArgocdStandIn({
        port: 0,
        gitopsDir,
        profile,
        faults,
        operationMs: 300,
      });
    });
    afterAll(() => argocd.stop());
    afterEach(() => {
      for (const k of Object.keys(faults)) delete faults[k];
    });

    it('answers its version on /api/version', async () => {
      expect((await get('/api/version')).body.Version).toBe(
        profile === 'v2.14' ? 'v2.14.21+stand-in' : 'v3.5.1+stand-in',
      );
    });

    it('filters the list with the keys of its version, never serving status.sync.revisions', async () => {
      const { status, body } = await get(
        `/api/v1/applications?projects=pegase&fields=${PORTAL_FIELDS}`,
      );
      expect(status).toBe(200);
      // an instance's Application, not an app-of-apps (instances-<usage>)
      const item = body.items.find(
        (i: any) => !i.metadata.name.startsWith('instances-'),
      );
      expect(item.metadata.name).toEqual(expect.any(String));
      expect(item.status.sync.revisions).toBeUndefined();
      expect(item.status.operationState.phase).toEqual(expect.any(String));
      // 2.x knows no spec sub-key: no spec at all, and no revision
      expect(item.spec && Object.keys(item.spec).sort()).toEqual(
        profile === 'v2.14'
          ? undefined
          : ['destination', 'project', 'sources', 'syncPolicy'],
      );
      expect(item.status.sync.revision).toBe(
        profile === 'v2.14' ? undefined : '',
      );
    });

    it('serves items.spec whole on both versions, and fails `spec` with a spec sub-key', async () => {
      const { body } = await get(
        '/api/v1/applications?projects=pegase&fields=items.metadata.name,items.spec',
      );
      const first = body.items.find((i: any) => i.spec.sources);
      expect(first.spec.sources[0].chart).toBe('pegase');
      expect(first.spec.project).toBe('pegase');
      const both = await get(
        '/api/v1/applications?fields=items.spec,items.spec.project',
      );
      expect(both.status).toBe(profile === 'v2.14' ? 200 : 500);
      expect(both.body.error).toBe(
        profile === 'v2.14' ? undefined : 'failed to marshal error message',
      );
    });

    it('encodes as Go does: items null for an empty list, nil maps as null', async () => {
      expect(
        (await get('/api/v1/applications?selector=team%3Dnobody')).body,
      ).toEqual({
        metadata: { resourceVersion: expect.any(String) },
        items: null,
      });
      const { body } = await get(
        '/api/v1/applications?fields=items.metadata.name,items.metadata.annotations,items.status.summary',
      );
      const preview = body.items.find(
        (i: any) => i.metadata.annotations === null,
      );
      expect(preview).toBeDefined();
    });

    it('lists the same name in two namespaces and needs appNamespace outside argocd', async () => {
      const items = await listAll();
      const byName = new Map<string, string[]>();
      for (const a of items)
        byName.set(a.metadata.name, [
          ...(byName.get(a.metadata.name) ?? []),
          a.metadata.namespace,
        ]);
      const twice = [...byName.entries()].filter(([, ns]) => ns.length > 1);
      expect(twice.length).toBeGreaterThanOrEqual(2);
      expect(twice[0][1].sort()).toEqual(['argocd', 'pegase-previews']);

      const sandbox = items.find(
        a => a.metadata.namespace === 'pegase-sandboxes',
      );
      const name = sandbox.metadata.name;
      expect(await get(`/api/v1/applications/${name}`)).toEqual({
        status: 403,
        body: {
          error: 'permission denied',
          code: 7,
          message: 'permission denied',
        },
      });
      expect(
        (await get(`/api/v1/applications/${name}/resource-tree`)).status,
      ).toBe(403);
      expect(
        (
          await get(
            `/api/v1/applications/${name}?appNamespace=pegase-sandboxes`,
          )
        ).body.metadata.namespace,
      ).toBe('pegase-sandboxes');
      expect(
        (
          await get(
            `/api/v1/applications/${name}/resource-tree?appNamespace=pegase-sandboxes`,
          )
        ).status,
      ).toBe(200);
      // POST: appNamespace from the body only (grpc-gateway body "*")
      expect(
        (
          await post(
            `/api/v1/applications/${name}/sync?appNamespace=pegase-sandboxes`,
            {},
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await get(
            `/api/v1/applications?appNamespace=pegase-sandboxes&fields=items.metadata.namespace`,
          )
        ).body.items.every(
          (i: any) => i.metadata.namespace === 'pegase-sandboxes',
        ),
      ).toBe(true);
    });

    it('puts images on Pods only, and Missing nodes without uid (health from v3.2)', async () => {
      const items = await listAll();
      const missingApp = items.find(a =>
        a.status.resources.some(
          (r: any) =>
            r.status === 'OutOfSync' && a.status.health.status === 'Missing',
        ),
      );
      expect(missingApp).toBeDefined();
      const q =
        missingApp.metadata.namespace === 'argocd'
          ? ''
          : `?appNamespace=${missingApp.metadata.namespace}`;
      const tree = (
        await get(
          `/api/v1/applications/${missingApp.metadata.name}/resource-tree${q}`,
        )
      ).body;
      const kindsWithImages = new Set(
        tree.nodes.filter((n: any) => n.images).map((n: any) => n.kind),
      );
      expect([...kindsWithImages]).toEqual(['Pod']);
      const missing = tree.nodes.filter((n: any) => !n.uid);
      expect(missing.length).toBeGreaterThan(0);
      for (const n of missing) {
        expect(n.resourceVersion).toBeUndefined();
        expect(n.health).toEqual(
          profile === 'v2.14' ? undefined : { status: 'Missing' },
        );
      }
      expect(tree.hosts).toBeUndefined();
      expect(tree.orphanedNodes).toBeUndefined();
    });

    it('keeps resource health in the Application on 2.x only; 3.x GET infers it from the tree', async () => {
      const items = await listAll();
      const app = items.find(a => a.metadata.namespace === 'argocd');
      const got = (await get(`/api/v1/applications/${app.metadata.name}`)).body;
      const persisted = profile === 'v2.14';
      expect(Boolean(app.status.resources[0].health)).toBe(persisted);
      expect(app.status.resourceHealthSource).toBe(
        persisted ? undefined : 'appTree',
      );
      expect(got.status.resources[0].health).toEqual(expect.any(Object));
    });

    it('shows RollingSync apps without automated sync, synced by the ApplicationSet controller', async () => {
      const items = await listAll();
      const rolling = items.filter(
        a => a.metadata.ownerReferences?.[0]?.name === 'pegase-construction',
      );
      expect(rolling.length).toBeGreaterThan(0);
      for (const a of rolling)
        expect(a.spec.syncPolicy.automated).toBeUndefined();
      expect(
        rolling.some(a =>
          a.status.history.some(
            (h: any) => h.initiatedBy.username === 'applicationset-controller',
          ),
        ),
      ).toBe(true);
    });

    it('holds ranges, release names other than the app name, failed and errored last operations', async () => {
      const items = (await listAll()).filter(
        a => a.metadata.namespace !== 'pegase-previews',
      );
      const ranged = items.find(a =>
        a.spec.sources[0].targetRevision.includes('*'),
      );
      expect(ranged.status.sync.revisions[0]).toMatch(/^\d+\.\d+\.\d+$/);
      expect(
        items.some(a => a.spec.sources[0].helm.releaseName !== a.metadata.name),
      ).toBe(true);
      for (const phase of ['Failed', 'Error']) {
        const a = items.find(i => i.status.operationState.phase === phase);
        expect(a.status.sync.status).toBe('Synced');
        expect(a.status.health.status).toBe('Healthy');
      }
    });

    it('runs a sync asynchronously: accepted, Running, then Succeeded with a history entry', async () => {
      const app = (await listAll()).find(
        a =>
          a.metadata.labels['pc-scol.fr/usage'] === 'production' &&
          a.status.operationState.phase === 'Succeeded',
      );
      const name = app.metadata.name;
      const historyBefore = app.status.history.length;
      const accepted = await post(`/api/v1/applications/${name}/sync`, {
        revisions: [app.spec.sources[0].targetRevision],
        sourcePositions: [1],
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body.operation.sync.revisions).toHaveLength(2);
      expect(accepted.body.status.operationState).toBeUndefined();

      expect(
        (await post(`/api/v1/applications/${name}/sync`, {})).body,
      ).toEqual({
        error:
          'error setting app operation: another operation is already in progress',
        code: 9,
        message:
          'error setting app operation: another operation is already in progress',
      });
      await until(
        async () =>
          (
            await get(`/api/v1/applications/${name}`)
          ).body.status.operationState?.phase === 'Running',
      );
      await until(
        async () =>
          (await get(`/api/v1/applications/${name}`)).body.operation ===
          undefined,
      );
      const done = (await get(`/api/v1/applications/${name}`)).body;
      expect(done.status.operationState.phase).toBe('Succeeded');
      expect(done.status.operationState.finishedAt).toEqual(expect.any(String));
      expect(done.status.history).toHaveLength(Math.min(10, historyBefore + 1));
      expect(done.status.history.at(-1).initiatedBy).toEqual({
        username: 'portal',
      });
    });

    it('ends Failed without a history entry for a failing app', async () => {
      const app = (await listAll()).find(
        a =>
          a.metadata.labels['pc-scol.fr/usage'] === 'production' &&
          a.status.operationState.phase === 'Succeeded' &&
          a.status.sync.status === 'Synced',
      );
      const name = app.metadata.name;
      faults.failOperationApps = [name];
      const before = (await get(`/api/v1/applications/${name}`)).body.status
        .history.length;
      expect((await post(`/api/v1/applications/${name}/sync`, {})).status).toBe(
        200,
      );
      await until(
        async () =>
          (
            await get(`/api/v1/applications/${name}`)
          ).body.status.operationState?.phase === 'Failed',
      );
      const done = (await get(`/api/v1/applications/${name}`)).body;
      expect(done.status.operationState.message).toMatch(
        /^one or more objects failed to apply, reason: /,
      );
      expect(done.status.history).toHaveLength(before);
      expect(done.status.sync.status).toBe('Synced');
    });

    it('refuses rollback on auto-sync apps and an unknown history id', async () => {
      const items = await listAll();
      const auto = items.find(a => a.spec.syncPolicy?.automated);
      const ns = auto.metadata.namespace;
      expect(
        await post(`/api/v1/applications/${auto.metadata.name}/rollback`, {
          id: 1,
          appNamespace: ns,
        }),
      ).toEqual({
        status: 400,
        body: {
          error: 'rollback cannot be initiated when auto-sync is enabled',
          code: 9,
          message: 'rollback cannot be initiated when auto-sync is enabled',
        },
      });
      const manual = items.find(
        a => !a.spec.syncPolicy?.automated && a.metadata.namespace === 'argocd',
      );
      expect(
        (
          await post(`/api/v1/applications/${manual.metadata.name}/rollback`, {
            id: 999,
          })
        ).body.message,
      ).toBe(
        `application ${manual.metadata.name} does not have deployment with id 999`,
      );
    });

    it('checks the multi-source revisions of an auto-sync app as its version does', async () => {
      const auto = (await listAll()).find(
        a =>
          a.spec.syncPolicy?.automated &&
          a.metadata.namespace !== 'pegase-previews',
      );
      const answer = await post(
        `/api/v1/applications/${auto.metadata.name}/sync`,
        {
          appNamespace: auto.metadata.namespace,
          revisions: ['feature/unreviewed'],
          sourcePositions: [2],
        },
      );
      // v2.14.21 compares the request with the sources it overwrote: accepted
      expect(answer.status).toBe(profile === 'v2.14' ? 200 : 400);
      expect(
        profile === 'v2.14'
          ? answer.body.operation.sync.sources[1].targetRevision
          : answer.body.message,
      ).toBe(
        profile === 'v2.14'
          ? 'feature/unreviewed'
          : `Cannot sync source ${auto.spec.sources[1].repoURL} to feature/unreviewed: auto-sync currently set to main`,
      );
      expect(
        (
          await post(`/api/v1/applications/${auto.metadata.name}/sync`, {
            appNamespace: auto.metadata.namespace,
            revisions: ['x'],
            sourcePositions: [3],
          })
        ).body,
      ).toEqual({
        // checked before the operation in progress (resolveSourceRevisions)
        error: 'source position is out of range',
        code: 2,
        message: 'source position is out of range',
      });
    });

    it('answers 415 to a POST whose Content-Type is not application/json', async () => {
      const name = (await listAll())[0].metadata.name;
      expect(
        await call(`/api/v1/applications/${name}/sync`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'text/plain' },
        }),
      ).toEqual({ status: 415, body: 'Invalid content type\n' });
      expect(
        (await call(`/api/v1/applications/${name}/sync`, { method: 'POST' }))
          .status,
      ).toBe(415);
    });

    it('answers 401 with the error body of a gRPC Unauthenticated', async () => {
      const res = await fetch(`${argocd.url}/api/v1/applications`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: 'no session information',
        code: 16,
        message: 'no session information',
      });
    });
  },
);
