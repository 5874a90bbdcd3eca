import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import {
  ARGOCD_PROFILES,
  ArgocdProfileName,
  RunningArgocdStandIn,
  startArgocdStandIn,
} from '@pcscol/stand-ins/argocd';
import { makeFleet } from './__testUtils__/fleet';

/*
 * Contract test, run for each version profile of the ArgoCD stand-in: its
 * answers have the shapes of ArgoCD's own OpenAPI (apis/argocd/swagger.json,
 * object definitions made strict so that a misspelt field fails) and the
 * shapes of the real answers transcribed under src/__fixtures__/argocd (the
 * same keys present and absent: list items per `fields`, Go's always-present
 * fields, Missing nodes, operation states, error bodies). The test that feeds
 * the fixtures through the reading code is fixtures.contract.test.ts.
 */

const sharedDir =
  process.env.PEGASE_SHARED_DIR ??
  path.resolve(__dirname, '../../../../shared');
const swagger = JSON.parse(
  fs.readFileSync(path.join(sharedDir, 'apis/argocd/swagger.json'), 'utf8'),
);

function strict(defs: Record<string, any>): Record<string, any> {
  const out = JSON.parse(JSON.stringify(defs));
  const inAllOf = new Set<string>();
  for (const d of Object.values<any>(out)) {
    for (const part of d.allOf ?? [])
      if (part.$ref) inAllOf.add(part.$ref.split('/').pop());
  }
  for (const [name, d] of Object.entries<any>(out)) {
    if (
      d.type === 'object' &&
      d.properties &&
      !d.allOf &&
      !inAllOf.has(name) &&
      d.additionalProperties === undefined
    ) {
      d.additionalProperties = false;
    }
  }
  // ResourceNode = ResourceRef + own properties: merge them so it can be strict too
  const node = out.v1alpha1ResourceNode;
  node.properties = {
    ...out.v1alpha1ResourceRef.properties,
    ...node.properties,
  };
  delete node.allOf;
  node.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ $id: 'argocd', definitions: strict(swagger.definitions) });
const validator = (def: string): ValidateFunction =>
  ajv.getSchema(`argocd#/definitions/${def}`)!;

/** Go's `null` (a nil slice, map or pointer) is an absent value for the swagger. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, withoutNulls(x)]),
    );
  return v;
}

function expectValid(def: string, body: unknown) {
  const validate = validator(def);
  const ok = validate(withoutNulls(body));
  if (!ok)
    throw new Error(`${def}: ${ajv.errorsText(validate.errors?.slice(0, 5))}`);
}

const FIXTURES = path.join(__dirname, '__fixtures__', 'argocd');
interface Fixture {
  profile: 'v2.14' | 'v3.5' | 'any';
  request: string;
  status: number;
  body: any;
  cases?: Array<{
    what: string;
    profile?: string;
    status: number;
    body?: any;
    text?: string;
  }>;
}
const fixture = (file: string): Fixture =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
const fixtureFiles = fs
  .readdirSync(FIXTURES)
  .filter(f => f.endsWith('.json'))
  .sort();

/** Does a dotted path exist in an object (with `null` as a present value)? */
function has(obj: any, dotted: string): boolean {
  let v = obj;
  for (const p of dotted.split('.')) {
    if (v === null || typeof v !== 'object' || !(p in v)) return false;
    v = v[p];
  }
  return true;
}

/** The list keys (a profile's `fields` keys) an item holds. */
function listShape(item: any, keys: readonly string[]): string[] {
  return [...new Set(keys)].filter(k => has(item, k)).sort();
}

/** The keys of an object, for the shape of one level. */
const keysOf = (o: any) => Object.keys(o ?? {}).sort();

/** Fields Go always encodes (no `omitempty`, pkg/apis/application/v1alpha1/types.go). */
const ALWAYS = [
  'metadata.name',
  'metadata.namespace',
  'spec.destination',
  'spec.project',
  'status.sync.status',
  'status.sync.comparedTo.destination',
  'status.health',
];

jest.setTimeout(120_000);

