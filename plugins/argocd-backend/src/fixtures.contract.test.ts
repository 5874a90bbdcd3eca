/*
 * Every answer of real ArgoCD transcribed under src/__fixtures__/argocd (see
 * its README: source file and tag of each) fed through the backend's reading
 * code, with what the portal reads from it: live version, release, images
 * per component, health, Missing, operation state, app namespace, auto-sync
 * and RollingSync, error messages. A fixture without an expectation here
 * fails the test, so a new real answer cannot go unread.
 */
/* eslint-disable jest/no-standalone-expect -- the expectation tables (APPS,
   LISTS, TREES) hold the checks that each test below calls */
import fs from 'node:fs';
import path from 'node:path';
import { LIST_FIELDS, listItemsOf } from './services/ArgocdClient';
import { errorFromStatus } from './services/errors';
import {
  chartSourceOf,
  digestOf,
  groupResources,
  liteNodes,
  liveChartVersion,
  releaseOf,
  summarize,
  toHistory,
  toOverview,
} from './services/shapes';

const DIR = path.join(__dirname, '__fixtures__', 'argocd');
const read = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
const body = (file: string) => read(file).body;

/** What the portal reads of one Application (`GET /api/v1/applications/{name}`). */
interface AppExpectation {
  appNamespace: string;
  /** The umbrella version that runs (never a range or a commit). */
  live: string | undefined;
  targetRevision?: string;
  release: string;
  autoSync: boolean;
  managedBy?: 'RollingSync';
  operation: { phase: string; running: boolean; message?: RegExp };
  history: Array<{ id: number; chartVersion?: string }>;
}

const APPS: Record<string, AppExpectation> = {
  'app-helm-single-source.v2.14.json': {
    appNamespace: 'argocd',
    live: '1.16.1',
    targetRevision: '1.16.1',
    release: 'sealed-secrets',
    autoSync: false,
    operation: { phase: 'Succeeded', running: false },
    history: [
      { id: 1, chartVersion: '1.16.1' },
      { id: 0, chartVersion: '1.16.0' },
    ],
  },
  // targetRevision is a range: what runs is history[].revisions[0]
  'app-multi-source-chart-range.v2.14.json': {
    appNamespace: 'argocd',
    live: '15.18.0',
    targetRevision: '15.*',
    release: 'prometheus',
    autoSync: true,
    operation: { phase: 'Succeeded', running: false },
    history: [
      { id: 8, chartVersion: '15.18.0' },
      { id: 7, chartVersion: '15.17.0' },
    ],
  },
  // a `ref` source first, then a git path rendered by Helm with its own
  // releaseName: the revision is a commit, not a chart version
  'app-multi-source-ref-first.v2.14.json': {
    appNamespace: 'argocd',
    live: undefined,
    targetRevision: 'HEAD',
    release: 'helm-guestbook',
    autoSync: false,
    operation: { phase: 'Succeeded', running: false },
    history: [{ id: 0 }],
  },
  // OCI chart without `chart`: the revision is a digest, the version is the source's
  'app-oci-chart.v3.5.json': {
    appNamespace: 'argocd',
    live: '15.9.0',
    targetRevision: '15.9.0',
    release: 'nginx',
    autoSync: false,
    operation: { phase: 'Succeeded', running: false },
    history: [{ id: 0, chartVersion: '15.9.0' }],
  },
  'app-operation-error.v2.14.json': {
    appNamespace: 'argocd',
    live: undefined,
    targetRevision: 'HEAD',
    release: 'helm-guestbook',
    autoSync: false,
    operation: {
      phase: 'Error',
      running: false,
      message: /unable to resolve/,
    },
    history: [{ id: 0 }],
  },
  'app-operation-failed-synced-healthy.v2.14.json': {
    appNamespace: 'argocd',
    live: undefined,
    targetRevision: 'HEAD',
    release: 'helm-guestbook',
    autoSync: false,
    operation: {
      phase: 'Failed',
      running: false,
      message: /failed to apply/,
    },
    history: [{ id: 0 }],
  },
  'app-operation-running.v2.14.json': {
    appNamespace: 'argocd',
    live: undefined,
    targetRevision: 'HEAD',
    release: 'helm-guestbook',
    autoSync: false,
    operation: {
      phase: 'Running',
      running: true,
      message: /tasks are running/,
    },
    history: [{ id: 0 }],
  },
  'app-operation-succeeded.v2.14.json': {
    appNamespace: 'argocd',
    live: undefined,
    targetRevision: 'HEAD',
    release: 'helm-guestbook',
    autoSync: false,
    operation: { phase: 'Succeeded', running: false },
    history: [{ id: 1 }, { id: 0 }],
  },
  'app-other-namespace.v2.14.json': {
    appNamespace: 'some-namespace',
    live: undefined,
    targetRevision: 'HEAD',
    release: 'some-app',
    autoSync: true,
    operation: { phase: 'Succeeded', running: false },
    history: [{ id: 0 }],
  },
  // automated sync off, but not manual: RollingSync drives it
  'app-rolling-sync.v2.14.json': {
    appNamespace: 'argocd',
    live: undefined,
    targetRevision: 'HEAD',
    release: 'guestbook-dev',
    autoSync: false,
    managedBy: 'RollingSync',
    operation: { phase: 'Succeeded', running: false },
    history: [{ id: 4 }],
  },
  // POST sync answers before the sync runs: `.operation` set, no operationState
  'sync-accepted.v2.14.json': {
    appNamespace: 'argocd',
    live: undefined,
    targetRevision: 'HEAD',
    release: 'helm-guestbook',
    autoSync: false,
    operation: {
      phase: 'Running',
      running: true,
      message: /waiting for ArgoCD/,
    },
    history: [{ id: 0 }],
  },
};

