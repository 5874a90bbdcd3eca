import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { parse, parseAllDocuments } from 'yaml';
import { generateFleet } from './generateFleet';
import { validateManifest, validateManifestFile } from './crdValidation';
import { readTree, tmpDir } from './testUtils';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function readYaml(file: string): any {
  return parse(fs.readFileSync(file, 'utf8'));
}

function readDocs(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS());
}

/** instance.json files of a repository: path -> instances. */
function readInstances(
  dir: string,
): Array<{ file: string; instances: any[]; isArray: boolean }> {
  const out: Array<{ file: string; instances: any[]; isArray: boolean }> = [];
  const root = path.join(dir, 'instances');
  for (const region of fs.readdirSync(root)) {
    for (const usage of fs.readdirSync(path.join(root, region))) {
      for (const folder of fs.readdirSync(path.join(root, region, usage))) {
        const file = path.join(
          'instances',
          region,
          usage,
          folder,
          'instance.json',
        );
        const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
        out.push({
          file,
          instances: Array.isArray(json) ? json : [json],
          isArray: Array.isArray(json),
        });
      }
    }
  }
  return out;
}

describe('generateFleet: the demo repository', () => {
  let dir: string;
  const now = new Date('2026-11-25T00:00:00Z');

  beforeAll(() => {
    dir = tmpDir('demo-fleet');
    generateFleet({ outDir: dir, instances: 50 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const chartDir = () => path.join(dir, 'charts/pegase');

  it('has an umbrella chart with exactly 57 dependencies, two of them aliased', () => {
    const chart = readYaml(path.join(chartDir(), 'Chart.yaml'));
    expect(chart.apiVersion).toBe('v2');
    expect(chart.name).toBe('pegase');
    expect(semver.valid(chart.version)).toBeTruthy();
    expect(chart.dependencies).toHaveLength(57);
    const keys = chart.dependencies.map((d: any) => d.alias ?? d.name);
    expect(new Set(keys).size).toBe(57);
    const aliased = chart.dependencies.filter((d: any) => d.alias);
    expect(aliased.length).toBeGreaterThanOrEqual(2);
    // a chart included twice under two aliases
    const byName = new Map<string, number>();
    for (const d of aliased) byName.set(d.name, (byName.get(d.name) ?? 0) + 1);
    expect([...byName.values()].some(n => n >= 2)).toBe(true);
    for (const d of chart.dependencies) {
      expect(d.condition).toBe(`${d.alias ?? d.name}.enabled`);
    }
  });

  it('vendors every sub-chart and every range is satisfied by its version', () => {
    const chart = readYaml(path.join(chartDir(), 'Chart.yaml'));
    const folders = fs.readdirSync(path.join(chartDir(), 'charts'));
    expect(folders).toHaveLength(55);
    let remote = 0;
    for (const d of chart.dependencies) {
      const sub = readYaml(
        path.join(chartDir(), 'charts', d.name, 'Chart.yaml'),
      );
      expect(sub.name).toBe(d.name);
      expect(semver.validRange(d.version)).toBeTruthy();
      expect(semver.valid(d.version)).toBeNull(); // a range, not a pinned version
      expect({
        dep: d.alias ?? d.name,
        ok: semver.satisfies(sub.version, d.version),
      }).toEqual({
        dep: d.alias ?? d.name,
        ok: true,
      });
      const local = d.repository.startsWith('file://');
      if (!local) remote++;
      const vendoredAt = local
        ? d.repository.slice('file://'.length)
        : `charts/${d.name}`;
      expect(
        fs.existsSync(path.join(chartDir(), vendoredAt, 'Chart.yaml')),
      ).toBe(true);
      expect(
        fs.existsSync(path.join(chartDir(), 'charts', d.name, 'values.yaml')),
      ).toBe(true);
      const templates = fs.readdirSync(
        path.join(chartDir(), 'charts', d.name, 'templates'),
      );
      expect(templates.length).toBeGreaterThan(0);
    }
    expect(remote).toBeGreaterThan(0);
  });

  it('tags connectors and tools, and has the component counts of Pégase', () => {
    const chart = readYaml(path.join(chartDir(), 'Chart.yaml'));
    const counts: Record<string, number> = {};
    for (const d of chart.dependencies) {
      const sub = readYaml(
        path.join(chartDir(), 'charts', d.name, 'Chart.yaml'),
      );
      const type = sub.annotations['pc-scol.fr/component-type'];
      counts[type] = (counts[type] ?? 0) + 1;
      expect(sub.annotations['pc-scol.fr/owner']).toMatch(
        /^(equipe-(toulouse|strasbourg|nantes|marseille)|architecture|ops)$/,
      );
      expect(sub.maintainers.length).toBeGreaterThan(0);
      const expectedTags: Record<string, string[]> = {
        connector: ['connecteurs'],
        tool: ['outils'],
        library: ['outils'],
      };
      expect({ dep: d.name, tags: d.tags }).toEqual({
        dep: d.name,
        tags: expectedTags[type],
      });
    }
    expect(counts).toEqual({
      website: 12,
      service: 15,
      connector: 9,
      'message-broker': 1,
      database: 2,
      tool: 17,
      library: 1,
    });
  });

  it('declares exactly 24 databases over the 15 backends, each with an OpenAPI file', () => {
    const chart = readYaml(path.join(chartDir(), 'Chart.yaml'));
    const dbs: string[] = [];
    let nonDefaultOpenapi = 0;
    for (const d of chart.dependencies) {
      const subDir = path.join(chartDir(), 'charts', d.name);
      const sub = readYaml(path.join(subDir, 'Chart.yaml'));
      const a = sub.annotations;
      const isBackend = a['pc-scol.fr/component-type'] === 'service';
      expect(isBackend || a['pc-scol.fr/databases'] === undefined).toBe(true);
      if (!isBackend) continue;
      const list = a['pc-scol.fr/databases'].split(',');
      for (const entry of list) {
        expect(entry).toMatch(/^[a-z0-9-]+:(postgres|mongodb)$/);
        dbs.push(entry.split(':')[0]);
      }
      if (a['pc-scol.fr/openapi']) nonDefaultOpenapi++;
      const spec = readYaml(
        path.join(subDir, a['pc-scol.fr/openapi'] ?? 'files/openapi.yaml'),
      );
      expect(spec.openapi).toBe('3.0.3');
      expect(spec.info.title).toBeTruthy();
      expect(spec.info.version).toBeTruthy();
      const paths = Object.keys(spec.paths).length;
      expect(paths).toBeGreaterThanOrEqual(3);
      expect(paths).toBeLessThanOrEqual(6);
      expect(Object.keys(spec.components.schemas).length).toBeGreaterThan(1);
    }
    expect(dbs).toHaveLength(24);
    expect(new Set(dbs).size).toBe(24);
    expect(nonDefaultOpenapi).toBe(1);
  });

  it('has values for every dependency and one disabled by default', () => {
    const chart = readYaml(path.join(chartDir(), 'Chart.yaml'));
    const values = readYaml(path.join(chartDir(), 'values.yaml'));
    expect(values.global).toBeDefined();
    expect(values.tags).toEqual({ connecteurs: true, outils: true });
    const disabled = [];
    for (const d of chart.dependencies) {
      const key = d.alias ?? d.name;
      expect(values[key]).toBeDefined();
      if (values[key].enabled === false) disabled.push(key);
    }
    expect(disabled.length).toBeGreaterThanOrEqual(1);
    const lock = readYaml(path.join(chartDir(), 'Chart.lock'));
    expect(lock.dependencies).toHaveLength(57);
    expect(lock.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(lock.generated).toBeTruthy();
  });

  it('has an index of released versions whose older entries have fewer dependencies', () => {
    const chart = readYaml(path.join(chartDir(), 'Chart.yaml'));
    const index = readYaml(path.join(dir, 'charts/index.yaml'));
    expect(index.apiVersion).toBe('v1');
    const entries: any[] = index.entries.pegase;
    const older = entries.filter(e => semver.lt(e.version, chart.version));
    expect(older.length).toBeGreaterThanOrEqual(3);
    expect(entries.some(e => e.version === chart.version)).toBe(true);
    for (const e of entries) {
      expect(e.urls.length).toBeGreaterThan(0);
      expect(e.digest).toBeTruthy();
      expect(e.created).toBeTruthy();
      for (const d of e.dependencies)
        expect(semver.validRange(d.version)).toBeTruthy();
    }
    for (const e of older) expect(e.dependencies.length).toBeLessThan(57);
    // older versions pin other ranges
    const oldest = older.sort((a, b) =>
      semver.compare(a.version, b.version),
    )[0];
    const ref = oldest.dependencies.find((d: any) => d.name === 'ref');
    const refNow = chart.dependencies.find((d: any) => d.name === 'ref');
    expect(ref.version).not.toBe(refNow.version);
  });

  it('has clusters in both regions and valid instances referencing them', () => {
    const clusters = fs
      .readdirSync(path.join(dir, 'clusters'))
      .map(f => readYaml(path.join(dir, 'clusters', f)));
    expect(clusters.length).toBe(6);
    for (const c of clusters) {
      expect(['eu-sxb-1', 'fr-cfe-uca']).toContain(c.region);
      expect(['production', 'construction', 'sandbox']).toContain(c.usage);
    }
    expect(clusters.some(c => c.argocd === 'uca')).toBe(true);
    const clusterNames = new Set(clusters.map(c => c.name));
    const index = readYaml(path.join(dir, 'charts/index.yaml'));
    const versions = new Set(index.entries.pegase.map((e: any) => e.version));
    versions.add(readYaml(path.join(chartDir(), 'Chart.yaml')).version);

    const files = readInstances(dir);
    const all = files.flatMap(f =>
      f.instances.map(i => ({ ...i, file: f.file })),
    );
    expect(all).toHaveLength(50);
    expect(files.filter(f => f.isArray).map(f => f.instances.length)).toEqual([
      2,
    ]);
    const names = all.map(i => i.name);
    expect(new Set(names).size).toBe(names.length);
    const namespaces = all.map(i => i.namespace ?? i.name);
    expect(new Set(namespaces).size).toBe(namespaces.length);
    expect(all.some(i => i.namespace && i.namespace !== i.name)).toBe(true);
    expect(all.some(i => i.owner === undefined)).toBe(true);
    expect(all.some(i => i.disabledComponents?.length)).toBe(true);
    expect(names).toEqual(
      expect.arrayContaining(['unistra-production', 'uca-recette']),
    );
    const usedVersions = new Set<string>();
    for (const i of all) {
      expect(i.name).toMatch(DNS1123_LABEL);
      expect(i.name.length).toBeLessThanOrEqual(63);
      expect(clusterNames.has(i.cluster)).toBe(true);
      expect(versions.has(i.chartVersion)).toBe(true);
      usedVersions.add(i.chartVersion);
      const [, region, usage] = i.file.split(path.sep);
      expect([i.region, i.usage]).toEqual([region, usage]);
      expect(clusters.find(c => c.name === i.cluster).region).toBe(i.region);
    }
    const sandboxes = all.filter(i => i.usage === 'sandbox');
    expect(sandboxes.length).toBeGreaterThan(0);
    for (const i of sandboxes)
      expect(new Date(i.ttl).getTime()).toBeGreaterThan(now.getTime());
    expect(usedVersions.size).toBeGreaterThanOrEqual(3);
    const soon = all.filter(
      i => i.ttl && new Date(i.ttl).getTime() - now.getTime() <= 3 * 86400000,
    );
    expect(soon.length).toBeGreaterThan(0);
  });

  it('exercises per-instance values: disable, enable the default-disabled, tags off', () => {
    const files = readInstances(dir);
    const values = files.map(f =>
      readYaml(path.join(dir, path.dirname(f.file), 'values.yaml')),
    );
    const umbrella = readYaml(path.join(chartDir(), 'values.yaml'));
    const defaultOff = Object.keys(umbrella).filter(
      k => umbrella[k]?.enabled === false,
    );
    expect(
      values.some(v => Object.values(v).some((x: any) => x?.enabled === false)),
    ).toBe(true);
    expect(values.some(v => defaultOff.some(k => v[k]?.enabled === true))).toBe(
      true,
    );
    expect(values.some(v => v.tags?.connecteurs === false)).toBe(true);
  });

  it('writes the Vault layout of each instance and cluster, valid against the CRDs', () => {
    const instances = readInstances(dir).flatMap(f => f.instances);
    const chart = readYaml(path.join(chartDir(), 'Chart.yaml'));
    const keys = new Set(chart.dependencies.map((d: any) => d.alias ?? d.name));
    const problems: string[] = [];
    for (const inst of instances) {
      const ns = inst.namespace ?? inst.name;
      const vdir = path.join(dir, 'vault', inst.name);
      const docs = fs.readdirSync(vdir).flatMap(f => {
        problems.push(
          ...validateManifestFile(path.join(vdir, f), {
            displayName: `vault/${inst.name}/${f}`,
          }).map(e => e.message),
        );
        return readDocs(path.join(vdir, f));
      });
      const names = (kind: string) =>
        docs
          .filter(d => d.kind === kind)
          .map(d => d.metadata.name)
          .sort();
      expect(names('SecretEngineMount')).toEqual(['database', 'kv']);
      expect(
        docs.filter(d => d.kind === 'SecretEngineMount').map(d => d.spec.path),
      ).toEqual([`pegase/${ns}`, `pegase/${ns}`]);
      expect(
        docs.find(d => d.metadata.name === 'kv').spec.options.version,
      ).toBe('2');
      expect(names('DatabaseSecretEngineConfig')).toEqual([
        'mongodb',
        'postgres',
      ]);
      expect(names('DatabaseSecretEngineStaticRole')).toEqual([
        'mongodb-owner',
        'mongodb-rw',
        'postgres-owner',
        'postgres-rw',
      ]);
      expect(names('DatabaseSecretEngineRole')).toEqual([
        'mongodb-ro',
        'postgres-ro',
      ]);
      expect(names('Policy')).toEqual([`${inst.name}-db`]);
      const role = docs.find(d => d.kind === 'KubernetesAuthEngineRole');
      expect(role.metadata.name).toBe(inst.name);
      expect(role.spec.path).toBe(`kubernetes/${inst.cluster}`);
      expect(role.spec.targetNamespaces.targetNamespaces).toEqual([ns]);
      expect(role.spec.policies).toEqual([
        `pegase-component-${inst.cluster}`,
        `${inst.name}-db`,
      ]);
      const sas: string[] = role.spec.targetServiceAccounts;
      expect(new Set(sas).size).toBe(sas.length);
      expect(sas.length).toBeGreaterThan(40);
      for (const off of inst.disabledComponents ?? []) {
        expect(keys.has(off)).toBe(true);
        expect(sas).not.toContain(off);
      }
      for (const d of docs.filter(x => x.spec.path?.startsWith('pegase/'))) {
        expect(d.spec.path.startsWith(`pegase/${ns}`)).toBe(true);
      }
    }
    const clusters = fs
      .readdirSync(path.join(dir, 'clusters'))
      .map(f => f.replace(/\.yaml$/, ''));
    for (const c of clusters) {
      const cdir = path.join(dir, 'vault/_clusters', c);
      const docs = fs.readdirSync(cdir).flatMap(f => {
        problems.push(
          ...validateManifestFile(path.join(cdir, f)).map(e => e.message),
        );
        return readDocs(path.join(cdir, f));
      });
      const mount = docs.find(d => d.kind === 'AuthEngineMount');
      expect(`${mount.spec.path}/${mount.metadata.name}`).toBe(
        `kubernetes/${c}`,
      );
      expect(
        docs.find(d => d.kind === 'KubernetesAuthEngineConfig').metadata.name,
      ).toBe(c);
      const policy = docs.find(d => d.kind === 'Policy');
      expect(policy.metadata.name).toBe(`pegase-component-${c}`);
      expect(policy.spec.policy).toContain('service_account_namespace');
      expect(policy.spec.policy).toContain('service_account_name');
    }
    expect(problems).toEqual([]);
  });

  it('binds only the components an instance runs (tags, conditions, disabledComponents, version)', () => {
    const files = readInstances(dir);
    const roleOf = (name: string) =>
      readDocs(path.join(dir, 'vault', name, 'vault-config.yaml')).find(
        d => d.kind === 'KubernetesAuthEngineRole',
      ).spec.targetServiceAccounts as string[];
    // uca-production: chart 24.3.1, tags.connecteurs false but connecteur-ldap enabled
    const uca = files
      .flatMap(f => f.instances)
      .find(i => i.name === 'uca-production');
    expect(uca.chartVersion).toBe('24.3.1');
    const sas = roleOf('uca-production');
    expect(sas).toContain('connecteur-annuaire'); // connecteur-ldap's serviceAccount
    expect(sas).not.toContain('connecteur-parcoursup');
    expect(sas).not.toContain('spicedb'); // added in 25.0.0
    expect(sas).not.toContain('kafka-ui'); // disabled by default
    const unistra = roleOf('unistra-production');
    expect(unistra).toEqual(
      expect.arrayContaining([
        'kafka-ui',
        'spicedb',
        'connecteur-parcoursup',
        'cas',
        'gateway-public',
        'gateway-admin',
      ]),
    );
    expect(unistra).not.toContain('connecteur-moodle');
    const recette = roleOf('uca-recette');
    expect(recette).toContain('connecteur-moodle');
    expect(recette).not.toContain('connecteur-sifac');
    expect(recette).not.toContain('batch-notes');
  });

  it('writes the ArgoCD objects: instances ApplicationSets, add-on ApplicationSets and app-of-apps, valid against the Application CRD', () => {
    const root = path.join(dir, 'argocd');
    const files = [...readTree(root).keys()].sort();
    const docs = files.map(f => ({ f, doc: readYaml(path.join(root, f)) }));
    const sets = docs.filter(d => d.doc.kind === 'ApplicationSet');
    const apps = docs.filter(d => d.doc.kind === 'Application');
    expect(sets.length + apps.length).toBe(files.length);
    // one instances ApplicationSet a usage, over the inventory, multi-source with $values
    const instanceSets = sets.filter(d => d.doc.spec.generators[0].git);
    expect(instanceSets.map(d => d.doc.metadata.name).sort()).toEqual([
      'pegase-construction',
      'pegase-instances',
      'pegase-sandboxes',
    ]);
    for (const { doc } of instanceSets) {
      expect(doc.spec.goTemplate).toBe(true);
      expect(doc.spec.generators[0].git.files[0].path).toMatch(
        /^instances\/\*\/(production|construction|sandbox)\/\*\/instance\.json$/,
      );
      const [chart, values] = doc.spec.template.spec.sources;
      expect(chart.chart).toBe('pegase');
      expect(chart.helm.valueFiles).toEqual([
        '$values/{{.path.path}}/values.yaml',
      ]);
      expect(values.ref).toBe('values');
    }
    // add-ons: a cluster generator selecting on the cluster type, a chart at a version
    const addonSets = sets.filter(d => d.doc.spec.generators[0].clusters);
    expect(addonSets).toHaveLength(18);
    for (const { f, doc } of addonSets) {
      const [type] = f.split('/').slice(-2);
      expect(
        doc.spec.generators[0].clusters.selector.matchLabels[
          'pc-scol.fr/cluster-type'
        ],
      ).toBe(type);
      expect(doc.spec.template.spec.source.targetRevision).toMatch(
        /^v?\d+\.\d+\.\d+$/,
      );
    }
    const selectors = addonSets.flatMap(d =>
      (d.doc.spec.generators[0].clusters.selector.matchExpressions ?? []).map(
        (e: any) => e.key,
      ),
    );
    expect(new Set(selectors)).toEqual(
      new Set(['pc-scol.fr/region', 'pc-scol.fr/usage']),
    );
    // app-of-apps: one per usage, one per cluster type, each pointing at its folder
    expect(apps.map(d => d.doc.metadata.name).sort()).toEqual([
      'addons-apps',
      'addons-data',
      'instances-construction',
      'instances-production',
      'instances-sandbox',
    ]);
    for (const { doc } of apps)
      expect(fs.existsSync(path.join(dir, doc.spec.source.path))).toBe(true);
    // the Application CRD (no ApplicationSet CRD in the shared CRDs): the
    // app-of-apps as written, every template as the Application it becomes
    const problems: string[] = [];
    for (const { f, doc } of docs) {
      const app =
        doc.kind === 'Application'
          ? doc
          : {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Application',
              metadata: { name: 'template', namespace: 'argocd' },
              spec: doc.spec.template.spec,
            };
      problems.push(...validateManifest(app, { file: f }).map(e => e.message));
    }
    expect(problems).toEqual([]);
  });

  it('gives every cluster its Kubernetes and Talos versions and its type', () => {
    for (const f of fs.readdirSync(path.join(dir, 'clusters'))) {
      const c = readYaml(path.join(dir, 'clusters', f));
      expect(c.kubernetesVersion).toMatch(/^v1\.\d+\.\d+$/);
      expect(c.talosVersion).toBe(c.labels['talos.dev/version']);
      expect(['apps', 'data']).toContain(c.labels['pc-scol.fr/cluster-type']);
    }
  });

  it('writes DBaaS and KaaS requests valid against the official CRDs', () => {
    const dbaas = fs.readdirSync(path.join(dir, 'dbaas'));
    const kaas = fs.readdirSync(path.join(dir, 'kaas'));
    expect(dbaas).toHaveLength(2);
    expect(kaas).toHaveLength(1);
    const problems: string[] = [];
    for (const f of dbaas) {
      problems.push(
        ...validateManifestFile(path.join(dir, 'dbaas', f)).map(e => e.message),
      );
      const docs = readDocs(path.join(dir, 'dbaas', f));
      const pg = docs.find(d => d.kind === 'postgresql');
      expect(pg.apiVersion).toBe('acid.zalan.do/v1');
      expect(f).toBe(`${pg.metadata.name}.yaml`);
      expect(pg.metadata.name.startsWith(`${pg.spec.teamId}-`)).toBe(true);
      expect(pg.metadata.labels['pc-scol.fr/requested-for']).toMatch(
        /^[a-z]+\.[a-z0-9-]+\.[a-z0-9-]+$/,
      );
      const mount = docs.find(d => d.kind === 'SecretEngineMount');
      expect(`${mount.spec.path}/${mount.metadata.name}`).toBe(
        `dbaas/${pg.metadata.name}/database`,
      );
      expect(
        docs
          .filter(d => d.kind === 'DatabaseSecretEngineStaticRole')
          .map(d => d.metadata.name)
          .sort(),
      ).toEqual(['owner', 'rw']);
      expect(
        docs
          .filter(d => d.kind === 'DatabaseSecretEngineRole')
          .map(d => d.metadata.name),
      ).toEqual(['ro']);
    }
    for (const f of kaas) {
      problems.push(
        ...validateManifestFile(path.join(dir, 'kaas', f)).map(e => e.message),
      );
      const docs = readDocs(path.join(dir, 'kaas', f));
      expect(docs.map(d => d.kind).sort()).toEqual([
        'Kafka',
        'KafkaNodePool',
        'KafkaTopic',
        'KafkaTopic',
        'KafkaUser',
      ]);
      for (const d of docs) {
        expect(d.apiVersion).toBe('kafka.strimzi.io/v1');
        expect(d.metadata.labels['pc-scol.fr/requested-for']).toBeTruthy();
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('generateFleet: determinism and scale', () => {
  const dirs: string[] = [];
  const make = (prefix: string) => {
    const d = tmpDir(prefix);
    dirs.push(d);
    return d;
  };
  afterAll(() =>
    dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })),
  );

  it('writes the same bytes for the same seed, other bytes for another seed', () => {
    const a = make('fleet-a');
    const b = make('fleet-b');
    const c = make('fleet-c');
    generateFleet({ outDir: a, instances: 120, seed: 7 });
    generateFleet({ outDir: b, instances: 120, seed: 7 });
    generateFleet({ outDir: c, instances: 120, seed: 8 });
    const ta = readTree(a);
    const tb = readTree(b);
    expect([...tb.keys()]).toEqual([...ta.keys()]);
    for (const [k, v] of ta)
      expect({ k, same: v.equals(tb.get(k)!) }).toEqual({ k, same: true });
    const tc = readTree(c);
    const differs = [...ta.keys()].some(
      k => !tc.has(k) || !tc.get(k)!.equals(ta.get(k)!),
    );
    expect(differs).toBe(true);
  });

  it('regenerates over its own output but refuses a foreign folder', () => {
    const d = make('fleet-re');
    generateFleet({ outDir: d, instances: 10 });
    generateFleet({ outDir: d, instances: 5 });
    const names = readInstances(d).flatMap(f => f.instances.map(i => i.name));
    expect(names).toHaveLength(5);
    expect(
      fs.readdirSync(path.join(d, 'vault')).filter(n => n !== '_clusters'),
    ).toHaveLength(5);
    const foreign = make('fleet-foreign');
    fs.writeFileSync(path.join(foreign, 'keep.txt'), 'mine');
    expect(() => generateFleet({ outDir: foreign, instances: 5 })).toThrow(
      /refusing/,
    );
    expect(fs.readFileSync(path.join(foreign, 'keep.txt'), 'utf8')).toBe(
      'mine',
    );
  });

  it('generates 1,000 instances over 20 clusters', () => {
    const d = make('fleet-1000');
    const summary = generateFleet({ outDir: d, instances: 1000 });
    expect(summary.instances).toBe(1000);
    const clusters = fs.readdirSync(path.join(d, 'clusters'));
    expect(clusters).toHaveLength(20);
    const clusterNames = new Set(clusters.map(f => f.replace(/\.yaml$/, '')));
    const files = readInstances(d);
    expect(files.filter(f => f.isArray)).toHaveLength(1);
    const all = files.flatMap(f => f.instances);
    expect(all).toHaveLength(1000);
    expect(new Set(all.map(i => i.name)).size).toBe(1000);
    expect(new Set(all.map(i => i.namespace ?? i.name)).size).toBe(1000);
    const used = new Set(all.map(i => i.cluster));
    for (const c of used) expect(clusterNames.has(c)).toBe(true);
    expect(used.size).toBe(20);
    for (const i of all) expect(i.name).toMatch(DNS1123_LABEL);
    expect(
      fs.readdirSync(path.join(d, 'vault')).filter(n => n !== '_clusters'),
    ).toHaveLength(1000);
  });
});
