/*
 * Credentials written into a configured URL (a git source `http://oauth2:token@…`) or
 * read from ArgoCD (a cluster's API server) never reach an entity, which every catalog
 * reader sees, nor a log line.
 */
import fs from 'node:fs';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { directoryFileSource } from '@pcscol/plugin-pegase-node';
import { startGitHttpServer } from '@pcscol/stand-ins/git';
import { readPegaseProviderConfig } from './config';
import { PegaseIngestion } from './providers/PegaseIngestion';
import { readPegaseEntities } from './transform';
import { createFixtureRepo } from './__testUtils__/fixtureRepo';

// Loading the git server is slow on a busy 2-core machine.
jest.setTimeout(60_000);

const TOKEN = 'glpat-Secret_42';

/** An ingestion of `url` on `branch`, its three providers recorded. */
function ingestionOf(url: string, branch = 'main') {
  const config = readPegaseProviderConfig(
    new ConfigReader({
      catalog: {
        providers: { pegase: { source: { type: 'git', url, branch } } },
      },
    }),
  )!;
  const logger = mockServices.logger.mock();
  const ingestion = new PegaseIngestion({ config, logger });
  const mutations: EntityProviderMutation[] = [];
  for (const provider of Object.values(ingestion.providers)) {
    provider.connect({
      applyMutation: async m => {
        mutations.push(m);
      },
      refresh: async () => {},
    });
  }
  const entities = () =>
    mutations.flatMap(m =>
      m.type === 'full' ? m.entities.map(e => e.entity) : [],
    );
  const logged = () =>
    JSON.stringify(
      [logger.error, logger.warn, logger.info].flatMap(f => f.mock.calls),
    );
  return { ingestion, entities, logged };
}

describe('credentials in URLs', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startGitHttpServer>>;
  beforeAll(async () => {
    dir = createFixtureRepo();
    server = await startGitHttpServer({
      port: 0,
      gitopsDir: dir,
      token: TOKEN,
    });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reach no annotation of the entities read from a git source holding them', async () => {
    const url = server.repoUrl.replace('http://', `http://oauth2:${TOKEN}@`);
    const { ingestion, entities, logged } = ingestionOf(url);
    expect((await ingestion.refresh()).status).toBe('applied');
    const all: Entity[] = entities();
    const univA = all.find(e => e.metadata.name === 'univ-a')!;
    // the location still names the repository and the file, without the token
    expect(
      univA.metadata.annotations!['backstage.io/managed-by-location'],
    ).toBe(
      `url:${server.repoUrl.replace(
        'http://',
        'http://***@',
      )}#main/instances/eu-sxb-1/production/univ-a/instance.json`,
    );
    expect(all.length).toBeGreaterThan(10);
    expect(JSON.stringify(all)).not.toContain(TOKEN);
    expect(logged()).not.toContain(TOKEN);
  });

  it('reach no log line when the source cannot be read', async () => {
    const url = server.repoUrl.replace('http://', `http://oauth2:${TOKEN}@`);
    const { ingestion, logged } = ingestionOf(url, 'no-such-branch');
    expect((await ingestion.refresh()).status).toBe('failed');
    expect(logged()).toContain('branch no-such-branch not found');
    expect(logged()).toContain('http://***@127.0.0.1');
    expect(logged()).not.toContain(TOKEN);
  });

  it("reach no cluster entity from an ArgoCD cluster's API server", async () => {
    const r = await readPegaseEntities(directoryFileSource(dir), {
      argocdClusters: [
        {
          name: 'admin-only',
          server: `https://admin:${TOKEN}@k8s.example:6443`,
          secretName: 'cluster-admin-only',
          labels: {},
          location: `https://kube:${TOKEN}@kube.example/api/v1/namespaces/argocd/secrets/cluster-admin-only`,
        },
      ],
    });
    const cluster = r.clusters.find(e => e.metadata.name === 'admin-only')!;
    expect(cluster.metadata.annotations!['kubernetes.io/api-server']).toBe(
      'https://***@k8s.example:6443',
    );
    expect(JSON.stringify(r.clusters)).not.toContain(TOKEN);
    expect(JSON.stringify(r.problems)).not.toContain(TOKEN);
    expect(
      r.problems.some(p => p.message.includes('Secret cluster-admin-only')),
    ).toBe(true);
  });
});
