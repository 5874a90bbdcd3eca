import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { pushFiles, startGitHttpServer } from '@pcscol/stand-ins/git';
import { startGitlabApi } from '@pcscol/stand-ins/gitlab';
import { startGithubApi } from '@pcscol/stand-ins/github';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { readPegaseProviderConfig } from '../config';
import { createFixtureRepo, writeFiles } from '../__testUtils__/fixtureRepo';
import { PegaseIngestion, PegaseIngestionOptions } from './PegaseIngestion';

function recorder() {
  const mutations: EntityProviderMutation[] = [];
  return {
    mutations,
    connection: {
      applyMutation: async (m: EntityProviderMutation) => {
        mutations.push(m);
      },
      refresh: async () => {},
    },
  };
}

/** An ingestion over `dir` and a recorder per provider, not connected yet. */
function createIngestion(
  dir: string,
  extra: Record<string, unknown> = {},
  options: Partial<PegaseIngestionOptions> = {},
) {
  const config = readPegaseProviderConfig(
    new ConfigReader({
      catalog: {
        providers: {
          pegase: {
            source: { type: 'dir', path: dir },
            events: { debounceMs: 10 },
            ...extra,
          },
        },
      },
    }),
  )!;
  const logger = mockServices.logger.mock();
  const lookups: string[][] = [];
  const catalogState: Entity[] = [];
  const ingestion = new PegaseIngestion({
    config,
    logger,
    catalogLookup: async (_p, files) => {
      lookups.push(files);
      return catalogState.filter(e =>
        files.includes(e.metadata.annotations!['pc-scol.fr/source-file']),
      );
    },
    ...options,
  });
  const recs = {
    chart: recorder(),
    inventory: recorder(),
    clusters: recorder(),
    argocd: recorder(),
  };
  return { ingestion, recs, logger, lookups, catalogState };
}

/** The same, connected to the recorders. */
function setup(dir: string, extra: Record<string, unknown> = {}) {
  const created = createIngestion(dir, extra);
  for (const [k, r] of Object.entries(created.recs)) {
    (created.ingestion.providers as any)[k].connect(r.connection);
  }
  return created;
}

const refs = (m: EntityProviderMutation) =>
  m.type === 'full'
    ? m.entities.map(e => stringifyEntityRef(e.entity)).sort()
    : m.added.map(e => stringifyEntityRef(e.entity)).sort();

const INSTANCE_A = 'instances/eu-sxb-1/production/univ-a/instance.json';

// Loading client-node and the git server is slow on a busy 2-core machine.
jest.setTimeout(60_000);

