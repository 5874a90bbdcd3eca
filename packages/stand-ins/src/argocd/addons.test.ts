import path from 'node:path';
import { addonScenarios, previousVersion } from './addons';
import { RunningArgocdStandIn, startArgocdStandIn } from './index';
import { readRepository } from './follow';

// the demo GitOps repository checked into the project (read only)
// eslint-disable-next-line no-restricted-syntax
const gitopsDir = path.resolve(__dirname, '../../../../catalog/demo-gitops');

jest.setTimeout(60_000);

describe('previousVersion', () => {
  it('lowers the patch, else the minor, else the major, keeping the v', () => {
    expect(previousVersion('v1.19.1')).toBe('v1.19.0');
    expect(previousVersion('4.13.0')).toBe('4.12.0');
    expect(previousVersion('2.0.0')).toBe('1.0.0');
    expect(previousVersion('0.0.0')).toBe('0.0.0');
    expect(previousVersion('main')).toBe('main');
  });
});

describe('addonScenarios', () => {
  it('makes one Degraded and one OutOfSync among two or more, the same every time', () => {
    const names = ['a-cert-manager', 'b-cert-manager', 'a-velero', 'b-velero'];
    const first = addonScenarios(names);
    expect([...first.values()].sort()).toEqual([
      'degraded',
      'healthy',
      'healthy',
      'outofsync',
    ]);
    expect(addonScenarios([...names].reverse())).toEqual(first);
    expect([...addonScenarios(['only']).values()]).toEqual(['healthy']);
  });
});

describe('the add-on and app-of-apps Applications of the demo', () => {
  let argocd: RunningArgocdStandIn;
  let addons: Array<{
    applicationSet: string;
    version?: string;
    clusters: string[];
    apps: string[];
  }>;
  const get = async (p: string) => {
    const res = await fetch(`${argocd.url}${p}`, {
      headers: { authorization: `Bearer ${argocd.token}` },
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    const { snapshot } = await readRepository({ gitopsDir });
    addons = (snapshot.addons ?? []).map(a => ({
      applicationSet: a.applicationSet,
      version: a.version,
      clusters: a.clusters,
      apps: a.applications.map(g => g.name),
    }));
    argocd = await startArgocdStandIn({ port: 0, gitopsDir, profile: 'v2.14' });
  });
  afterAll(() => argocd.stop());

  it('serves one Application per add-on and selected cluster, owned by its ApplicationSet, at the declared version', async () => {
    const { body } = await get('/api/v1/applications?projects=addons');
    const items = body.items.filter((a: any) => a.metadata.ownerReferences);
    const byName = new Map<string, any>(
      items.map((a: any) => [a.metadata.name, a]),
    );
    const expected = addons.flatMap(a => a.apps.map(name => ({ ...a, name })));
    expect(expected.length).toBeGreaterThan(10);
    expect(items).toHaveLength(expected.length);
    for (const a of expected) {
      const app = byName.get(a.name);
      expect(app).toBeDefined();
      expect(app.metadata.ownerReferences[0]).toMatchObject({
        kind: 'ApplicationSet',
        name: a.applicationSet,
        controller: true,
      });
      expect(app.spec.source.targetRevision).toBe(a.version);
      expect(app.status.sync.revision).toBe(a.version);
    }
  });

  it('holds one Degraded add-on and one OutOfSync whose history still runs the previous version', async () => {
    const { body } = await get('/api/v1/applications?projects=addons');
    const degraded = body.items.filter(
      (a: any) => a.status.health.status === 'Degraded',
    );
    const outOfSync = body.items.filter(
      (a: any) => a.status.sync.status === 'OutOfSync',
    );
    expect(degraded).toHaveLength(1);
    expect(outOfSync).toHaveLength(1);
    const app = outOfSync[0];
    const history = app.status.history;
    expect(history[history.length - 1].revision).toBe(
      previousVersion(app.spec.source.targetRevision),
    );
    expect(app.status.operationState.phase).toBe('Failed');
    const tree = await get(
      `/api/v1/applications/${degraded[0].metadata.name}/resource-tree?appNamespace=argocd`,
    );
    expect(
      tree.body.nodes.some((n: any) => n.health?.status === 'Degraded'),
    ).toBe(true);
  });

  it('serves the app-of-apps with their ApplicationSets as resources and the generated Applications in the tree', async () => {
    const { status, body } = await get(
      '/api/v1/applications/addons-apps?appNamespace=argocd',
    );
    expect(status).toBe(200);
    expect(body.spec.source.path).toBe('argocd/addons/apps');
    const children = body.status.resources.map((r: any) => r.name);
    expect(children).toContain('addon-cert-manager-apps');
    expect(
      body.status.resources.every((r: any) => r.kind === 'ApplicationSet'),
    ).toBe(true);
    const tree = await get(
      '/api/v1/applications/addons-apps/resource-tree?appNamespace=argocd',
    );
    const owned = tree.body.nodes.filter(
      (n: any) =>
        n.kind === 'Application' &&
        n.parentRefs?.[0]?.name === 'addon-cert-manager-apps',
    );
    expect(owned.map((n: any) => n.name).sort()).toEqual(
      addons
        .find(a => a.applicationSet === 'addon-cert-manager-apps')!
        .apps.sort(),
    );
    const instances = await get(
      '/api/v1/applications/instances-production?appNamespace=argocd',
    );
    expect(instances.body.status.resources).toEqual([
      expect.objectContaining({
        kind: 'ApplicationSet',
        name: 'pegase-instances',
      }),
    ]);
  });
});
