import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  Entity,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  addonApplicationsOf,
  addonVersionOf,
  appOfAppsChildrenOf,
  argocdObjectEntityRef,
  clusterAddonEntityRef,
  isApplicationSet,
  isAppOfApps,
  isClusterAddon,
  isPegaseCluster,
  isPegaseInstance,
  PEGASE_ANNOTATIONS,
} from '@pcscol/plugin-pegase-common';
import { directoryFileSource } from '@pcscol/plugin-pegase-node';
import { createFixtureRepo, writeFiles } from '../__testUtils__/fixtureRepo';
import { PegaseEntities, readPegaseEntities } from '.';

// Reading the demo repository is slow on a busy 2-core machine.
jest.setTimeout(60_000);

const DEMO = path.resolve(__dirname, '../../../../catalog/demo-gitops');
const A = PEGASE_ANNOTATIONS;
const all = (r: PegaseEntities) => [
  ...r.chart,
  ...r.inventory,
  ...r.clusters,
  ...r.argocd,
];
const list = (e: Entity, field: 'dependsOn' | 'dependencyOf') =>
  ((e.spec?.[field] as string[] | undefined) ?? []).map(ref =>
    ref.includes('/') ? ref : ref.replace(':', ':default/'),
  );

describe('the ArgoCD objects as entities (demo repository)', () => {
  let r: PegaseEntities;
  let byRef: Map<string, Entity>;
  beforeAll(async () => {
    r = await readPegaseEntities(directoryFileSource(DEMO));
    byRef = new Map(all(r).map(e => [stringifyEntityRef(e), e]));
  });

  it('emits one entity per add-on, ApplicationSet and app-of-apps, all valid Resources, without problems', async () => {
    const snapshot = r.snapshot;
    expect(snapshot.addons!.length).toBeGreaterThan(0);
    expect(r.argocd.filter(isClusterAddon).map(e => e.metadata.name)).toEqual(
      snapshot.addons!.map(a => a.name),
    );
    expect(r.argocd.filter(isApplicationSet).map(e => e.metadata.name)).toEqual(
      snapshot.applicationSets!.map(s => s.name),
    );
    expect(r.argocd.filter(isAppOfApps).map(e => e.metadata.name)).toEqual(
      snapshot.applications!.filter(a => a.path).map(a => a.name),
    );
    for (const e of r.argocd) {
      await expect(resourceEntityV1alpha1Validator.check(e)).resolves.toBe(
        true,
      );
    }
    expect(
      r.problems.filter(
        p => p.severity === 'error' && p.file.startsWith('argocd/'),
      ),
    ).toEqual([]);
    expect(r.badFiles.argocd).toEqual([]);
  });

  it('describes an add-on: chart, repository, version, cluster type, ApplicationSet and the Application of each cluster', () => {
    const file = 'argocd/addons/apps/cert-manager.yaml';
    const doc = parse(fs.readFileSync(path.join(DEMO, file), 'utf8'));
    const source = doc.spec.template.spec.source;
    const addon = byRef.get(clusterAddonEntityRef(doc.metadata.name))!;
    expect(addon.spec).toMatchObject({
      type: 'cluster-addon',
      owner: 'ops',
    });
    expect(addon.metadata.annotations).toMatchObject({
      [A.addonChart]: source.chart,
      [A.chartRepository]: source.repoURL,
      [A.chartVersion]: source.targetRevision,
      [A.clusterType]:
        doc.spec.generators[0].clusters.selector.matchLabels[A.clusterType],
      [A.applicationSet]: doc.metadata.name,
      [A.sourceFile]: file,
    });
    // the clusters of that type, each with the Application rendered for it
    const ofType = r.clusters
      .filter(
        c =>
          c.metadata.annotations![A.clusterType] ===
          addon.metadata.annotations![A.clusterType],
      )
      .map(c => c.metadata.name)
      .sort();
    expect(ofType.length).toBeGreaterThan(1);
    expect(list(addon, 'dependencyOf')).toEqual(
      ofType.map(n => `resource:default/${n}`),
    );
    expect(addonApplicationsOf(addon)).toEqual(
      Object.fromEntries(ofType.map(n => [n, `${n}-cert-manager`])),
    );
  });

  it('follows the selectors: an add-on restricted by region or usage targets only those clusters', () => {
    const velero = byRef.get('resource:default/addon-velero-apps')!;
    const targets = list(velero, 'dependencyOf');
    expect(targets.length).toBeGreaterThan(0);
    for (const ref of targets) {
      expect(byRef.get(ref)!.metadata.annotations![A.usage]).not.toBe(
        'sandbox',
      );
    }
    const sandboxApps = r.clusters.filter(
      c =>
        c.metadata.annotations![A.usage] === 'sandbox' &&
        c.metadata.annotations![A.clusterType] === 'apps',
    );
    expect(sandboxApps.length).toBeGreaterThan(0);
    for (const c of sandboxApps)
      expect(list(c, 'dependsOn')).not.toContain(stringifyEntityRef(velero));
  });

  it('gives each cluster its type, Kubernetes and Talos versions from its file, and dependsOn exactly the add-ons targeting it', () => {
    const clusters = r.clusters.filter(isPegaseCluster);
    expect(clusters.length).toBeGreaterThan(0);
    for (const c of clusters) {
      const file = c.metadata.annotations![A.sourceFile];
      const doc = parse(fs.readFileSync(path.join(DEMO, file), 'utf8'));
      expect(c.metadata.annotations).toMatchObject({
        [A.clusterType]: doc.labels[A.clusterType],
        [A.kubernetesVersion]: doc.kubernetesVersion,
        [A.talosVersion]: doc.talosVersion,
      });
      const ref = stringifyEntityRef(c);
      const targeting = r.argocd
        .filter(isClusterAddon)
        .filter(a => list(a, 'dependencyOf').includes(ref))
        .map(a => stringifyEntityRef(a))
        .sort();
      expect(targeting.length).toBeGreaterThan(0);
      expect(list(c, 'dependsOn')).toEqual(targeting);
    }
  });

  it('emits the ApplicationSets in the argocd namespace, with their role, generators and what they generate', () => {
    const instancesSet = r.snapshot.applicationSets!.find(
      s => s.role === 'instances',
    )!;
    const set = byRef.get(argocdObjectEntityRef(instancesSet.name))!;
    expect(set.metadata.namespace).toBe('argocd');
    expect(set.metadata.annotations![A.applicationSetRole]).toBe('instances');
    const gen = instancesSet.generators[0];
    expect(gen.type).toBe('git-files');
    expect(set.metadata.annotations![A.applicationSetGenerators]).toBe(
      `git files: ${(gen as any).files.map((f: any) => f.path).join(', ')}`,
    );
    // the instances it generates carry its name, and depend on it
    const generated = r.inventory
      .filter(isPegaseInstance)
      .filter(
        i => i.metadata.annotations![A.applicationSet] === instancesSet.name,
      )
      .map(i => stringifyEntityRef(i))
      .sort();
    expect(generated.length).toBeGreaterThan(0);
    expect([...list(set, 'dependencyOf')].sort()).toEqual(generated);
    // every instance of the demo comes from an ApplicationSet
    for (const i of r.inventory.filter(isPegaseInstance))
      expect(i.metadata.annotations![A.applicationSet]).toBeTruthy();

    const addonSet = byRef.get(
      argocdObjectEntityRef('addon-external-dns-apps'),
    )!;
    expect(addonSet.metadata.annotations).toMatchObject({
      [A.applicationSetRole]: 'addons',
      [A.applicationSetGenerators]:
        'clusters: pc-scol.fr/cluster-type=apps, pc-scol.fr/region In (eu-sxb-1)',
    });
    expect(addonSet.spec!.dependencyOf).toEqual([
      'resource:default/addon-external-dns-apps',
    ]);
  });

  it('emits the app-of-apps with their path and children, dependencyOf the objects they hold', () => {
    const apps = r.argocd.filter(isAppOfApps);
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      const objectsUnder = r.argocd
        .filter(isApplicationSet)
        .filter(s =>
          s.metadata.annotations![A.sourceFile].startsWith(
            `${app.metadata.annotations![A.appOfAppsPath]}/`,
          ),
        )
        .map(s => s.metadata.name)
        .sort();
      expect(objectsUnder.length).toBeGreaterThan(0);
      expect(appOfAppsChildrenOf(app)).toEqual(objectsUnder);
      expect(app.spec!.dependencyOf).toEqual(
        objectsUnder.map(argocdObjectEntityRef),
      );
    }
  });

  it('leaves no relation dangling', () => {
    for (const e of [...r.clusters, ...r.argocd]) {
      for (const ref of [...list(e, 'dependsOn'), ...list(e, 'dependencyOf')]) {
        expect(`${stringifyEntityRef(e)} -> ${ref}: ${byRef.has(ref)}`).toBe(
          `${stringifyEntityRef(e)} -> ${ref}: true`,
        );
      }
    }
  });
});

