import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EventsService, eventsServiceRef } from '@backstage/plugin-events-node';
import { directoryFileSource } from '@pcscol/plugin-pegase-node';
import { generateFleet } from '@pcscol/demo-fleet';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogModulePegase } from '../module';
import { readPegaseEntities } from '../transform';

/*
 * The real catalog backend (@backstage/plugin-catalog-backend) on the
 * machine's PostgreSQL, with the Pégase providers over a generated fleet of
 * 1,000 instances: counts and relations through the catalog API, a push
 * event applied as a delta, and a bad file that removes nothing.
 */

// pg ships no types and @types/pg is not installed: a narrow local type
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as {
  Client: new (c: object) => {
    connect(): Promise<void>;
    query(q: string, v?: unknown[]): Promise<{ rows: any[] }>;
    end(): Promise<void>;
  };
};

const PG = {
  host: process.env.PEGASE_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.PEGASE_PG_PORT ?? 5432),
  user: process.env.PEGASE_PG_USER ?? 'postgres',
};
const prefix = `pegase_it_${process.pid}_${Date.now().toString(36)}_`;

jest.setTimeout(300_000);

async function dropDatabases() {
  const client = new Client({ ...PG, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const r of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

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
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let events: EventsService;
  let expected: Awaited<ReturnType<typeof readPegaseEntities>>;

  const api = async (p: string) => {
    const res = await fetch(
      `http://localhost:${backend.server.port()}/api/catalog${p}`,
      {
        headers: { authorization: mockCredentials.user.header() },
      },
    );
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
      `http://localhost:${backend.server.port()}/api/catalog/entities/by-name/${kind}/${ns}/${name}`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    return res.ok ? res.json() : undefined;
  };

  beforeAll(async () => {
    fleetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-it-fleet-'));
    generateFleet({ outDir: fleetDir, instances: 1000, seed: 42 });
    expected = await readPegaseEntities(directoryFileSource(fleetDir));
    const capture = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'pegase-test-capture',
      register(env) {
        env.registerInit({
          deps: { e: eventsServiceRef },
          async init({ e }) {
            events = e;
          },
        });
      },
    });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePegase,
        capture,
        databaseServiceFactory,
        // the real scheduler: startTestBackend's mock one never runs scheduled tasks
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:0',
              database: { client: 'pg', connection: PG, prefix },
            },
            catalog: {
              processingInterval: { seconds: 100 },
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
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await dropDatabases();
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
    expect(inst.relations!.filter(r => r.type === 'dependsOn').length).toBe(
      (
        expected.inventory.find(e => e.metadata.name === instanceName)!.spec!
          .dependsOn as string[]
      ).length,
    );
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
