import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { directoryFileSource } from '@pcscol/plugin-pegase-node';
import { createFixtureRepo, writeFiles } from '../__testUtils__/fixtureRepo';
import { readPegaseEntities } from '../transform';
import { runAddons } from './addons';
import { runApplications } from './applications';

// Reading the demo repository is slow on a busy 2-core machine.
jest.setTimeout(60_000);

const DEMO = path.resolve(__dirname, '../../../../catalog/demo-gitops');

async function run(
  command: typeof runAddons,
  args: string[],
): Promise<{ code: number; out: string; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command(
    args,
    s => out.push(s),
    s => err.push(s),
  );
  return { code, out: out.join(''), err };
}

describe('pegase-catalog applications', () => {
  it('prints every Application the ApplicationSets generate, as the backend renders them', async () => {
    const { snapshot } = await readPegaseEntities(directoryFileSource(DEMO));
    const r = await run(runApplications, ['--repo', DEMO]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const apps = JSON.parse(r.out);
    const addonApps = snapshot.addons!.flatMap(a => a.applications);
    expect(apps).toHaveLength(
      snapshot.generatedApplications!.length + addonApps.length,
    );
    expect(apps.map((a: any) => a.metadata.name)).toEqual([
      ...snapshot.generatedApplications!.map(a => a.name),
      ...addonApps.map(a => a.name),
    ]);
    for (const a of apps) {
      expect(a.apiVersion).toBe('argoproj.io/v1alpha1');
      expect(a.kind).toBe('Application');
    }
    // an instance's Application deploys its chart version and values to its cluster
    const instance = snapshot.instances[0];
    const json = JSON.parse(
      fs.readFileSync(path.join(DEMO, instance.file), 'utf8'),
    );
    const app = apps.find((a: any) => a.metadata.name === instance.name);
    expect(app.spec.destination.name).toBe(json.cluster);
    expect(app.spec.sources[0].helm.valueFiles).toEqual([
      `$values/${path.posix.dirname(instance.file)}/values.yaml`,
    ]);
  });

  it('selects instances, add-ons and clusters, and prints YAML documents naming what each deploys', async () => {
    const { snapshot } = await readPegaseEntities(directoryFileSource(DEMO));
    const instance = snapshot.instances[1];
    const addon = snapshot.addons![0];
    const cluster = addon.clusters[0];
    const r = await run(runApplications, [
      '--repo',
      DEMO,
      '--instance',
      instance.name,
      '--addon',
      addon.name,
      '--format',
      'yaml',
    ]);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.out).map(d => d.toJS());
    expect(docs.map(d => d.metadata.name)).toEqual([
      instance.name,
      ...addon.applications.map(a => a.name),
    ]);
    expect(r.out).toContain(
      `# ApplicationSet ${addon.applicationSet}: add-on ${addon.name} on cluster ${cluster}`,
    );

    const one = await run(runApplications, [
      '--repo',
      DEMO,
      '--addon',
      addon.name,
      '--cluster',
      cluster,
    ]);
    const apps = JSON.parse(one.out);
    expect(apps).toHaveLength(1);
    expect(apps[0].metadata.name).toBe(
      addon.applications.find(a => a.cluster === cluster)!.name,
    );
    expect(apps[0].spec.source.targetRevision).toBe(addon.version);
  });

  it('names what it does not know, and refuses bad options', async () => {
    const r = await run(runApplications, [
      '--repo',
      DEMO,
      '--instance',
      'no-such-instance',
      '--cluster',
      'no-such-cluster',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toEqual([
      'error: unknown instance "no-such-instance"',
      'error: unknown cluster "no-such-cluster"',
    ]);
    expect((await run(runApplications, ['--nope'])).code).toBe(2);
    const format = await run(runApplications, [
      '--repo',
      DEMO,
      '--format',
      'table',
    ]);
    expect(format.code).toBe(2);
    expect(format.err[0]).toMatch(/--format must be json or yaml, not table/);
    expect((await run(runApplications, [])).err).toEqual([
      'error: --repo is required',
    ]);
  });
});

describe('pegase-catalog addons', () => {
  it('prints the add-on x cluster matrix of the demo: cluster versions from their files, add-on versions from their ApplicationSets', async () => {
    const r = await run(runAddons, ['--repo', DEMO]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.out);
    const files = fs.readdirSync(path.join(DEMO, 'clusters')).sort();
    expect(m.clusters.map((c: any) => `${c.name}.yaml`)).toEqual(files);
    for (const c of m.clusters) {
      const doc = parse(
        fs.readFileSync(path.join(DEMO, 'clusters', `${c.name}.yaml`), 'utf8'),
      );
      expect(c).toMatchObject({
        type: doc.labels['pc-scol.fr/cluster-type'],
        kubernetesVersion: doc.kubernetesVersion,
        talosVersion: doc.talosVersion,
      });
    }
    const file = 'argocd/addons/data/strimzi.yaml';
    const set = parse(fs.readFileSync(path.join(DEMO, file), 'utf8'));
    const source = set.spec.template.spec.source;
    const row = m.matrix[source.chart];
    const dataClusters = m.clusters
      .filter((c: any) => c.type === 'data')
      .map((c: any) => c.name);
    expect(Object.keys(row).sort()).toEqual(dataClusters);
    for (const cluster of dataClusters)
      expect(row[cluster]).toEqual([
        {
          addon: set.metadata.name,
          version: source.targetRevision,
          application: expect.stringContaining(cluster),
        },
      ]);

    const t = await run(runAddons, ['--repo', DEMO, '--format', 'table']);
    const lines = t.out.split('\n');
    expect(lines[0].split(/\s+/)).toEqual([
      'ADD-ON',
      '\\',
      'CLUSTER',
      ...m.clusters.map((c: any) => c.name),
    ]);
    expect(lines.find(l => l.startsWith('kubernetes '))!.split(/\s+/)).toEqual([
      'kubernetes',
      ...m.clusters.map((c: any) => c.kubernetesVersion),
    ]);
    expect(lines.find(l => l.startsWith(`${source.chart} `))).toBeDefined();
  });

  describe('on a crafted repository', () => {
    let dir: string;
    beforeAll(() => {
      dir = createFixtureRepo();
      const cluster = (name: string, region: string, type?: string) =>
        `name: ${name}\nregion: ${region}\nusage: production\napiServer: https://${name}.example.invalid:6443\nkubernetesVersion: v1.33.5\ntalosVersion: v1.11.5\nlabels:\n  pc-scol.fr/region: ${region}\n${
          type ? `  pc-scol.fr/cluster-type: ${type}\n` : ''
        }`;
      const addon = (name: string, region: string, version: string) =>
        `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${name}
spec:
  goTemplate: true
  generators:
    - clusters:
        selector:
          matchLabels:
            pc-scol.fr/cluster-type: apps
            pc-scol.fr/region: ${region}
  template:
    metadata:
      name: "{{.name}}-ingress"
    spec:
      project: addons
      source:
        repoURL: https://charts.example.invalid
        chart: ingress-nginx
        targetRevision: ${version}
      destination:
        server: "{{.server}}"
        namespace: ingress
`;
      writeFiles(dir, {
        'clusters/sxb-prod-1.yaml': cluster('sxb-prod-1', 'eu-sxb-1', 'apps'),
        'clusters/cfe-prod-1.yaml': cluster('cfe-prod-1', 'fr-cfe-uca', 'apps'),
        'clusters/sxb-sandbox-1.yaml': cluster('sxb-sandbox-1', 'eu-sxb-1'),
        'argocd/addons/ingress-sxb.yaml': addon(
          'ingress-sxb',
          'eu-sxb-1',
          '4.13.3',
        ),
        'argocd/addons/ingress-cfe.yaml': addon(
          'ingress-cfe',
          'fr-cfe-uca',
          '4.12.0',
        ),
      });
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('tells a version skew between clusters of one type and a cluster no add-on targets', async () => {
      const r = await run(runAddons, ['--repo', dir]);
      const m = JSON.parse(r.out);
      expect(m.matrix['ingress-nginx']).toEqual({
        'sxb-prod-1': [
          {
            addon: 'ingress-sxb',
            version: '4.13.3',
            application: 'sxb-prod-1-ingress',
          },
        ],
        'cfe-prod-1': [
          {
            addon: 'ingress-cfe',
            version: '4.12.0',
            application: 'cfe-prod-1-ingress',
          },
        ],
      });
      expect(m.warnings).toEqual([
        'cluster sxb-sandbox-1 is targeted by no add-on ApplicationSet',
        'ingress-nginx: clusters of type apps declare different versions: 4.12.0 (cfe-prod-1), 4.13.3 (sxb-prod-1)',
      ]);
      expect(r.err).toEqual(
        expect.arrayContaining(m.warnings.map((w: string) => `warning: ${w}`)),
      );
    });
  });
});
