import fs from 'node:fs';
import path from 'node:path';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { directoryFileSource } from '@pcscol/plugin-pegase-node';
import { createFixtureRepo, writeFiles } from '../__testUtils__/fixtureRepo';
import { readPegaseEntities } from '.';

const byRef = (entities: Entity[]) =>
  new Map(entities.map(e => [stringifyEntityRef(e), e]));

// Loading client-node and the git server is slow on a busy 2-core machine.
jest.setTimeout(60_000);

describe('readPegaseEntities', () => {
  let dir: string;
  beforeAll(() => {
    dir = createFixtureRepo();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('emits the umbrella chart entities with aliases, types, APIs, databases and topics', async () => {
    const r = await readPegaseEntities(directoryFileSource(dir));
    expect(r.problems.filter(p => p.severity === 'error')).toEqual([]);
    const chart = byRef(r.chart);
    const system = chart.get('system:default/pegase')!;
    expect(system.spec).toEqual({ owner: 'ops', domain: 'pegase' });
    expect(system.metadata.annotations!['pc-scol.fr/chart-version']).toBe(
      '24.1.0',
    );

    // one chart used twice through aliases: two entities sharing pc-scol.fr/sub-chart
    const ins = chart.get('component:default/ins')!;
    const batch = chart.get('component:default/ins-batch')!;
    expect(ins.metadata.annotations!['pc-scol.fr/sub-chart']).toBe(
      'ins-backend',
    );
    expect(batch.metadata.annotations!['pc-scol.fr/sub-chart']).toBe(
      'ins-backend',
    );
    expect(ins.metadata.annotations!['pc-scol.fr/chart-version']).toBe('3.2.1'); // nested tgz
    expect(
      ins.metadata.annotations!['backstage.io/kubernetes-label-selector'],
    ).toBe('app.kubernetes.io/name=ins');
    expect(ins.spec).toMatchObject({
      type: 'service',
      owner: 'team-toulouse',
      system: 'pegase',
      providesApis: ['ins-api'],
      dependsOn: ['resource:ins', 'resource:ins-events'],
    });
    expect(
      ins.metadata.annotations!['backstage.io/managed-by-location'],
    ).toMatch(/^file:.*ins-backend-3\.2\.1\.tgz#/);

    const coc = chart.get('component:default/coc-backend')!;
    expect(coc.spec).toMatchObject({
      providesApis: ['coc-api'],
      consumesApis: ['ins-api'],
      dependsOn: [
        'resource:coc',
        'resource:coc-docs',
        'resource:ins-events',
        'resource:coc-events',
      ],
    });
    expect(coc.metadata.annotations!['pc-scol.fr/workload']).toBe('coc');
    expect(coc.metadata.annotations!['pc-scol.fr/service-account']).toBe(
      'coc-backend',
    );
    expect(chart.get('api:default/coc-api')!.spec!.definition).toContain(
      'title: COC',
    );
    expect(chart.get('api:default/ins-api')!.spec!.definition).toContain(
      'title: INS',
    );

    expect(chart.get('resource:default/postgresql')!.spec!.type).toBe(
      'database-server',
    );
    expect(chart.get('resource:default/kafka')!.spec!.type).toBe(
      'message-broker',
    );
    expect(chart.get('component:default/ref-frontend')!.spec!.type).toBe(
      'website',
    );
    expect(chart.get('component:default/optional-tool')!.spec!.type).toBe(
      'tool',
    );

    const db = chart.get('resource:default/coc-docs')!;
    expect(db.spec).toMatchObject({
      type: 'database',
      owner: 'team-strasbourg',
    });
    expect(db.metadata.annotations!['pc-scol.fr/engine']).toBe('mongodb');
    expect(
      chart.get('resource:default/ins')!.metadata.annotations![
        'pc-scol.fr/engine'
      ],
    ).toBe('postgres');
    expect(chart.get('resource:default/ins-events')!.spec).toMatchObject({
      type: 'kafka-topic',
      dependsOn: ['resource:kafka'],
    });
  });

  it('emits instances with conditions, per-instance values, disabledComponents and the JSON array form', async () => {
    const r = await readPegaseEntities(directoryFileSource(dir), {
      defaultArgocdInstance: 'argocd-main',
    });
    const inv = byRef(r.inventory);
    const a = inv.get('resource:default/univ-a')!;
    expect(a.spec!.type).toBe('pegase-instance');
    // values.yaml of univ-a disables coc-backend; optional-tool is off in the umbrella values
    expect(a.spec!.dependsOn).toEqual([
      'resource:sxb-prod-1',
      'component:ins',
      'component:ins-batch',
      'component:ref-frontend',
      'resource:postgresql',
      'resource:kafka',
    ]);
    expect(a.spec!.owner).toBe('team-toulouse');
    expect(a.metadata.annotations).toMatchObject({
      'pc-scol.fr/region': 'eu-sxb-1',
      'pc-scol.fr/usage': 'production',
      'pc-scol.fr/university': 'Université A',
      'pc-scol.fr/namespace': 'univ-a',
      'pc-scol.fr/chart-version': '24.1.0',
      'argocd/app-name': 'univ-a',
      'pc-scol.fr/argocd-instance': 'argocd-sxb',
      'pc-scol.fr/vault-path': 'pegase/univ-a',
      'backstage.io/kubernetes-namespace': 'univ-a',
    });
    // array form: two instances from one file
    const s1 = inv.get('resource:default/sandbox-1')!;
    const s2 = inv.get('resource:default/sandbox-2')!;
    expect(s1.metadata.annotations!['pc-scol.fr/source-file']).toBe(
      s2.metadata.annotations!['pc-scol.fr/source-file'],
    );
    expect(s1.spec!.dependsOn).not.toContain('component:ref-frontend');
    expect(s1.metadata.annotations!['pc-scol.fr/ttl']).toBe('2030-01-31');
    expect(s1.metadata.annotations!['pc-scol.fr/argocd-instance']).toBe(
      'argocd-main',
    );
    expect(s2.metadata.annotations!['pc-scol.fr/namespace']).toBe('sbx-2');
    // an older chartVersion runs the dependencies of that version (index.yaml)
    expect(s2.spec!.dependsOn).toEqual([
      'resource:sxb-sandbox-1',
      'component:ins',
      'component:ref-frontend',
      'resource:postgresql',
    ]);
    expect(inv.get('resource:default/pg-univ-a')!.spec).toEqual({
      type: 'postgres-cluster',
      owner: 'ops',
      dependencyOf: ['resource:default/univ-a'],
    });
    expect(inv.get('resource:default/kafka-shared')!.spec).toMatchObject({
      type: 'kafka-cluster',
      dependencyOf: ['component:default/coc-backend'],
    });
  });

  it('reports invalid names instead of mangling them, and keeps the other entities', async () => {
    const bad = createFixtureRepo();
    writeFiles(bad, {
      'clusters/Bad_Cluster_.yaml':
        'name: Bad_Cluster_\nregion: eu-sxb-1\nusage: sandbox\n',
    });
    const text = fs.readFileSync(
      path.join(bad, 'charts/pegase/charts/coc-backend/Chart.yaml'),
      'utf8',
    );
    fs.writeFileSync(
      path.join(bad, 'charts/pegase/charts/coc-backend/Chart.yaml'),
      text.replace('coc-events', 'coc events!'),
    );
    const r = await readPegaseEntities(directoryFileSource(bad));
    const names = [...r.chart, ...r.inventory, ...r.clusters].map(
      e => e.metadata.name,
    );
    expect(names).not.toContain('coc events!');
    expect(names).not.toContain('coc-events-');
    expect(names).not.toContain('Bad_Cluster_');
    expect(names).toContain('coc-backend');
    const messages = r.problems.map(p => p.message).join('\n');
    expect(messages).toMatch(/coc events!.*not a valid/);
    expect(messages).toMatch(/Bad_Cluster_/);
    fs.rmSync(bad, { recursive: true, force: true });
  });
});