/** What the portal reads of one list (`GET /api/v1/applications?fields=`). */
const LISTS: Record<
  string,
  (apps: ReturnType<typeof summarize>[], fields: string[]) => void
> = {
  'list-empty.json': apps => expect(apps).toEqual([]),
  // the portal's fields: every key is one v2.14 serves
  'list-fields-spec.v2.14.json': (apps, fields) => {
    expect(fields.every(f => LIST_FIELDS.includes(f))).toBe(true);
    expect(apps.length).toBeGreaterThan(0);
    for (const a of apps) {
      expect(a.project).toBeDefined();
      expect(a.destination.namespace ?? a.destination.server).toBeDefined();
      expect(a.namespace).toBeDefined();
    }
  },
  // what the portal used to ask: sub-keys give no spec at all before v3.5
  'list-fields-subkeys.v2.14.json': (apps, fields) => {
    expect(fields.some(f => !LIST_FIELDS.includes(f))).toBe(true);
    for (const a of apps) {
      expect(a.project).toBeUndefined();
      expect(a.chartVersion).toBeUndefined();
      expect(a.release).toBe(a.name);
    }
    // the same name in two namespaces: two Applications
    const names = apps.map(a => a.name);
    const keys = new Set(apps.map(a => `${a.namespace}/${a.name}`));
    expect(keys.size).toBe(apps.length);
    expect(new Set(names).size).toBeLessThan(names.length);
  },
  // v3.5 serves sub-keys; `source: null` and `sources: null` are tolerated
  'list-fields-subkeys.v3.5.json': apps => {
    expect(apps.length).toBeGreaterThan(0);
    for (const a of apps) expect(a.project).toBeDefined();
  },
};

/** What the portal reads of one resource tree. */
const TREES: Record<string, (file: string) => void> = {
  // images are on Pods only: the workload's version comes from its Pods
  'tree-images-on-pods.json': file => {
    const raw = body(file).nodes;
    const withImages = raw.filter((n: any) => n.images?.length);
    expect(withImages.length).toBeGreaterThan(0);
    expect(withImages.every((n: any) => n.kind === 'Pod')).toBe(true);
    const deployment = raw.find((n: any) => n.kind === 'Deployment');
    const expectTags = (nodes: any[], tags: string[]) => {
      const lite = liteNodes(nodes);
      const digest = digestOf(lite, 'helm-guestbook', '');
      expect(Object.values(digest.workloads).flatMap(w => w.v)).toEqual(tags);
      const group = groupResources(lite, 'helm-guestbook', [
        { name: 'guestbook', workload: deployment.name },
      ]).find(g => g.component === 'guestbook')!;
      expect(group.versions).toEqual(tags);
      expect(group.health).toBe('Healthy');
    };
    // the fixture's image (`bar`) has no tag
    expectTags(raw, []);
    // the same tree with a tagged image on the Pod: the Deployment's version
    expectTags(
      raw.map((n: any) =>
        n.kind === 'Pod' ? { ...n, images: ['reg.example/bar:1.2.3'] } : n,
      ),
      ['1.2.3'],
    );
  },
  // a Missing resource: no uid (and no health at 2.x), shown Missing
  'tree-missing-node.v2.14.json': file => missing(file),
  'tree-missing-node.v3.5.json': file => missing(file),
};

