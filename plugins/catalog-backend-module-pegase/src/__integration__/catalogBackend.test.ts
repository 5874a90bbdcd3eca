import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EventsService } from '@backstage/plugin-events-node';
import { directoryFileSource } from '@pcscol/plugin-pegase-node';
import { generateFleet } from '@pcscol/demo-fleet';
import {
  CatalogTestBackend,
  dropTestDatabases,
  startCatalogTestBackend,
} from '../__testUtils__';
import { readPegaseEntities } from '../transform';

/*
 * The real catalog backend (@backstage/plugin-catalog-backend) on the
 * machine's PostgreSQL, with the Pégase providers over a generated fleet of
 * 1,000 instances: counts and relations through the catalog API, a push
 * event applied as a delta, and a bad file that removes nothing.
 */

const prefix = `pegase_it_${process.pid}_${Date.now().toString(36)}_`;

jest.setTimeout(300_000);

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 240_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} ${last ?? ''}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

describe('Pégase providers in the real catalog backend (PostgreSQL, 1,000 instances)', () => {
  let fleetDir: string;
  let catalog: CatalogTestBackend;
  let events: EventsService;
  let expected: Awaited<ReturnType<typeof readPegaseEntities>>;

  const api = async (p: string) => {
    const res = await fetch(`${catalog.baseUrl}${p}`, {
      headers: { authorization: mockCredentials.user.header() },
    });
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
    return res.json();
  };
  const count = async (filter: string) =>
    (
      await api(
        `/entities/by-query?filter=${encodeURIComponent(filter)}&limit=1`,
      )
    ).totalItems as number;
  const entity = async (ref: string): Promise<Entity | undefined> => {
    const [kind, rest] = ref.split(':');
    const [ns, name] = rest.split('/');
    const res = await fetch(
      `${catalog.baseUrl}/entities/by-name/${kind}/${ns}/${name}`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    return res.ok ? res.json() : undefined;
  };

  beforeAll(async () => {
    fleetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-it-fleet-'));
    generateFleet({ outDir: fleetDir, instances: 1000, seed: 42 });
    expected = await readPegaseEntities(directoryFileSource(fleetDir));
    catalog = await startCatalogTestBackend({
      prefix,
      catalog: {
        providers: {
          pegase: {
            source: { type: 'dir', path: fleetDir },
            schedule: {
              frequency: { hours: 1 },
              timeout: { minutes: 5 },
            },
            events: { debounceMs: 50 },
          },
        },
      },
    });
    events = catalog.events();
  });

  afterAll(async () => {
    await catalog?.backend.stop();
    await dropTestDatabases(prefix);
    fs.rmSync(fleetDir, { recursive: true, force: true });
  });

  it('serves every entity with its relations', async () => {
    expect(
      expected.inventory.filter(e => e.spec?.type === 'pegase-instance'),
    ).toHaveLength(1000);
    await waitFor('1,000 instances', async () =>
      (await count('kind=resource,spec.type=pegase-instance')) === 1000
        ? true
        : undefined,
    );
    // the engine processes the three providers' entities in its own order: wait for each count
    const counted = async (
      what: string,
      get: () => Promise<number>,
      n: number,
    ) => {
      const got = await waitFor(
        what,
        async () => ((await get()) === n ? n : undefined),
        60_000,
      ).catch(() => get());
      expect(`${what}: ${got}`).toBe(`${what}: ${n}`);
    };
    await counted('systems', () => count('kind=system'), 1);
    await counted(
      'sub-chart entities',
      async () =>
        (await count('kind=component,spec.system=pegase')) +
        (await count('kind=resource,spec.type=database-server')) +
        (await count('kind=resource,spec.type=message-broker')),
      57,
    );
    await counted(
      'databases',
      () => count('kind=resource,spec.type=database'),
      24,
    );
    await counted(
      'APIs',
      () => count('kind=api,spec.type=openapi'),
      expected.chart.filter(e => e.kind === 'API').length,
    );
    await counted(
      'clusters',
      () => count('kind=resource,spec.type=kubernetes-cluster'),
      expected.clusters.length,
    );
    // the ArgoCD objects of the generated fleet (fourth provider)
    const ofType = (t: string) =>
      expected.argocd.filter(e => e.spec?.type === t).length;
    expect(ofType('cluster-addon')).toBe(expected.snapshot.addons!.length);
    expect(ofType('cluster-addon')).toBeGreaterThan(0);
    for (const t of [
      'cluster-addon',
      'argocd-applicationset',
      'argocd-app-of-apps',
    ]) {
      await counted(t, () => count(`kind=resource,spec.type=${t}`), ofType(t));
    }
    expect(expected.argocd).toHaveLength(
      ofType('cluster-addon') +
        ofType('argocd-applicationset') +
        ofType('argocd-app-of-apps'),
    );
    // a cluster depends on its add-ons (both sides of the relation stitched)
    const cluster = expected.clusters.find(
      e => (e.spec?.dependsOn as string[] | undefined)?.length,
    )!;
    const addonRefs = cluster.spec!.dependsOn as string[];
    const stitchedCluster = await waitFor(
      'the add-on relations of a cluster',
      async () => {
        const e = await entity(`resource:default/${cluster.metadata.name}`);
        const n =
          e?.relations?.filter(
            r => r.type === 'dependsOn' && addonRefs.includes(r.targetRef),
          ).length ?? 0;
        return n === addonRefs.length ? e : undefined;
      },
    );
    expect(stitchedCluster.metadata.annotations).toMatchObject({
      'pc-scol.fr/cluster-type':
        cluster.metadata.annotations!['pc-scol.fr/cluster-type'],
      'pc-scol.fr/kubernetes-version': expect.any(String),
    });

    // relations: a component lists, as dependencyOf, every instance that runs it
    const component = expected.chart.find(
      e => e.kind === 'Component' && e.spec?.type === 'service',
    )!;
    const runners = expected.inventory.filter(e =>
      (e.spec?.dependsOn as string[] | undefined)?.includes(
        `component:${component.metadata.name}`,
      ),
    ).length;
    expect(runners).toBeGreaterThan(500);
    const stitched = await waitFor('relations of a component', async () => {
      const e = await entity(`component:default/${component.metadata.name}`);
      const n =
        e?.relations?.filter(
          r => r.type === 'dependencyOf' && r.targetRef.startsWith('resource:'),
        ).length ?? 0;
      return n >= runners ? e : undefined;
    });
    expect(stitched.relations!.map(r => r.type)).toEqual(
      expect.arrayContaining(['partOf', 'ownedBy']),
    );
    const instanceName = expected.inventory.find(
      e => e.spec?.type === 'pegase-instance',
    )!.metadata.name;
    const inst = await waitFor('relations of an instance', async () => {
      const e = await entity(`resource:default/${instanceName}`);
      return e?.relations?.some(
        r =>
          r.type === 'dependsOn' &&
          r.targetRef.startsWith('resource:default/') &&
          !r.targetRef.includes(instanceName),
      )
        ? e
        : undefined;
    });
    expect(inst.metadata.annotations!['pc-scol.fr/region']).toBeTruthy();
    // its spec.dependsOn, and the ApplicationSet generating its Application
    // (that ApplicationSet's dependencyOf, from the fourth provider)
    const declared = expected.inventory.find(
      e => e.metadata.name === instanceName,
    )!;
    const appSetRef = `resource:argocd/${
      declared.metadata.annotations!['pc-scol.fr/applicationset']
    }`;
    const wanted = (declared.spec!.dependsOn as string[]).length + 1;
    const withAppSet = await waitFor(
      'the ApplicationSet relation of an instance',
      async () => {
        const e = await entity(`resource:default/${instanceName}`);
        return e?.relations?.some(r => r.targetRef === appSetRef)
          ? e
          : undefined;
      },
    );
    expect(
      withAppSet.relations!.filter(r => r.type === 'dependsOn').length,
    ).toBe(wanted);
  });

  it('applies a push as a delta, and a bad file in the fleet removes nothing', async () => {
    const instances = expected.inventory.filter(
      e => e.spec?.type === 'pegase-instance',
    );
    const fileOf = (e: Entity) =>
      e.metadata.annotations!['pc-scol.fr/source-file'];
    const changed = instances[10];
    const broken = instances[20];
    const changedFile = path.join(fleetDir, fileOf(changed));
    const json = JSON.parse(fs.readFileSync(changedFile, 'utf8'));
    const target = Array.isArray(json)
      ? json.find((x: any) => x.name === changed.metadata.name)
      : json;
    target.university = 'Université renommée';
    fs.writeFileSync(changedFile, JSON.stringify(json, null, 2));
    fs.writeFileSync(path.join(fleetDir, fileOf(broken)), '{ "name": "oops", ');

    await events.publish({
      topic: 'gitlab.push',
      eventPayload: {
        object_kind: 'push',
        ref: 'refs/heads/main',
        after: 'f'.repeat(40),
        project: { web_url: 'https://gitlab.example/pcscol/gitops' },
        commits: [
          {
            added: [],
            modified: [fileOf(changed), fileOf(broken)],
            removed: [],
          },
        ],
        total_commits_count: 1,
      },
    });
    await waitFor('the change to be served', async () => {
      const e = await entity(`resource:default/${changed.metadata.name}`);
      return e?.metadata.annotations?.['pc-scol.fr/university'] ===
        'Université renommée'
        ? true
        : undefined;
    });
    expect(await count('kind=resource,spec.type=pegase-instance')).toBe(1000);
    expect(
      await entity(`resource:default/${broken.metadata.name}`),
    ).toBeDefined();
    expect(await count('kind=component')).toBe(
      expected.chart.filter(e => e.kind === 'Component').length,
    );
  });
});
