import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import {
  LIST_FIELDS_WHITELIST,
  RunningArgocdStandIn,
  startArgocdStandIn,
} from '@pcscol/stand-ins/argocd';
import { makeFleet } from './__testUtils__/fleet';

/*
 * Contract test: the ArgoCD stand-in answers the shapes of ArgoCD's own
 * OpenAPI (apis/argocd/swagger.json). Object definitions are made strict
 * (no property the swagger does not define), so a misspelt field fails.
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

function expectValid(def: string, body: unknown) {
  const validate = validator(def);
  const ok = validate(body);
  if (!ok)
    throw new Error(`${def}: ${ajv.errorsText(validate.errors?.slice(0, 5))}`);
}

jest.setTimeout(120_000);

describe('ArgoCD stand-in contract (swagger.json)', () => {
  let fleet: Awaited<ReturnType<typeof makeFleet>>;
  let argocd: RunningArgocdStandIn;
  const faults: Record<string, unknown> = {};
  const get = (p: string, token = argocd.token) =>
    fetch(`${argocd.url}${p}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  beforeAll(async () => {
    fleet = await makeFleet(40);
    argocd = await startArgocdStandIn({
      port: 0,
      gitopsDir: fleet.dir,
      faults,
    });
  });
  afterAll(async () => {
    await argocd?.stop();
    fleet?.cleanup();
  });

  it('lists one multi-source Application per instance, valid against v1alpha1ApplicationList', async () => {
    const res = await get('/api/v1/applications');
    expect(res.status).toBe(200);
    const body = await res.json();
    expectValid('v1alpha1ApplicationList', body);
    expect(body.items.map((a: any) => a.metadata.name).sort()).toEqual(
      fleet.snapshot.instances.map(i => i.name).sort(),
    );
    const inst = fleet.snapshot.instances[0];
    const app = body.items.find((a: any) => a.metadata.name === inst.name);
    const cluster = fleet.snapshot.clusters.find(c => c.name === inst.cluster)!;
    expect(app.spec.project).toBe('pegase');
    expect(app.spec.destination).toEqual({
      server: cluster.apiServer,
      namespace: inst.namespace,
    });
    expect(app.spec.sources[0]).toMatchObject({
      chart: 'pegase',
      targetRevision: inst.chartVersion,
    });
    expect(app.spec.sources[0].helm.valueFiles[0]).toMatch(
      /^\$values\/instances\/.*\/values\.yaml$/,
    );
    expect(app.spec.sources[1]).toMatchObject({ ref: 'values' });
    expect(app.spec.sources[1].chart).toBeUndefined();
    // v3: no per-resource health in the list
    expect(app.status.resources.length).toBeGreaterThan(0);
    expect(app.status.resources.every((r: any) => r.health === undefined)).toBe(
      true,
    );
    expect(app.status.resourceHealthSource).toBe('appTree');
    // a realistic spread
    const health = new Set(body.items.map((a: any) => a.status.health.status));
    expect(health.has('Healthy')).toBe(true);
    expect(health.size).toBeGreaterThan(1);
  });

  it('returns only the requested whitelisted fields, and honours selector and projects', async () => {
    const res = await get(
      '/api/v1/applications?fields=items.metadata.name,items.status.sync.status,items.status.history,items.spec.destination.namespace',
    );
    const body = await res.json();
    expectValid('v1alpha1ApplicationList', body);
    for (const item of body.items) {
      expect(Object.keys(item).sort()).toEqual(['metadata', 'spec', 'status']);
      expect(Object.keys(item.metadata)).toEqual(['name']);
      expect(Object.keys(item.status)).toEqual(['sync']); // status.history is not whitelisted
      expect(Object.keys(item.status.sync)).toEqual(['status']);
      expect(Object.keys(item.spec)).toEqual(['destination']);
      expect(Object.keys(item.spec.destination)).toEqual(['namespace']);
    }
    expect(LIST_FIELDS_WHITELIST).not.toContain('status.history');
    const inst = fleet.snapshot.instances[3];
    const sel = await (
      await get(
        `/api/v1/applications?selector=${encodeURIComponent(
          `pegase/instance=${inst.name}`,
        )}&fields=items.metadata.name`,
      )
    ).json();
    expect(sel.items).toEqual([{ metadata: { name: inst.name } }]);
    const other = await (
      await get(
        '/api/v1/applications?projects=default&fields=items.metadata.name',
      )
    ).json();
    expect(other.items).toEqual([]);
  });

  it('serves a single app, its resource tree, sync and rollback, valid against the swagger', async () => {
    const inst = fleet.snapshot.instances.find(
      i =>
        i.usage === 'production' &&
        i.chartVersion === fleet.snapshot.chart!.version,
    )!;
    const app = await (await get(`/api/v1/applications/${inst.name}`)).json();
    expectValid('v1alpha1Application', app);
    expect(app.status.history.length).toBeGreaterThan(1);
    expect(app.status.history[0]).toHaveProperty('revisions');
    expect(app.status.history[0]).toHaveProperty('sources');
    expect(app.status.history[0]).toHaveProperty('deployedAt');
    const tree = await (
      await get(`/api/v1/applications/${inst.name}/resource-tree`)
    ).json();
    expectValid('v1alpha1ApplicationTree', tree);
    const byUid = new Map(tree.nodes.map((n: any) => [n.uid, n]));
    const pods = tree.nodes.filter((n: any) => n.kind === 'Pod');
    expect(pods.length).toBeGreaterThan(0);
    expect(
      pods.every((p: any) => p.parentRefs.every((r: any) => byUid.has(r.uid))),
    ).toBe(true);
    expect(tree.nodes.every((n: any) => n.labels === undefined)).toBe(true);
    const sub = fleet.snapshot.chart!.subCharts.find(
      s =>
        s.componentType === 'service' && inst.components.includes(s.entityName),
    )!;
    const workload = tree.nodes.find(
      (n: any) =>
        n.kind === 'Deployment' &&
        (n.name === sub.workload || n.name === `${inst.name}-${sub.workload}`),
    );
    expect(workload).toBeDefined();
    expect(workload.images[0].endsWith(`:${sub.appVersion}`)).toBe(true);

    const syncReq = { name: inst.name, prune: false };
    expectValid('applicationApplicationSyncRequest', syncReq);
    const sync = await fetch(
      `${argocd.url}/api/v1/applications/${inst.name}/sync`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${argocd.token}` },
        body: JSON.stringify(syncReq),
      },
    );
    expect(sync.status).toBe(200);
    const synced = await sync.json();
    expectValid('v1alpha1Application', synced);
    expect(synced.status.operationState.phase).toBe('Succeeded');

    const rollback = await fetch(
      `${argocd.url}/api/v1/applications/${inst.name}/rollback`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${argocd.token}` },
        body: JSON.stringify({ name: inst.name, id: 1 }),
      },
    );
    expect(rollback.status).toBe(200);
    expectValid('v1alpha1Application', await rollback.json());
  });

  it('logs in with a session and answers 401, 403, 404 and runtimeError bodies', async () => {
    const bad = await fetch(`${argocd.url}/api/v1/session`, {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: 'no' }),
    });
    expect(bad.status).toBe(401);
    expectValid('runtimeError', await bad.json());
    const login = await fetch(`${argocd.url}/api/v1/session`, {
      method: 'POST',
      body: JSON.stringify({
        username: 'admin',
        password: 'stand-in-admin-password',
      }),
    });
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

    expect((await get('/api/v1/applications', '')).status).toBe(401);
    const wrong = await get('/api/v1/applications', 'nope');
    expect(wrong.status).toBe(401);
    expectValid('runtimeError', await wrong.json());
    const unknown = await get('/api/v1/applications/nope');
    expect(unknown.status).toBe(403);
    expect((await get('/api/v1/applications/nope?project=pegase')).status).toBe(
      404,
    );
    faults.forbidden = true;
    try {
      expect((await get('/api/v1/applications')).status).toBe(403);
    } finally {
      delete faults.forbidden;
    }
  });

  it('keeps per-resource health in the list with persistResourceHealth, and fails on demand', async () => {
    faults.persistResourceHealth = true;
    try {
      const body = await (
        await get(
          '/api/v1/applications?fields=items.metadata.name,items.status.resources',
        )
      ).json();
      expect(
        body.items[0].status.resources.some((r: any) => r.health?.status),
      ).toBe(true);
    } finally {
      delete faults.persistResourceHealth;
    }
    faults.malformed = true;
    try {
      const text = await (await get('/api/v1/applications')).text();
      expect(() => JSON.parse(text)).toThrow();
    } finally {
      delete faults.malformed;
    }
    faults.serverError = 503;
    try {
      expect((await get('/api/v1/applications')).status).toBe(503);
    } finally {
      delete faults.serverError;
    }
  });

  it('derives a 1,000-instance fleet generated by @pcscol/demo-fleet (the bench fleet)', async () => {
    const big = await makeFleet(1000);
    const server = await startArgocdStandIn({ port: 0, gitopsDir: big.dir });
    try {
      const body = await (
        await fetch(
          `${server.url}/api/v1/applications?fields=items.metadata.name,items.status.health`,
          {
            headers: { authorization: `Bearer ${server.token}` },
          },
        )
      ).json();
      expect(body.items).toHaveLength(1000);
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