describe.each<ArgocdProfileName>(['v2.14', 'v3.5'])(
  'ArgoCD stand-in contract, profile %s',
  profile => {
    let fleet: Awaited<ReturnType<typeof makeFleet>>;
    let argocd: RunningArgocdStandIn;
    const faults: Record<string, unknown> = {};
    const get = (p: string, token = argocd.token) =>
      fetch(`${argocd.url}${p}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const post = (p: string, body: unknown, token = argocd.token) =>
      fetch(`${argocd.url}${p}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    const listAll = async (): Promise<any[]> =>
      (await (await get('/api/v1/applications')).json()).items;
    const appPath = (a: any, sub = '') =>
      `/api/v1/applications/${a.metadata.name}${sub}${
        a.metadata.namespace === 'argocd'
          ? ''
          : `?appNamespace=${a.metadata.namespace}`
      }`;
    const until = async (check: () => Promise<boolean>) => {
      while (!(await check())) await new Promise(r => setTimeout(r, 20));
    };
    const applies = (f: { profile?: string }) =>
      !f.profile || f.profile === 'any' || f.profile === profile;

    beforeAll(async () => {
      fleet = await makeFleet(40);
      argocd = await startArgocdStandIn({
        port: 0,
        gitopsDir: fleet.dir,
        faults,
        profile,
        operationMs: 200,
      });
    });
    afterAll(async () => {
      await argocd?.stop();
      fleet?.cleanup();
    });
    afterEach(() => {
      for (const k of Object.keys(faults)) delete faults[k];
    });

    it('answers the version of its profile', async () => {
      expect((await (await get('/api/version')).json()).Version).toBe(
        ARGOCD_PROFILES[profile].version,
      );
    });

    it('lists one multi-source Application per instance (and the previews), valid against v1alpha1ApplicationList', async () => {
      const res = await get('/api/v1/applications');
      expect(res.status).toBe(200);
      const body = await res.json();
      expectValid('v1alpha1ApplicationList', body);
      // not the add-ons' Applications nor the app-of-apps (stand-ins addons.ts)
      const instances = body.items.filter(
        (a: any) =>
          a.metadata.namespace !== 'pegase-previews' &&
          a.spec.project === 'pegase' &&
          !a.spec.source?.path,
      );
      expect(instances.map((a: any) => a.metadata.name).sort()).toEqual(
        fleet.snapshot.instances.map(i => i.name).sort(),
      );
      const inst = fleet.snapshot.instances[0];
      const app = instances.find((a: any) => a.metadata.name === inst.name);
      const cluster = fleet.snapshot.clusters.find(
        c => c.name === inst.cluster,
      )!;
      expect(app.spec.project).toBe('pegase');
      expect(app.spec.destination).toEqual({
        server: cluster.apiServer,
        namespace: inst.namespace,
      });
      expect(app.spec.sources[0].chart).toBe('pegase');
      expect(app.spec.sources[0].helm.valueFiles[0]).toMatch(
        /^\$values\/instances\/.*\/values\.yaml$/,
      );
      expect(app.spec.sources[1]).toMatchObject({ ref: 'values' });
      for (const a of body.items)
        for (const k of ALWAYS)
          expect([a.metadata.name, k, has(a, k)]).toEqual([
            a.metadata.name,
            k,
            true,
          ]);
      // persisted resource health: 2.x yes, 3.x never (resourceHealthSource appTree)
      const withHealth = instances.flatMap((a: any) =>
        a.status.resources.filter((r: any) => r.health),
      );
      expect(withHealth.length > 0).toBe(
        ARGOCD_PROFILES[profile].persistResourceHealth,
      );
    });

    const lists = fixtureFiles.filter(
      f => f.startsWith('list-') && fixture(f).body.items !== null,
    );

    it('answers an empty list with items null, as list-empty.json', async () => {
      const f = fixture('list-empty.json');
      const query = f.request
        .split(' ')[1]
        .replace(/^\/api\/v1\/applications/, '');
      expect(await (await get(`/api/v1/applications${query}`)).json()).toEqual({
        metadata: { resourceVersion: expect.any(String) },
        items: null,
      });
    });

    it.each(lists.filter(f => applies(fixture(f))))(
      'answers the list of %s with the same keys',
      async file => {
        const f = fixture(file);
        const query = f.request
          .split(' ')[1]
          .replace(/^\/api\/v1\/applications/, '');
        const res = await get(`/api/v1/applications${query}`);
        expect(res.status).toBe(f.status);
        const mine = await res.json();
        expect(keysOf(mine)).toEqual(keysOf(f.body));
        expect(keysOf(mine.metadata)).toEqual(keysOf(f.body.metadata));
        const keys = ARGOCD_PROFILES[profile].listFields;
        const wanted = listShape(f.body.items[0], keys);
        for (const item of f.body.items)
          expect(listShape(item, keys)).toEqual(wanted);
        for (const item of mine.items)
          expect(listShape(item, keys)).toEqual(wanted);
        for (const item of mine.items)
          expect(has(item, 'status.sync.revisions')).toBe(false);
        // Go nulls only where a real list has them (nil maps, pointers,
        // finishedAt of a running operation)
        const nullsOf = (item: any): string[] =>
          keys.filter(
            k =>
              has(item, k) &&
              k.split('.').reduce((v: any, p) => v?.[p], item) === null,
          );
        const realNulls = new Set<string>(
          lists.flatMap(x => fixture(x).body.items).flatMap(nullsOf),
        );
        for (const k of new Set<string>(mine.items.flatMap(nullsOf)))
          expect([k, realNulls.has(k)]).toEqual([k, true]);
      },
    );

    it.each(lists.filter(f => !applies(fixture(f))))(
      'answers the request of %s (another version) with its own keys',
      async file => {
        // the same shape only when every key asked for is known to both
        // versions (e.g. items.spec), else another one
        const f = fixture(file);
        const other = ARGOCD_PROFILES[f.profile as ArgocdProfileName];
        const fields = new URL(
          `http://x${f.request.split(' ')[1]}`,
        ).searchParams.get('fields')!;
        const mine = await (
          await get(`/api/v1/applications?fields=${fields}`)
        ).json();
        const mineKeys = ARGOCD_PROFILES[profile].listFields;
        const sameKeys = fields
          .split(',')
          .every(
            k =>
              other.listFields.includes(k.slice(6)) ===
              mineKeys.includes(k.slice(6)),
          );
        const real = listShape(f.body.items[0], other.listFields).join();
        expect(listShape(mine.items[0], other.listFields).join() === real).toBe(
          sameKeys,
        );
      },
    );

    it('serves a single app with the shape of the real ones of its profile, valid against the swagger', async () => {
      const items = await listAll();
      const pegase = items.find(
        a =>
          a.metadata.namespace === 'argocd' &&
          a.spec.sources &&
          a.status.operationState.phase === 'Succeeded',
      );
      const preview = items.find(
        a => a.metadata.namespace === 'pegase-previews',
      );
      const multi = await (await get(appPath(pegase))).json();
      const single = await (await get(appPath(preview))).json();
      expectValid('v1alpha1Application', multi);
      expectValid('v1alpha1Application', single);
      const pairs: Array<[string, any]> = [];
      for (const file of fixtureFiles.filter(x => x.startsWith('app-'))) {
        const f = fixture(file);
        if (!applies(f) || f.body.status.operationState?.phase !== 'Succeeded')
          continue;
        pairs.push([file, f.body.spec.sources ? multi : single]);
      }
      expect(pairs.length).toBeGreaterThan(0);
      for (const [file, mine] of pairs) {
        const real = fixture(file).body;
        for (const k of ALWAYS)
          expect([file, k, has(real, k), has(mine, k)]).toEqual([
            file,
            k,
            true,
            true,
          ]);
        expect([
          file,
          has(mine, 'spec.source'),
          has(mine, 'spec.sources'),
        ]).toEqual([file, has(real, 'spec.source'), has(real, 'spec.sources')]);
        expect([
          file,
          has(mine, 'status.sync.revision'),
          has(mine, 'status.sync.revisions'),
        ]).toEqual([
          file,
          has(real, 'status.sync.revision'),
          has(real, 'status.sync.revisions'),
        ]);
        expect([file, keysOf(mine.status.operationState)]).toEqual([
          file,
          keysOf(real.status.operationState),
        ]);
        expect([file, keysOf(mine.status.operationState.syncResult)]).toEqual([
          file,
          keysOf(real.status.operationState.syncResult),
        ]);
        expect([file, keysOf(mine.status.history.at(-1))]).toEqual([
          file,
          keysOf(real.status.history.at(-1)),
        ]);
        expect([file, has(mine, 'operation')]).toEqual([file, false]);
      }
      // resource health as the version stores and serves it
      const exact = pairs.filter(
        ([file]) =>
          fixture(file).profile === profile &&
          fixture(file).body.status.resources,
      );
      expect(exact.length).toBeGreaterThan(0);
      for (const [file, mine] of exact) {
        const real = fixture(file).body;
        expect([file, mine.status.resourceHealthSource]).toEqual([
          file,
          real.status.resourceHealthSource,
        ]);
        expect([file, Boolean(mine.status.resources[0].health)]).toEqual([
          file,
          Boolean(real.status.resources[0].health),
        ]);
      }
    });

    it('serves resource trees as the real ones: images on Pods only, Missing nodes of its version', async () => {
      const items = await listAll();
      const missingApp = items.find(a => a.status.health.status === 'Missing');
      expect(missingApp).toBeDefined();
      const tree = await (
        await get(appPath(missingApp, '/resource-tree'))
      ).json();
      expectValid('v1alpha1ApplicationTree', tree);
      const real = fixture('tree-images-on-pods.json').body;
      const kindsWithImages = (t: any) => [
        ...new Set(
          t.nodes.filter((n: any) => n.images).map((n: any) => n.kind),
        ),
      ];
      expect(kindsWithImages(real)).toEqual(['Pod']);
      expect(kindsWithImages(tree)).toEqual(['Pod']);
      expect(keysOf(tree)).toEqual(keysOf(real));
      const realPod = real.nodes.find((n: any) => n.kind === 'Pod');
      const pod = tree.nodes.find((n: any) => n.kind === 'Pod');
      expect(keysOf(pod).filter(k => k !== 'networkingInfo')).toEqual(
        keysOf(realPod).filter(k => k !== 'networkingInfo'),
      );
      const byUid = new Map(tree.nodes.map((n: any) => [n.uid, n]));
      expect(
        tree.nodes
          .filter((n: any) => n.parentRefs)
          .every((n: any) => n.parentRefs.every((r: any) => byUid.has(r.uid))),
      ).toBe(true);

      const missingFixture = fixtureFiles.find(
        f => f.startsWith('tree-missing-node') && applies(fixture(f)),
      )!;
      const realMissing = fixture(missingFixture).body.nodes.find(
        (n: any) => !n.uid,
      );
      const missing = tree.nodes.filter((n: any) => !n.uid);
      expect(missing.length).toBeGreaterThan(0);
      for (const n of missing)
        expect(keysOf(n).filter(k => k !== 'group')).toEqual(
          keysOf(realMissing).filter(k => k !== 'group'),
        );
    });

    it('runs a sync through the same states as the real answers: accepted, Running, Succeeded', async () => {
      const inst = fleet.snapshot.instances.find(
        i => i.usage === 'production',
      )!;
      const app = (await listAll()).find(
        a => a.metadata.name === inst.name && a.metadata.namespace === 'argocd',
      );
      const syncReq = { name: inst.name, prune: false };
      expectValid('applicationApplicationSyncRequest', syncReq);
      const accepted = await post(appPath(app, '/sync'), syncReq);
      expect(accepted.status).toBe(200);
      const body = await accepted.json();
      expectValid('v1alpha1Application', body);
      const real = fixture('sync-accepted.v2.14.json').body;
      expect(keysOf(body)).toEqual(keysOf(real));
      expect(keysOf(body.operation)).toEqual(keysOf(real.operation));
      expect(has(body, 'status.operationState')).toBe(false);

      const conflict = await post(appPath(app, '/sync'), syncReq);
      const realErrors = fixture('errors.json').cases!;
      const another = realErrors.find(c => c.what.startsWith('sync while'))!;
      expect(conflict.status).toBe(another.status);
      expect(await conflict.json()).toEqual(another.body);

      let running: any;
      await until(async () => {
        running = await (await get(appPath(app))).json();
        return running.status.operationState?.phase === 'Running';
      });
      const realRunning = fixture('app-operation-running.v2.14.json').body;
      expect(keysOf(running.status.operationState)).toEqual(
        keysOf(realRunning.status.operationState),
      );
      expect(has(running, 'operation')).toBe(true);
      let done: any;
      await until(async () => {
        done = await (await get(appPath(app))).json();
        return !done.operation;
      });
      expectValid('v1alpha1Application', done);
      const realDone = fixture('app-operation-succeeded.v2.14.json').body;
      expect(done.status.operationState.phase).toBe('Succeeded');
      expect(keysOf(done.status.operationState)).toEqual(
        keysOf(realDone.status.operationState),
      );
      expect(keysOf(done.status.history.at(-1))).toEqual(
        keysOf(realDone.status.history.at(-1)),
      );

      faults.failOperationApps = [inst.name];
      expect((await post(appPath(app, '/sync'), syncReq)).status).toBe(200);
      await until(async () => {
        done = await (await get(appPath(app))).json();
        return !done.operation;
      });
      const realFailed = fixture(
        'app-operation-failed-synced-healthy.v2.14.json',
      ).body;
      expect(done.status.operationState.phase).toBe('Failed');
      expect(keysOf(done.status.operationState)).toEqual(
        keysOf(realFailed.status.operationState),
      );
      expect(
        keysOf(done.status.operationState.syncResult.resources[0]),
      ).toEqual(
        keysOf(realFailed.status.operationState.syncResult.resources[0]),
      );

      const rollback = await post(appPath(app, '/rollback'), {
        name: inst.name,
        id: done.status.history[0].id,
      });
      expect(rollback.status).toBe(200);
      expectValid('v1alpha1Application', await rollback.json());
    });

    it('has failed, errored, RollingSync and other-namespace apps shaped as the real ones', async () => {
      const items = await listAll();
      const failed = items.find(
        a => a.status.operationState?.phase === 'Failed',
      );
      const errored = items.find(
        a => a.status.operationState?.phase === 'Error',
      );
      expect(keysOf(failed.status.operationState)).toEqual(
        keysOf(
          fixture('app-operation-failed-synced-healthy.v2.14.json').body.status
            .operationState,
        ),
      );
      expect(keysOf(errored.status.operationState)).toEqual(
        keysOf(
          fixture('app-operation-error.v2.14.json').body.status.operationState,
        ),
      );
      const realRolling = fixture('app-rolling-sync.v2.14.json').body;
      const rolling = items.find(
        a =>
          a.metadata.ownerReferences?.[0]?.name === 'pegase-construction' &&
          a.status.history.at(-1).initiatedBy.username ===
            'applicationset-controller',
      );
      expect(rolling).toBeDefined();
      expect(rolling.spec.syncPolicy.automated).toBe(
        realRolling.spec.syncPolicy.automated,
      );
      expect(rolling.status.history.at(-1).initiatedBy).toEqual(
        realRolling.status.history.at(-1).initiatedBy,
      );
      expect(keysOf(rolling.status.operationState.operation)).toEqual(
        keysOf(realRolling.status.operationState.operation),
      );
      expect(rolling.metadata.ownerReferences[0].kind).toBe(
        realRolling.metadata.ownerReferences[0].kind,
      );
      const elsewhere = items.find(
        a => a.metadata.namespace === 'pegase-sandboxes',
      );
      expect(
        (await get(`/api/v1/applications/${elsewhere.metadata.name}`)).status,
      ).toBe(403);
      expect((await get(appPath(elsewhere))).status).toBe(200);
    });

    it('answers every error of errors.json for its profile with the same status and body shape', async () => {
      const items = await listAll();
      const auto = items.find(
        a => a.spec.syncPolicy?.automated && a.spec.sources,
      );
      const manual = items.find(
        a =>
          !a.spec.syncPolicy?.automated &&
          a.metadata.namespace === 'argocd' &&
          !a.operation,
      );
      const ns = (a: any) => ({ appNamespace: a.metadata.namespace });
      const tries: Record<string, () => Promise<Response>> = {
        'unknown app': () =>
          get(
            `/api/v1/applications/${
              items.find(a => a.metadata.namespace === 'pegase-sandboxes')
                .metadata.name
            }`,
          ),
        'unknown app with project': () =>
          get('/api/v1/applications/nope?project=pegase'),
        'rollback of an auto-sync app': () =>
          post(`/api/v1/applications/${auto.metadata.name}/rollback`, {
            id: 1,
            ...ns(auto),
          }),
        'rollback to an unknown history id': () =>
          post(`/api/v1/applications/${manual.metadata.name}/rollback`, {
            id: 42,
          }),
        'sync of an auto-sync multi-source app': () =>
          post(`/api/v1/applications/${auto.metadata.name}/sync`, {
            revisions: ['0.0.1-unreviewed'],
            sourcePositions: [2],
            ...ns(auto),
          }),
        'source position out of range': () =>
          post(`/api/v1/applications/${manual.metadata.name}/sync`, {
            revisions: ['x'],
            sourcePositions: [3],
          }),
        'no token': () => get('/api/v1/applications', ''),
        'POST without Content-Type': () =>
          fetch(
            `${argocd.url}/api/v1/applications/${manual.metadata.name}/sync`,
            {
              method: 'POST',
              headers: {
                authorization: `Bearer ${argocd.token}`,
                'content-type': 'text/plain',
              },
              body: '{}',
            },
          ),
      };
      const cases = fixture('errors.json').cases!.filter(
        c => !c.what.startsWith('sync while'),
      );
      // the longest name of a try that starts the case's text
      const tryOf = (what: string) =>
        Object.keys(tries)
          .filter(k => what.startsWith(k))
          .sort((a, b) => b.length - a.length)[0];
      for (const c of cases)
        expect([c.what, Boolean(tryOf(c.what))]).toEqual([c.what, true]);
      // the other version's errors are not answered as such
      for (const c of cases.filter(x => !applies(x))) {
        const res = await tries[tryOf(c.what)]();
        expect([c.what, res.status]).not.toEqual([c.what, c.status]);
      }
      const mine = cases.filter(x => applies(x));
      for (const c of mine.filter(x => x.text !== undefined)) {
        const res = await tries[tryOf(c.what)]();
        expect([c.what, res.status, await res.text()]).toEqual([
          c.what,
          c.status,
          c.text,
        ]);
      }
      for (const c of mine.filter(x => x.text === undefined)) {
        const res = await tries[tryOf(c.what)]();
        const got = await res.json();
        expect([c.what, res.status, keysOf(got), got.code]).toEqual([
          c.what,
          c.status,
          keysOf(c.body),
          c.body.code,
        ]);
        expect(got.error).toBe(got.message);
        expectValid('runtimeError', got);
      }
    });

    it('logs in with a session and answers 401 bodies valid as runtimeError', async () => {
      const bad = await post(
        '/api/v1/session',
        { username: 'admin', password: 'no' },
        '',
      );
      expect(bad.status).toBe(401);
      expectValid('runtimeError', await bad.json());
      const login = await post(
        '/api/v1/session',
        { username: 'admin', password: 'stand-in-admin-password' },
        '',
      );
      const session = await login.json();
      expectValid('sessionSessionResponse', session);
      expect(
        (
          await get(
            '/api/v1/applications?fields=items.metadata.name',
            session.token,
          )
        ).status,
      ).toBe(200);
      const wrong = await get('/api/v1/applications', 'nope');
      expect(wrong.status).toBe(401);
      expectValid('runtimeError', await wrong.json());
      faults.forbidden = true;
      expect((await get('/api/v1/applications')).status).toBe(403);
    });

    it('keeps per-resource health as its profile (or the persist fault) says, and fails on demand', async () => {
      faults.persistResourceHealth =
        !ARGOCD_PROFILES[profile].persistResourceHealth;
      const body = await (
        await get(
          '/api/v1/applications?fields=items.metadata.name,items.status.resources',
        )
      ).json();
      // a workload Application (an app-of-apps' resources have no health)
      const workloads = body.items.find((i: any) =>
        i.status.resources.every((r: any) => r.group !== 'argoproj.io'),
      );
      expect(
        workloads.status.resources.some((r: any) => r.health?.status),
      ).toBe(!ARGOCD_PROFILES[profile].persistResourceHealth);
      delete faults.persistResourceHealth;
      faults.malformed = true;
      const text = await (await get('/api/v1/applications')).text();
      expect(() => JSON.parse(text)).toThrow();
      delete faults.malformed;
      faults.serverError = 503;
      expect((await get('/api/v1/applications')).status).toBe(503);
    });
  },
);

describe('ArgoCD stand-in at scale', () => {
  it('derives a 1,000-instance fleet generated by @pcscol/demo-fleet (the bench fleet)', async () => {
    const big = await makeFleet(1000);
    const server = await startArgocdStandIn({
      port: 0,
      gitopsDir: big.dir,
    }); // the profile of PEGASE_ARGOCD_PROFILE
    try {
      const body = await (
        await fetch(
          `${server.url}/api/v1/applications?fields=items.metadata.name,items.spec,items.status.health`,
          {
            headers: { authorization: `Bearer ${server.token}` },
          },
        )
      ).json();
      // not the add-ons' Applications nor the app-of-apps (stand-ins addons.ts)
      const apps = body.items.filter(
        (a: any) => a.spec.project !== 'addons' && !a.spec.source?.path,
      );
      expect(apps).toHaveLength(1002); // and the two preview copies
      const degraded = body.items.filter(
        (a: any) => a.status.health.status === 'Degraded',
      ).length;
      expect(degraded).toBeGreaterThan(0);
      expect(degraded).toBeLessThan(100);
    } finally {
      await server.stop();
      big.cleanup();
    }
  });
});