describe('PegaseIngestion', () => {
  let dir: string;
  beforeEach(() => {
    dir = createFixtureRepo();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('with readOnConnect, reads once when the catalog has connected all four providers', async () => {
    const { ingestion, recs, logger } = createIngestion(
      dir,
      {},
      {
        readOnConnect: true,
      },
    );
    await ingestion.providers.chart.connect(recs.chart.connection);
    await ingestion.providers.inventory.connect(recs.inventory.connection);
    await ingestion.providers.argocd.connect(recs.argocd.connection);
    // three of four: nothing to apply to yet
    await new Promise(r => setTimeout(r, 200));
    expect(recs.chart.mutations).toHaveLength(0);

    await ingestion.providers.clusters.connect(recs.clusters.connection);
    // a second connect (a reconnecting catalog) does not read again
    await ingestion.providers.clusters.connect(recs.clusters.connection);
    await ingestion.refresh(); // queued behind the startup read
    expect(recs.inventory.mutations.map(m => m.type)).toEqual(['full', 'full']);
    expect(refs(recs.inventory.mutations[0])).toContain(
      'resource:default/univ-a',
    );
    const reads = logger.info.mock.calls
      .map(c => String(c[0]))
      .filter(m => /^Pégase catalog \((startup|schedule)\) read in/.test(m));
    expect(reads.map(m => m.split(')')[0])).toEqual([
      'Pégase catalog (startup',
      'Pégase catalog (schedule',
    ]);
  });

  it('applies full mutations with a stable locationKey', async () => {
    const { ingestion, recs } = setup(dir);
    const r = await ingestion.refresh();
    expect(r.status).toBe('applied');
    const inv = recs.inventory.mutations[0];
    expect(inv.type).toBe('full');
    expect(refs(inv)).toContain('resource:default/univ-a');
    expect(
      new Set((inv as any).entities.map((e: any) => e.locationKey)),
    ).toEqual(new Set(['pegase-provider:pegase-inventory']));
    expect(refs(recs.chart.mutations[0])).toContain('system:default/pegase');
    expect(refs(recs.clusters.mutations[0])).toHaveLength(3);
  });

  it('keeps the entities of a file that became broken', async () => {
    const { ingestion, recs } = setup(dir);
    await ingestion.refresh();
    const before = recs.inventory.mutations[0];
    fs.writeFileSync(path.join(dir, INSTANCE_A), '{ "name": "univ-a", ');
    await ingestion.refresh();
    const after = recs.inventory.mutations[1];
    expect(refs(after)).toEqual(refs(before));
    // an unknown cluster is an error of that file too: entity kept as it was
    fs.writeFileSync(
      path.join(dir, INSTANCE_A),
      JSON.stringify({
        name: 'univ-a',
        cluster: 'nowhere',
        usage: 'production',
        region: 'eu-sxb-1',
      }),
    );
    await ingestion.refresh();
    const third = recs.inventory.mutations[2];
    expect(refs(third)).toEqual(refs(before));
    const a = (third as any).entities.find(
      (e: any) => e.entity.metadata.name === 'univ-a',
    );
    expect(a.entity.metadata.annotations['pc-scol.fr/cluster']).toBe(
      'sxb-prod-1',
    );
  });

  it('keeps the previous entities of files replaced by symlinks, and logs no byte of their target', async () => {
    const { ingestion, recs, logger } = setup(dir);
    await ingestion.refresh();
    const before = recs.inventory.mutations[0];
    const beforeChart = recs.chart.mutations[0];
    const outside = fs.mkdtempSync(path.join(path.dirname(dir), 'outside-'));
    try {
      const MARKER = 'INGESTION_OUTSIDE_MARKER_77d1';
      fs.writeFileSync(path.join(outside, 'secret'), `${MARKER}\n`);
      fs.writeFileSync(
        path.join(outside, 'instance.json'),
        JSON.stringify({
          name: 'univ-d',
          cluster: 'cfe-prod-1',
          university: MARKER,
        }),
      );
      // an instance.json, a sub-chart's OpenAPI file and a whole instance folder
      fs.rmSync(path.join(dir, INSTANCE_A));
      fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, INSTANCE_A));
      const api = 'charts/pegase/charts/coc-backend/api/coc.yaml';
      fs.rmSync(path.join(dir, api));
      fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, api));
      const folder = path.join(dir, 'instances/fr-cfe-uca/production/univ-d');
      fs.rmSync(folder, { recursive: true });
      fs.symlinkSync(outside, folder);
      await ingestion.refresh();
      expect(refs(recs.inventory.mutations[1])).toEqual(refs(before));
      expect(refs(recs.chart.mutations[1])).toEqual(refs(beforeChart));
      const coc = (recs.chart.mutations[1] as any).entities.find(
        (e: any) =>
          e.entity.kind === 'API' && e.entity.metadata.name === 'coc-api',
      );
      expect(coc.entity.spec.definition).toContain('openapi: 3.0.3');
      const logged = JSON.stringify([
        logger.error.mock.calls,
        logger.warn.mock.calls,
        logger.info.mock.calls,
        recs.inventory.mutations,
        recs.chart.mutations,
      ]);
      expect(logged).not.toContain(MARKER);
      expect(logged).toContain(`${INSTANCE_A} is a symlink; not read`);
      expect(logged).toContain(`${api} is a symlink; not read`);
      expect(logged).toContain(
        'instances/fr-cfe-uca/production/univ-d is a symlink; not read',
      );
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('re-reads with its parse cache: same entities, and a changed values.yaml counts', async () => {
    const { ingestion, recs } = setup(dir);
    await ingestion.refresh();
    await ingestion.refresh();
    const [first, second] = recs.inventory.mutations as any[];
    expect(second.entities).toEqual(first.entities);
    const deps = (m: any) =>
      m.entities.find((e: any) => e.entity.metadata.name === 'univ-a').entity
        .spec.dependsOn;
    expect(deps(first)).not.toContain('component:coc-backend');
    fs.writeFileSync(
      path.join(dir, 'instances/eu-sxb-1/production/univ-a/values.yaml'),
      'coc-backend:\n  enabled: true\n',
    );
    await ingestion.refresh();
    expect(deps(recs.inventory.mutations[2])).toContain(
      'component:coc-backend',
    );
  });

  it('at startup, when the catalog cannot answer yet, leaves a broken file to the scheduled run', async () => {
    fs.writeFileSync(path.join(dir, INSTANCE_A), 'not json');
    // the first lookup is the startup read's: the catalog is not serving yet
    let lookups = 0;
    const { ingestion, recs, logger } = createIngestion(
      dir,
      {},
      {
        readOnConnect: true,
        catalogLookup: async () => {
          lookups += 1;
          if (lookups === 1) throw new Error('connect ECONNREFUSED');
          return [];
        },
      },
    );
    for (const [k, r] of Object.entries(recs)) {
      await (ingestion.providers as any)[k].connect(r.connection);
    }
    await ingestion.refresh(); // the scheduled run, queued behind the startup read
    expect(lookups).toBe(2);
    // the startup read skipped the inventory (nothing deleted), with a warning
    expect(recs.inventory.mutations).toHaveLength(1);
    expect(recs.chart.mutations).toHaveLength(2);
    expect(logger.error).not.toHaveBeenCalledWith(
      expect.stringContaining('cannot read the catalog'),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('the next scheduled run applies it'),
    );
  });

  it('after a restart, keeps the entities of a broken file from the catalog', async () => {
    const first = setup(dir);
    await first.ingestion.refresh();
    const stored = (first.recs.inventory.mutations[0] as any).entities.map(
      (e: any) => ({
        ...e.entity,
        metadata: { ...e.entity.metadata, uid: 'x', etag: 'y' },
        relations: [],
      }),
    );
    fs.writeFileSync(path.join(dir, INSTANCE_A), 'not json');
    const second = setup(dir); // a new process: no memory
    second.catalogState.push(...stored);
    await second.ingestion.refresh();
    expect(second.lookups[0]).toContain(INSTANCE_A);
    const m = second.recs.inventory.mutations[0];
    expect(refs(m)).toContain('resource:default/univ-a');
    const kept = (m as any).entities.find(
      (e: any) => e.entity.metadata.name === 'univ-a',
    );
    expect(kept.entity.metadata.uid).toBeUndefined();
    expect(kept.entity.relations).toBeUndefined();
  });

  it('leaves the catalog as it was when the source cannot be read', async () => {
    const { ingestion, recs } = setup(path.join(dir, 'missing'));
    const r = await ingestion.refresh();
    expect(r.status).toBe('failed');
    expect(recs.inventory.mutations).toHaveLength(0);
    expect(recs.chart.mutations).toHaveLength(0);
  });

  it('leaves the chart entities when the umbrella Chart.yaml is broken', async () => {
    const { ingestion, recs } = setup(dir);
    await ingestion.refresh();
    fs.writeFileSync(path.join(dir, 'charts/pegase/Chart.yaml'), 'name: [');
    await ingestion.refresh();
    expect(recs.chart.mutations).toHaveLength(1);
  });

  it('applies a delta of only the changed entities on a push event', async () => {
    const { ingestion, recs } = setup(dir);
    await ingestion.refresh();
    const instance = JSON.parse(
      fs.readFileSync(path.join(dir, INSTANCE_A), 'utf8'),
    );
    instance.university = 'Université A (renamed)';
    fs.writeFileSync(path.join(dir, INSTANCE_A), JSON.stringify(instance));
    fs.rmSync(path.join(dir, 'instances/fr-cfe-uca'), { recursive: true });
    writeFiles(dir, {
      'instances/eu-sxb-1/construction/univ-e/instance.json': JSON.stringify({
        name: 'univ-e',
        usage: 'construction',
        region: 'eu-sxb-1',
        cluster: 'sxb-prod-1',
      }),
    });
    const ack = await ingestion.onEvent({
      topic: 'gitlab.push',
      eventPayload: {
        object_kind: 'push',
        ref: 'refs/heads/main',
        after: 'abc',
        project: { web_url: 'https://gitlab.example/pcscol/gitops' },
        commits: [
          {
            added: ['instances/eu-sxb-1/construction/univ-e/instance.json'],
            modified: [INSTANCE_A],
            removed: ['instances/fr-cfe-uca/production/univ-d/instance.json'],
          },
        ],
        total_commits_count: 1,
      },
    });
    expect(ack.status).toBe('queued');
    const r = await ack.read!;
    expect(r.status).toBe('applied');
    expect(recs.inventory.mutations).toHaveLength(2);
    const delta = recs.inventory.mutations[1];
    expect(delta.type).toBe('delta');
    expect(refs(delta)).toEqual([
      'resource:default/univ-a',
      'resource:default/univ-e',
    ]);
    expect((delta as any).removed).toEqual([
      {
        entityRef: 'resource:default/univ-d',
        locationKey: 'pegase-provider:pegase-inventory',
      },
    ]);
    // the chart and clusters providers were not concerned
    expect(recs.chart.mutations).toHaveLength(1);
    expect(recs.clusters.mutations).toHaveLength(1);

    // the same push on another topic is ignored; unrelated files too
    const dup = await ingestion.onEvent({
      topic: 'gitlab',
      eventPayload: {
        object_kind: 'push',
        ref: 'refs/heads/main',
        after: 'abc',
        commits: [{ modified: [INSTANCE_A] }],
      },
    });
    expect(dup.status).toBe('ignored');
    const readme = await ingestion.onEvent({
      topic: 'github.push',
      eventPayload: {
        ref: 'refs/heads/main',
        after: 'def',
        repository: { html_url: 'https://github.com/pcscol/gitops' },
        commits: [{ added: [], modified: ['README.md'], removed: [] }],
      },
    });
    expect(readme.status).toBe('ignored');
  });
});

/** A gate the test opens: the ArgoCD cluster list waits on it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>(r => {
    open = r;
  });
  return { open, opened };
}

describe('PegaseIngestion push events', () => {
  let dir: string;
  beforeEach(() => {
    dir = createFixtureRepo();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Connected, with a Kubernetes API whose list the test holds. */
  function setupHeld() {
    let hold: ReturnType<typeof gate> | undefined;
    let lists = 0;
    const created = createIngestion(
      dir,
      { kubernetes: { url: 'https://kube.invalid', token: 't' } },
      {
        listArgocdClusters: async () => {
          lists += 1;
          if (hold) await hold.opened;
          return [];
        },
      },
    );
    for (const [k, r] of Object.entries(created.recs)) {
      (created.ingestion.providers as any)[k].connect(r.connection);
    }
    return {
      ...created,
      lists: () => lists,
      hold: () => {
        hold = gate();
        return hold;
      },
    };
  }

  const githubPush = (after: string, commits: unknown[], extra = {}) => ({
    ref: 'refs/heads/main',
    before: 'b'.repeat(40),
    after,
    repository: { html_url: 'https://github.com/pcscol/gitops' },
    commits,
    ...extra,
  });

  it('acknowledges a push at once and reads after, whatever the read takes', async () => {
    const { ingestion, recs, hold } = setupHeld();
    await ingestion.refresh();
    const held = hold();
    let readDone = false;
    const ack = await ingestion.onEvent({
      topic: 'gitops',
      eventPayload: githubPush('c'.repeat(40), [
        {
          id: 'c',
          added: [],
          modified: ['clusters/sxb-prod-1.yaml'],
          removed: [],
        },
      ]),
      metadata: { 'x-github-event': 'push' },
    });
    ack.read!.then(() => {
      readDone = true;
    });
    // the answer came while the read is still held by the Kubernetes API
    expect(ack.status).toBe('queued');
    await new Promise(r => setTimeout(r, 50));
    expect(readDone).toBe(false);
    held.open();
    const r = await ack.read!;
    expect(r.status).toBe('applied');
    expect(r.results.clusters?.type).toBe('delta');
    expect(recs.clusters.mutations.map(m => m.type)).toEqual(['full']);
  });

  it('coalesces the pushes received during a read into one more read, losing none', async () => {
    const { ingestion, recs, hold, lists } = setupHeld();
    await ingestion.refresh();
    expect(lists()).toBe(1);
    const held = hold();
    const first = await ingestion.onEvent({
      topic: 'gitops',
      eventPayload: githubPush('1'.repeat(40), [
        {
          id: '1',
          added: [],
          modified: ['clusters/sxb-prod-1.yaml'],
          removed: [],
        },
      ]),
    });
    // wait until the first read is held in the cluster list
    while (lists() < 2) await new Promise(r => setTimeout(r, 5));
    writeFiles(dir, {
      'instances/eu-sxb-1/construction/univ-f/instance.json': JSON.stringify({
        name: 'univ-f',
        usage: 'construction',
        region: 'eu-sxb-1',
        cluster: 'sxb-prod-1',
      }),
      'clusters/sxb-sandbox-2.yaml':
        'name: sxb-sandbox-2\nregion: eu-sxb-1\nusage: sandbox\nlabels: {}\n',
    });
    const second = await ingestion.onEvent({
      topic: 'gitops',
      eventPayload: githubPush('2'.repeat(40), [
        {
          id: '2',
          added: ['instances/eu-sxb-1/construction/univ-f/instance.json'],
          modified: [],
          removed: [],
        },
      ]),
    });
    const third = await ingestion.onEvent({
      topic: 'gitops',
      eventPayload: githubPush('3'.repeat(40), [
        {
          id: '3',
          added: ['clusters/sxb-sandbox-2.yaml'],
          modified: [],
          removed: [],
        },
      ]),
    });
    expect([first.status, second.status, third.status]).toEqual([
      'queued',
      'queued',
      'queued',
    ]);
    held.open();
    const [r1, r2, r3] = await Promise.all([
      first.read!,
      second.read!,
      third.read!,
    ]);
    expect(r1.reason).toBe('push event');
    // the second and third were read together, once
    expect(r2).toBe(r3);
    expect(r2.reason).toBe('2 push events');
    expect(lists()).toBe(3);
    const entities = recs.inventory.mutations.flatMap(m =>
      m.type === 'delta' ? m.added.map(e => stringifyEntityRef(e.entity)) : [],
    );
    expect(entities).toContain('resource:default/univ-f');
    const clusters = recs.clusters.mutations.flatMap(m =>
      m.type === 'delta' ? m.added.map(e => stringifyEntityRef(e.entity)) : [],
    );
    expect(clusters).toContain('resource:default/sxb-sandbox-2');
  });

  it('re-reads every provider when a GitHub push under-reports its files', async () => {
    const { ingestion, recs } = setupHeld();
    await ingestion.refresh();
    writeFiles(dir, {
      'clusters/sxb-sandbox-2.yaml':
        'name: sxb-sandbox-2\nregion: eu-sxb-1\nusage: sandbox\nlabels: {}\n',
    });
    // GitHub leaves added/modified/removed empty on a very large commit
    const ack = await ingestion.onEvent({
      topic: 'gitops',
      eventPayload: githubPush('e'.repeat(40), [
        { id: 'e', added: [], modified: [], removed: [] },
      ]),
      metadata: { 'x-github-event': 'push' },
    });
    expect(ack.status).toBe('queued');
    await ack.read;
    const delta = recs.clusters.mutations[1];
    expect(delta.type).toBe('delta');
    expect(refs(delta)).toEqual(['resource:default/sxb-sandbox-2']);
  });

  it('ignores GitLab tag pushes, by their header and by their payload', async () => {
    const { ingestion } = setupHeld();
    await ingestion.refresh();
    // GitLab's tag_push payload has a GitHub push's shape (ref, repository, commits)
    const tagPush = {
      object_kind: 'tag_push',
      event_name: 'tag_push',
      before: '0'.repeat(40),
      after: 'f'.repeat(40),
      ref: 'refs/tags/v2026.12.0',
      checkout_sha: 'f'.repeat(40),
      project: { web_url: 'https://gitlab.example/pcscol/gitops' },
      repository: { homepage: 'https://gitlab.example/pcscol/gitops' },
      commits: [],
      total_commits_count: 0,
    };
    const byHeader = await ingestion.onEvent({
      topic: 'gitops',
      eventPayload: {
        ...tagPush,
        object_kind: undefined,
        event_name: undefined,
      },
      metadata: { 'x-gitlab-event': 'Tag Push Hook' },
    });
    expect(byHeader).toEqual({
      status: 'ignored',
      reason: 'gitops: tag push v2026.12.0 changes no branch',
    });
    const relayed = await ingestion.onEvent({
      topic: 'gitops',
      eventPayload: tagPush,
    });
    expect(relayed.status).toBe('ignored');
    const ping = await ingestion.onEvent({
      topic: 'gitops',
      eventPayload: { zen: 'Keep it logically awesome.', hook_id: 1 },
      metadata: { 'x-github-event': 'ping' },
    });
    expect(ping.status).toBe('ignored');
  });
});