describe('the ArgoCD objects as entities (crafted repositories)', () => {
  let dir: string;
  beforeEach(() => {
    dir = createFixtureRepo();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const addonSet = (
    name: string,
    region: string,
  ) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${name}
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - clusters:
        selector:
          matchLabels:
            pc-scol.fr/region: ${region}
  template:
    metadata:
      name: "{{.name}}-${name.slice(0, 10)}"
    spec:
      project: addons
      source:
        repoURL: https://charts.example.invalid
        chart: tool
        targetRevision: 1.2.3
      destination:
        server: "{{.server}}"
        namespace: tools
`;

  it('reports an add-on whose ApplicationSet name is no valid entity name, and emits the rest', async () => {
    const long = `addon-${'x'.repeat(70)}`;
    writeFiles(dir, {
      'clusters/sxb-prod-1.yaml':
        'name: sxb-prod-1\nregion: eu-sxb-1\nusage: production\napiServer: https://sxb-prod-1.example.invalid:6443\nkubernetesVersion: v1.33.5\nlabels:\n  pc-scol.fr/region: eu-sxb-1\n  pc-scol.fr/cluster-type: data\n  talos.dev/version: v1.11.5\n',
      'argocd/addons/long.yaml': addonSet(long, 'eu-sxb-1'),
      'argocd/addons/good.yaml': addonSet('addon-good', 'eu-sxb-1'),
      'argocd/app-of-apps.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: addons
  namespace: argocd
spec:
  project: addons
  source:
    repoURL: https://git.example.invalid/gitops.git
    path: argocd/addons
  destination:
    server: https://kubernetes.default.svc
    namespace: argocd
`,
    });
    const r = await readPegaseEntities(directoryFileSource(dir));
    const names = all(r).map(e => e.metadata.name);
    expect(names).not.toContain(long);
    expect(names).toContain('addon-good');
    const about = r.problems.filter(p => p.message.includes(long));
    expect(about.map(p => [p.severity, p.file])).toEqual([
      ['error', 'argocd/addons/long.yaml'],
      ['error', 'argocd/addons/long.yaml'],
    ]);
    expect(about[0].message).toMatch(
      /add-on \(ApplicationSet\) name ".*" is not a valid Backstage entity name.*entity not emitted/,
    );
    expect(about[1].message).toMatch(/ApplicationSet name/);

    const cluster = r.clusters.find(c => c.metadata.name === 'sxb-prod-1')!;
    expect(cluster.spec!.dependsOn).toEqual(['resource:default/addon-good']);
    expect(cluster.metadata.annotations).toMatchObject({
      [A.clusterType]: 'data',
      [A.kubernetesVersion]: 'v1.33.5',
      [A.talosVersion]: 'v1.11.5', // from the talos.dev/version label
    });
    // the app-of-apps names both children, relates to the one emitted
    const app = r.argocd.find(isAppOfApps)!;
    expect(appOfAppsChildrenOf(app)).toEqual(['addon-good', long]);
    expect(app.spec!.dependencyOf).toEqual(['resource:argocd/addon-good']);
  });

  it("declares each cluster's version: its addon-<name>-version label where the template reads it, else the default", async () => {
    const cluster = (name: string, label = '') =>
      `name: ${name}\nregion: eu-sxb-1\nusage: production\napiServer: https://${name}.example.invalid:6443\nlabels:\n  pc-scol.fr/region: eu-sxb-1\n${label}`;
    writeFiles(dir, {
      'clusters/sxb-prod-1.yaml': cluster(
        'sxb-prod-1',
        '  pc-scol.fr/addon-addon-good-version: 1.3.0\n',
      ),
      'clusters/sxb-prod-2.yaml': cluster('sxb-prod-2'),
      'argocd/addons/good.yaml': addonSet('addon-good', 'eu-sxb-1').replace(
        'targetRevision: 1.2.3',
        `targetRevision: '{{ index .metadata.labels "pc-scol.fr/addon-addon-good-version" | default "1.2.3" }}'`,
      ),
    });
    const r = await readPegaseEntities(directoryFileSource(dir));
    const addon = r.argocd.find(isClusterAddon)!;
    expect(addon.metadata.annotations?.[A.chartVersion]).toBe('1.2.3');
    expect(JSON.parse(addon.metadata.annotations![A.addonVersions])).toEqual({
      'sxb-prod-1': '1.3.0',
    });
    expect(addonVersionOf(addon, 'sxb-prod-1')).toBe('1.3.0');
    expect(addonVersionOf(addon, 'sxb-prod-2')).toBe('1.2.3');
  });

  it('without argocd/, emits no ArgoCD object and no add-on relation, and reads the cluster type from ArgoCD only clusters', async () => {
    const r = await readPegaseEntities(directoryFileSource(dir), {
      argocdClusters: [
        {
          name: 'extra-1',
          server: 'https://extra-1.example.invalid:6443',
          secretName: 'cluster-extra-1',
          labels: { [A.clusterType]: 'apps' },
          location: 'https://kube.example.invalid/secrets/cluster-extra-1',
        },
      ],
    });
    expect(r.argocd).toEqual([]);
    for (const c of r.clusters) expect(c.spec!.dependsOn).toBeUndefined();
    for (const i of r.inventory.filter(isPegaseInstance))
      expect(i.metadata.annotations![A.applicationSet]).toBeUndefined();
    const extra = r.clusters.find(c => c.metadata.name === 'extra-1')!;
    expect(extra.metadata.annotations![A.clusterType]).toBe('apps');
  });
});
