import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { directoryFileSource, memoryFileSource } from './source/sources';
import { readGitopsRepository } from './read';
import {
  baseRepo,
  makeTempDir,
  writeTree,
  type Tree,
} from './__testUtils__/fixtures';
import type { GitopsSnapshot } from './model/types';

const byName = (s: GitopsSnapshot, name: string) => {
  const i = s.instances.find(x => x.name === name);
  if (!i)
    throw new Error(
      `instance ${name} not found; problems: ${JSON.stringify(
        s.problems,
        null,
        2,
      )}`,
    );
  return i;
};

describe('readGitopsRepository', () => {
  let dir: string;
  let tree: Tree;
  let snapshot: GitopsSnapshot;

  beforeAll(async () => {
    tree = await baseRepo();
    dir = await makeTempDir();
    await writeTree(dir, tree);
    snapshot = await readGitopsRepository(directoryFileSource(dir));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('reads a valid repository without problems', () => {
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.filesWithErrors).toEqual([]);
    expect(snapshot.chart?.version).toBe('2.1.0');
    expect(snapshot.chart?.file).toBe('charts/pegase/Chart.yaml');
    expect(snapshot.chart?.location).toBe(
      join(dir, 'charts/pegase/Chart.yaml'),
    );
    expect(snapshot.releases.map(r => [r.version, r.current])).toEqual([
      ['2.1.0', true],
      ['2.0.0', false],
    ]);
    expect(snapshot.clusters.map(c => c.name)).toEqual(['cons-1', 'prod-1']);
    expect(snapshot.clusters[1]).toMatchObject({
      region: 'eu-sxb-1',
      usage: 'production',
      argocd: 'main',
      apiServer: 'https://prod-1:6443',
      labels: { tier: 'gold' },
    });
  });

  it('resolves aliases, nested tgz, folders, file:// repositories and Chart.lock', () => {
    const subs = snapshot.chart!.subCharts;
    expect(subs.map(s => [s.entityName, s.chartName, s.version])).toEqual([
      ['ins', 'ins-backend', '3.2.4'],
      ['ins-batch', 'ins-backend', '3.2.4'],
      ['coc-front', 'coc-front', '1.2.0'],
      ['ref-backend', 'ref-backend', '0.3.0'],
      ['kafka', 'kafka', '1.4.0'],
    ]);
    const ins = subs[0];
    expect(ins).toMatchObject({
      alias: 'ins',
      owner: 'team-toulouse',
      componentType: 'service',
      providesApis: ['ins-api'],
      consumesApis: ['ref-api', 'coc-api'],
      databases: [
        { name: 'ins', engine: 'postgres' },
        { name: 'ins-docs', engine: 'mongodb' },
      ],
      kafkaTopics: ['ins-events'],
      openapiPath: 'files/openapi.yaml',
      workload: 'ins-backend',
      serviceAccount: 'ins',
      values: { replicas: 2 },
      appVersion: '3.2.4-app',
      maintainers: [
        { name: 'Team ins-backend', email: 'ins-backend@example.org' },
      ],
      file: 'charts/pegase/charts/ins-backend-3.2.4.tgz#ins-backend/Chart.yaml',
    });
    expect(ins.openapi).toContain('title: INS');
    expect(subs[1]).toMatchObject({
      providesApis: ['ins-batch-api'],
      serviceAccount: 'ins-batch',
      workload: 'ins-backend',
    });
    expect(subs[2]).toMatchObject({
      componentType: 'website',
      owner: 'team-nantes',
      providesApis: [],
      workload: 'coc-front',
      file: 'charts/pegase/charts/coc-front/Chart.yaml',
    });
    expect(subs[3]).toMatchObject({
      providesApis: ['ref-api'],
      serviceAccount: 'ref-sa',
      openapi: 'openapi: 3.0.3\n',
      file: 'charts/ref-backend/Chart.yaml',
      owner: 'ops',
      componentType: 'service',
    });
    expect(subs[4]).toMatchObject({
      componentType: 'message-broker',
      providesApis: [],
    });
    expect(snapshot.chart!.lock?.dependencies).toHaveLength(5);
  });

  it('applies the reading rule: conditions over tags, first resolving condition, per-instance values, disabledComponents', () => {
    expect(byName(snapshot, 'univ-a').components).toEqual([
      'ins',
      'coc-front',
      'ref-backend',
      'kafka',
    ]);
    const b = byName(snapshot, 'univ-b');
    expect(b.components).toEqual(['ins', 'ins-batch', 'ref-backend']);
    expect(b.valuesFile).toBe(
      'instances/eu-sxb-1/production/univ-b/values.yaml',
    );
    expect(b.owner).toBe('team-strasbourg');
    expect(b.chartVersion).toBe('2.1.0');
    expect(b.subChartVersions).toEqual({
      ins: '3.2.4',
      'ins-batch': '3.2.4',
      'ref-backend': '0.3.0',
    });
  });

  it('uses index.yaml for older chart versions', () => {
    const old = byName(snapshot, 'univ-old');
    expect(old.components).toEqual(['ins', 'legacy-app']);
    expect(old.subChartVersions).toEqual({
      ins: '3.1.5',
      'legacy-app': '1.0.0',
    });
    expect(old.namespace).toBe('old-ns');
    expect(old.vaultPath).toBe('pegase/old-ns');
  });

  it('accepts an array instance.json and fills fields from the folder', () => {
    const s1 = byName(snapshot, 'sbx-1');
    expect(s1).toMatchObject({
      usage: 'sandbox',
      region: 'fr-cfe-uca',
      namespace: 'sbx-1',
      owner: 'ops',
      ttl: '2030-01-31',
      index: 0,
      chartVersion: '2.1.0',
    });
    expect(byName(snapshot, 'sbx-2').index).toBe(1);
    expect(snapshot.instances.map(i => i.name)).toEqual([
      'univ-a',
      'univ-b',
      'univ-old',
      'sbx-1',
      'sbx-2',
    ]);
  });

  it('reads dbaas, kaas and vault manifests', () => {
    expect(
      snapshot.dbaas[0].documents.map(d => [d.kind, d.name, d.requestedFor]),
    ).toEqual([
      ['postgresql', 'pg-reporting', 'resource.default.univ-a'],
      ['SecretEngineMount', 'pg-reporting-database', undefined],
    ]);
    expect(snapshot.dbaas[0].documents[1].line).toBe(10);
    expect(snapshot.kaas[0].documents.map(d => d.kind)).toEqual([
      'Kafka',
      'KafkaNodePool',
    ]);
    expect(Object.keys(snapshot.vault.instances)).toEqual(['univ-a']);
    expect(Object.keys(snapshot.vault.clusters)).toEqual(['prod-1']);
    expect(byName(snapshot, 'univ-a').vaultFiles).toEqual([
      'vault/univ-a/secret-engines.yaml',
    ]);
  });

  it('gives the same snapshot from an in-memory tree', async () => {
    const mem = await readGitopsRepository(
      memoryFileSource(tree, 'https://git.example/gitops/-/blob/main'),
    );
    expect(mem.problems).toEqual([]);
    expect(mem.instances.map(i => [i.name, i.components])).toEqual(
      snapshot.instances.map(i => [i.name, i.components]),
    );
    expect(mem.instances[0].location).toBe(
      'https://git.example/gitops/-/blob/main/instances/eu-sxb-1/production/univ-a/instance.json',
    );
  });
});

describe('readGitopsRepository with bad files', () => {
  let snapshot: GitopsSnapshot;
  const bad: Tree = {
    'instances/eu-sxb-1/production/broken-json/instance.json':
      '{\n  "name": "broken-json",\n  "cluster" "prod-1"\n}\n',
    'instances/eu-sxb-1/production/no-name/instance.json':
      '{\n  "cluster": "prod-1"\n}\n',
    'instances/fr-cfe-uca/production/univ-a/instance.json':
      '{\n  "name": "univ-a",\n  "cluster": "prod-1"\n}\n',
    'instances/eu-sxb-1/production/lost/instance.json':
      '{\n  "name": "lost",\n  "usage": "production",\n  "cluster": "mars-1"\n}\n',
    'instances/eu-sxb-1/production/future/instance.json':
      '{\n  "name": "future",\n  "cluster": "prod-1",\n  "chartVersion": "9.9.9"\n}\n',
    'instances/eu-sxb-1/production/Bad_Name/instance.json':
      '{\n  "name": "Bad_Name",\n  "cluster": "prod-1"\n}\n',
    'instances/eu-sxb-1/production/old-ttl/instance.json':
      '{\n  "name": "old-ttl",\n  "cluster": "prod-1",\n  "ttl": "next week"\n}\n',
    'instances/eu-sxb-1/production/moved/instance.json':
      '{\n  "name": "moved",\n  "region": "fr-cfe-uca",\n  "cluster": "prod-1",\n  "disabledComponents": ["nope"]\n}\n',
    'instances/eu-sxb-1/production/bad-values/instance.json':
      '{\n  "name": "bad-values",\n  "cluster": "prod-1"\n}\n',
    'instances/eu-sxb-1/production/bad-values/values.yaml':
      'a: 1\nb: 2\na: 3\n',
    'instances/eu-sxb-1/sandbox/mixed/instance.json':
      '[\n  { "name": "mixed-ok", "cluster": "cons-1" },\n  { "name": "mixed-bad", "cluster": "nowhere" }\n]\n',
    'clusters/broken.yaml': 'region: eu\nlabels: [unclosed\n',
    'dbaas/broken.yaml':
      'kind: postgresql\nmetadata:\n  name: x\n---\nkind: [\n',
  };

  beforeAll(async () => {
    snapshot = await readGitopsRepository(
      memoryFileSource({ ...(await baseRepo()), ...bad }),
    );
  });

  const problemsOf = (file: string) =>
    snapshot.problems.filter(p => p.file === file);

  it('reports each bad file with one clear problem', () => {
    const one = (file: string) => {
      const ps = problemsOf(file);
      expect(ps).toHaveLength(1);
      return ps[0];
    };
    expect(
      one('instances/eu-sxb-1/production/broken-json/instance.json'),
    ).toMatchObject({ severity: 'error', line: 3 });
    expect(
      one('instances/eu-sxb-1/production/broken-json/instance.json').message,
    ).toMatch(
      /^instances\/eu-sxb-1\/production\/broken-json\/instance.json, line 3: invalid JSON/,
    );
    expect(
      one('instances/eu-sxb-1/production/no-name/instance.json'),
    ).toMatchObject({ severity: 'error', field: 'name' });
    const dup = one('instances/fr-cfe-uca/production/univ-a/instance.json');
    expect(dup.line).toBe(2);
    expect(dup).toMatchObject({ severity: 'error', field: 'name' });
    expect(dup.message).toContain(
      'already defined in instances/eu-sxb-1/production/univ-a/instance.json',
    );
    const lost = one('instances/eu-sxb-1/production/lost/instance.json');
    expect(lost).toMatchObject({
      severity: 'error',
      field: 'cluster',
      line: 4,
      subject: 'lost',
    });
    expect(lost.message).toContain(
      "cluster 'mars-1' is not defined in clusters/ (known: cons-1, prod-1)",
    );
    expect(
      one('instances/eu-sxb-1/production/future/instance.json'),
    ).toMatchObject({ severity: 'error', field: 'chartVersion', line: 4 });
    expect(
      one('instances/eu-sxb-1/production/Bad_Name/instance.json'),
    ).toMatchObject({ severity: 'error', field: 'name' });
    expect(
      one('instances/eu-sxb-1/production/old-ttl/instance.json'),
    ).toMatchObject({ severity: 'error', field: 'ttl' });
    expect(
      one('instances/eu-sxb-1/production/bad-values/values.yaml'),
    ).toMatchObject({ severity: 'error', line: 3, subject: 'bad-values' });
    expect(
      one('instances/eu-sxb-1/production/bad-values/values.yaml').message,
    ).toMatch(
      /line 3: invalid YAML: Map keys must be unique.*instance bad-values ignored/,
    );
    expect(one('instances/eu-sxb-1/sandbox/mixed/instance.json')).toMatchObject(
      { severity: 'error', field: '[1].cluster', line: 3 },
    );
    expect(one('clusters/broken.yaml')).toMatchObject({
      severity: 'error',
      line: 3,
    });
    expect(one('dbaas/broken.yaml')).toMatchObject({ severity: 'error' });
  });

  it('reports folder disagreement and unknown disabledComponents as warnings', () => {
    const ps = problemsOf('instances/eu-sxb-1/production/moved/instance.json');
    expect(ps.map(p => [p.severity, p.field])).toEqual([
      ['warning', 'region'],
      ['warning', 'disabledComponents'],
    ]);
    const moved = snapshot.instances.find(i => i.name === 'moved');
    expect(moved?.region).toBe('fr-cfe-uca');
    expect(moved?.usage).toBe('production');
  });

  it('keeps everything else', () => {
    expect(snapshot.instances.map(i => i.name).sort()).toEqual([
      'mixed-ok',
      'moved',
      'sbx-1',
      'sbx-2',
      'univ-a',
      'univ-b',
      'univ-old',
    ]);
    expect(snapshot.instances.find(i => i.name === 'univ-a')?.file).toBe(
      'instances/eu-sxb-1/production/univ-a/instance.json',
    );
    expect(snapshot.clusters.map(c => c.name)).toEqual(['cons-1', 'prod-1']);
    expect(snapshot.dbaas.map(d => d.file)).toEqual([
      'dbaas/pg-reporting.yaml',
    ]);
    expect(snapshot.chart?.subCharts).toHaveLength(5);
    expect(snapshot.filesWithErrors).toContain('clusters/broken.yaml');
    expect(snapshot.filesWithErrors).not.toContain(
      'instances/eu-sxb-1/production/moved/instance.json',
    );
  });
});