describe('PegaseIngestion and a merge in the forge stand-ins (the demo world)', () => {
  // The forge fronts a repository that the git server serves: its push names
  // the repository by that server's URL (its clone URL), so a catalog reading
  // the server takes the push instead of ignoring it as another repository's.
  it.each(['gitlab', 'github'] as const)(
    'reads a git source again on the %s push of the repository it clones',
    async forge => {
      const dir = createFixtureRepo();
      const server = await startGitHttpServer({ port: 0, gitopsDir: dir });
      const options = {
        port: 0,
        repositories: { 'pegase/gitops': server.repositoryDir },
        cloneUrls: { 'pegase/gitops': server.repoUrl },
        // nobody listens: the delivery is recorded, and handed over below
        webhook: { url: 'http://127.0.0.1:9/api/events/http/gitops' },
      };
      const standIn =
        forge === 'gitlab'
          ? await startGitlabApi(options)
          : await startGithubApi(options);
      try {
        const { ingestion, recs } = setup(dir, {
          source: { type: 'git', url: server.repoUrl, branch: 'main' },
        });
        await ingestion.refresh();
        // a push moves main (as a reviewer's merge does): univ-a renamed
        const instance = JSON.parse(
          fs.readFileSync(path.join(dir, INSTANCE_A), 'utf8'),
        );
        instance.university = 'Université A (renamed)';
        const { before } = pushFiles(
          server.repositoryDir,
          { [INSTANCE_A]: JSON.stringify(instance) },
          'univ-a renamed',
        );

        const delivery = await standIn.sendPush(
          'pegase/gitops',
          'main',
          before,
        );
        const headers = Object.fromEntries(
          Object.entries(delivery!.headers).map(([k, v]) => [
            k.toLowerCase(),
            v,
          ]),
        );
        const ack = await ingestion.onEvent({
          topic: 'gitops',
          eventPayload: delivery!.payload,
          metadata: headers,
        });
        expect(ack).toMatchObject({ status: 'queued' });
        expect((await ack.read!).status).toBe('applied');
        // a second read, with univ-a's new name
        expect(recs.inventory.mutations).toHaveLength(2);
        const read = recs.inventory.mutations[1];
        const entities = read.type === 'full' ? read.entities : read.added;
        const univA = entities.find(e => e.entity.metadata.name === 'univ-a');
        expect(
          univA?.entity.metadata.annotations?.['pc-scol.fr/university'],
        ).toBe('Université A (renamed)');
      } finally {
        await standIn.stop();
        await server.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