function missing(file: string) {
  const raw = body(file).nodes;
  const absent = raw.find((n: any) => !n.uid);
  expect(absent).toBeDefined();
  const nodes = liteNodes(raw);
  const lite = nodes.find(
    n => n.name === absent.name && n.kind === absent.kind,
  );
  expect(lite?.health).toBe('Missing');
  const groups = groupResources(nodes, 'helm-guestbook', [
    { name: 'worker', workload: absent.name },
  ]);
  expect(groups.find(g => g.component === 'worker')?.health).toBe('Missing');
  // the refresher's digest (the fleet's component health) says Missing too
  expect(digestOf(nodes, 'helm-guestbook', '').workloads[absent.name]?.h).toBe(
    'Missing',
  );
}

describe('real ArgoCD answers (src/__fixtures__/argocd) through the reading code', () => {
  const files = fs
    .readdirSync(DIR)
    .filter(f => f.endsWith('.json'))
    .sort();

  it('has an expectation for every fixture', () => {
    const known = new Set([
      ...Object.keys(APPS),
      ...Object.keys(LISTS),
      ...Object.keys(TREES),
      'errors.json',
    ]);
    expect(files.filter(f => !known.has(f))).toEqual([]);
    expect([...known].filter(f => !files.includes(f))).toEqual([]);
  });

  describe.each(Object.entries(APPS))('%s', (file, want) => {
    const app = body(file);
    const overview = toOverview(app, 'admin', 'https://argocd.example');
    const history = toHistory(app, 'admin');

    it('reads the live version, the release and the sync policy', () => {
      expect(liveChartVersion(app)).toBe(want.live);
      expect(overview.chartVersion).toBe(want.live);
      expect(overview.targetRevision).toBe(want.targetRevision);
      expect(releaseOf(app)).toBe(want.release);
      expect(overview.autoSync).toBe(want.autoSync);
      expect(overview.managedBy).toBe(want.managedBy);
      expect(history.managedBy).toBe(want.managedBy);
      expect(chartSourceOf(app.spec)).toBeDefined();
    });

    it('reads the namespace and links to it', () => {
      expect(overview.appNamespace).toBe(want.appNamespace);
      expect(overview.uiUrl).toBe(
        `https://argocd.example/applications/${want.appNamespace}/${app.metadata.name}`,
      );
    });

    it('reads the operation as ArgoCD reports it', () => {
      expect(overview.operation).toMatchObject({
        phase: want.operation.phase,
        running: want.operation.running,
      });
      expect(overview.operation?.message ?? '').toMatch(
        want.operation.message ?? /.*/,
      );
    });

    it('reads the history newest first, with the chart version of each entry', () => {
      expect(
        history.entries.map(e =>
          JSON.parse(
            JSON.stringify({ id: e.id, chartVersion: e.chartVersion }),
          ),
        ),
      ).toEqual(want.history);
      expect(history.entries[0]?.current).toBe(true);
    });
  });

  describe.each(Object.entries(LISTS))('%s', (file, check) => {
    it('is read whatever Go encoded as empty', () => {
      const fixture = read(file);
      const items = listItemsOf(fixture.body);
      expect(Array.isArray(items)).toBe(true);
      const fields =
        new URL(
          `http://x${fixture.request.replace(/^[A-Z]+ /, '')}`,
        ).searchParams
          .get('fields')
          ?.split(',') ?? [];
      check((items as any[]).map(summarize), fields);
    });
  });

  describe.each(Object.entries(TREES))('%s', (file, check) => {
    it('is read by component', () => {
      expect.hasAssertions();
      check(file);
    });
  });

  const KIND_OF_STATUS: Record<number, string> = {
    400: 'bad-request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
  };

  const ERROR_CASES: Array<[string, any]> = read('errors.json').cases.map(
    (c: any) => [c.what, c],
  );

  it.each(ERROR_CASES)("shows ArgoCD's own message: %s", (_what, c) => {
    const text =
      c.body === undefined || c.body === null
        ? String(c.text ?? '')
        : JSON.stringify(c.body);
    const err = errorFromStatus('admin', 'the call', c.status, text);
    expect(err.message).toContain(c.body?.message ?? `(`);
    expect(err.message).toContain(`ArgoCD 'admin'`);
    expect(err.kind).toBe(KIND_OF_STATUS[c.status] ?? 'server-error');
  });
});
