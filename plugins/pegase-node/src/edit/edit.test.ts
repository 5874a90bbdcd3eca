import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { setYamlPath, deleteYamlPath } from './yamlEdit';
import { updateJsonFile } from './jsonEdit';
import { addInstance, instanceFolder } from './addInstance';
import {
  DEFAULT_VAULT_AUTHENTICATION,
  renderVaultClusterManifests,
  renderVaultDbaasManifests,
  renderVaultInstanceManifests,
} from './vaultManifests';
import { validateManifest } from '@pcscol/demo-fleet';
import { GitopsValidationError } from '../model/errors';
import { memoryFileSource } from '../source/sources';
import { readGitopsRepository } from '../read';
import { baseRepo } from '../__testUtils__/fixtures';
import type { GitopsSnapshot } from '../model/types';

describe('setYamlPath / deleteYamlPath', () => {
  const text = `# Values of univ-x
ins:
  enabled: true # keep me
  image:
    tag: "3.2.4"

# Kafka
kafka:
  enabled: false
tags: [a, b]
`;
  it('changes a scalar, keeping comments, quoting and key order', () => {
    expect(setYamlPath(text, 'ins.image.tag', '3.2.5')).toBe(
      text.replace('"3.2.4"', '"3.2.5"'),
    );
    expect(setYamlPath(text, ['ins', 'enabled'], false)).toBe(
      text.replace('enabled: true # keep me', 'enabled: false # keep me'),
    );
  });
  it('adds missing keys at the end of their map', () => {
    expect(setYamlPath(text, 'coc.enabled', false)).toBe(
      `${text}coc:\n  enabled: false\n`,
    );
    expect(setYamlPath(text, 'kafka.replicas', 3)).toBe(
      text.replace(
        'kafka:\n  enabled: false\n',
        'kafka:\n  enabled: false\n  replicas: 3\n',
      ),
    );
  });
  it('keeps Helm-style unindented sequences', () => {
    const chart =
      'dependencies:\n- name: a # first\n  version: 1.0.0\n- name: b\n  version: 2.0.0\n';
    expect(setYamlPath(chart, 'dependencies.1.version', '2.1.0')).toBe(
      chart.replace('version: 2.0.0', 'version: 2.1.0'),
    );
  });
  it('deletes a key', () => {
    expect(deleteYamlPath(text, 'kafka.enabled')).toBe(
      text.replace('kafka:\n  enabled: false\n', 'kafka: {}\n'),
    );
    expect(deleteYamlPath(text, 'nope.x')).toBe(text);
  });
  it('throws on invalid YAML with the line', () => {
    expect(() =>
      setYamlPath('a: 1\na: 2\n', 'b', 1, { file: 'x.yaml' }),
    ).toThrow(/x.yaml, line 2: invalid YAML/);
  });
});

describe('updateJsonFile', () => {
  it('keeps key order, 2-space indent and a trailing newline', () => {
    const text =
      '{\n    "name": "univ-x",\n    "cluster": "prod-1",\n    "chartVersion": "2.0.0"\n}';
    const out = updateJsonFile<Record<string, unknown>>(text, v => {
      v.chartVersion = '2.1.0';
      v.disabledComponents = ['coc-front'];
    });
    expect(out).toBe(
      '{\n  "name": "univ-x",\n  "cluster": "prod-1",\n  "chartVersion": "2.1.0",\n  "disabledComponents": [\n    "coc-front"\n  ]\n}\n',
    );
  });
  it('accepts a replacement value and throws on invalid JSON with the line', () => {
    expect(updateJsonFile('[1]', () => [2])).toBe('[\n  2\n]\n');
    expect(() =>
      updateJsonFile('{\n"a" 1}', v => v, { file: 'i.json' }),
    ).toThrow(/i.json, line 2: invalid JSON/);
  });
});

describe('addInstance', () => {
  let repo: GitopsSnapshot;
  beforeAll(async () => {
    repo = await readGitopsRepository(memoryFileSource(await baseRepo()));
  });
  it('renders instance.json and values.yaml', () => {
    const r = addInstance(repo, {
      name: 'univ-new',
      university: 'Université Nouvelle',
      usage: 'production',
      region: 'eu-sxb-1',
      cluster: 'prod-1',
      disabledComponents: ['coc-front', 'ghost'],
      values: { kafka: { enabled: false } },
    });
    expect(
      instanceFolder({
        name: 'univ-new',
        usage: 'production',
        region: 'eu-sxb-1',
      }),
    ).toBe('instances/eu-sxb-1/production/univ-new');
    expect(r.files).toEqual({
      'instances/eu-sxb-1/production/univ-new/instance.json':
        '{\n  "name": "univ-new",\n  "university": "Université Nouvelle",\n  "usage": "production",\n  "region": "eu-sxb-1",\n  "cluster": "prod-1",\n  "chartVersion": "2.1.0",\n  "disabledComponents": [\n    "coc-front",\n    "ghost"\n  ]\n}\n',
      'instances/eu-sxb-1/production/univ-new/values.yaml':
        "# Helm values of Pégase instance univ-new (merged over the umbrella chart's values.yaml)\nkafka:\n  enabled: false\n",
    });
    expect(r.instance).toMatchObject({
      name: 'univ-new',
      namespace: 'univ-new',
      owner: 'ops',
    });
    expect(r.problems.map(p => [p.severity, p.field])).toEqual([
      ['warning', 'disabledComponents'],
    ]);
  });
  it('the rendered files read back as a valid instance', async () => {
    const r = addInstance(repo, {
      name: 'univ-rt',
      usage: 'sandbox',
      region: 'fr-cfe-uca',
      cluster: 'cons-1',
      ttl: '2031-01-01',
    });
    const snap = await readGitopsRepository(
      memoryFileSource({ ...(await baseRepo()), ...r.files }),
    );
    expect(snap.problems).toEqual([]);
    expect(snap.instances.find(i => i.name === 'univ-rt')?.components).toEqual([
      'ins',
      'coc-front',
      'ref-backend',
      'kafka',
    ]);
  });
  it('throws a GitopsValidationError listing every error', () => {
    let error: unknown;
    try {
      addInstance(repo, {
        name: 'univ-a',
        usage: 'production',
        region: 'eu-sxb-1',
        cluster: 'mars',
        chartVersion: '0.0.1',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GitopsValidationError);
    const fields = (error as GitopsValidationError).problems.map(p => p.field);
    expect(fields).toEqual(['cluster', 'chartVersion', 'name']);
    expect((error as GitopsValidationError).message).toContain(
      'already exists in instances/eu-sxb-1/production/univ-a/instance.json',
    );
    expect(() =>
      addInstance(repo, {
        name: 'Not_DNS',
        usage: 'sandbox',
        region: 'x',
        cluster: 'cons-1',
      }),
    ).toThrow(/not a valid instance name/);
    expect(() =>
      addInstance(repo, {
        name: 'a'.repeat(54),
        usage: 'sandbox',
        region: 'x',
        cluster: 'cons-1',
      }),
    ).toThrow(/at most 53/);
  });
});

describe('Vault manifests', () => {
  const sharedDir =
    process.env.PEGASE_SHARED_DIR ??
    resolve(__dirname, '../../../../../shared');
  const crdSpecs = new Map<
    string,
    { required: string[]; properties: string[] }
  >();
  beforeAll(async () => {
    const dir = join(sharedDir, 'crds/vault-config-operator');
    for (const f of await fs.readdir(dir)) {
      const crd = parse(await fs.readFile(join(dir, f), 'utf8'));
      const spec = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec;
      crdSpecs.set(crd.spec.names.kind, {
        required: spec.required ?? [],
        properties: Object.keys(spec.properties),
      });
    }
  });

  const checkAgainstCrds = (docs: any[]) => {
    for (const d of docs) {
      expect(d.apiVersion).toBe('redhatcop.redhat.io/v1alpha1');
      const crd = crdSpecs.get(d.kind);
      expect(crd).toBeDefined();
      for (const r of crd!.required) expect(Object.keys(d.spec)).toContain(r);
      for (const k of Object.keys(d.spec)) expect(crd!.properties).toContain(k);
    }
  };
  const docsOf = (files: Record<string, string>) =>
    Object.values(files).flatMap(t =>
      parseAllDocuments(t).map(d => (d as any).toJS()),
    );

  it('renders the instance layout', () => {
    const files = renderVaultInstanceManifests(
      { name: 'univ-x', namespace: 'univ-x-ns' },
      [
        { entityName: 'ins', serviceAccount: 'ins' },
        { entityName: 'ref-backend', serviceAccount: 'ref-sa' },
        'coc-front',
      ],
      { name: 'prod-1' },
    );
    expect(Object.keys(files).sort()).toEqual([
      'vault/univ-x/database.yaml',
      'vault/univ-x/kubernetes-auth.yaml',
      'vault/univ-x/policies.yaml',
      'vault/univ-x/secret-engines.yaml',
    ]);
    const docs = docsOf(files);
    checkAgainstCrds(docs);
    const names = docs.map(d => `${d.kind}:${d.spec.path}/${d.spec.name}`);
    expect(names).toEqual([
      'SecretEngineMount:pegase/univ-x-ns/kv',
      'SecretEngineMount:pegase/univ-x-ns/database',
      'DatabaseSecretEngineConfig:pegase/univ-x-ns/database/postgres',
      'DatabaseSecretEngineConfig:pegase/univ-x-ns/database/mongodb',
      'DatabaseSecretEngineStaticRole:pegase/univ-x-ns/database/postgres-owner',
      'DatabaseSecretEngineStaticRole:pegase/univ-x-ns/database/postgres-rw',
      'DatabaseSecretEngineStaticRole:pegase/univ-x-ns/database/mongodb-owner',
      'DatabaseSecretEngineStaticRole:pegase/univ-x-ns/database/mongodb-rw',
      'DatabaseSecretEngineRole:pegase/univ-x-ns/database/postgres-ro',
      'DatabaseSecretEngineRole:pegase/univ-x-ns/database/mongodb-ro',
      'KubernetesAuthEngineRole:kubernetes/prod-1/univ-x',
      'Policy:undefined/undefined',
    ]);
    const role = docs.find(d => d.kind === 'KubernetesAuthEngineRole');
    expect(role.spec).toMatchObject({
      policies: ['pegase-component-prod-1', 'univ-x-db'],
      targetServiceAccounts: ['coc-front', 'ins', 'ref-sa'],
      targetNamespaces: { targetNamespaces: ['univ-x-ns'] },
    });
    expect(docs.find(d => d.kind === 'Policy').metadata.name).toBe('univ-x-db');
    expect(docs.every(d => d.metadata.namespace === 'univ-x-ns')).toBe(true);
    expect(
      docs
        .filter(d => d.kind === 'DatabaseSecretEngineStaticRole')
        .every(d => d.spec.rotationPeriod === 86400),
    ).toBe(true);
  });

  it('renders the per-cluster objects and the DBaaS objects', () => {
    const files = renderVaultClusterManifests({
      name: 'prod-1',
      apiServer: 'https://prod-1:6443',
    });
    const docs = docsOf(files);
    checkAgainstCrds(docs);
    expect(docs.map(d => [d.kind, d.metadata.name])).toEqual([
      ['AuthEngineMount', 'kubernetes-prod-1'],
      ['KubernetesAuthEngineConfig', 'kubernetes-prod-1'],
      ['Policy', 'pegase-component-prod-1'],
    ]);
    expect(docs[2].spec.policy).toContain(
      'path "pegase/{{identity.entity.aliases.${auth/kubernetes/prod-1/@accessor}.metadata.service_account_namespace}}/kv/data/{{identity.entity.aliases.${auth/kubernetes/prod-1/@accessor}.metadata.service_account_name}}/*"',
    );
    const dbaas = renderVaultDbaasManifests({
      name: 'pg-rep',
      namespace: 'dbaas',
    });
    checkAgainstCrds(dbaas);
    expect(dbaas.map((d: any) => `${d.spec.path}/${d.spec.name}`)).toEqual([
      'dbaas/pg-rep/database',
      'dbaas/pg-rep/database/postgres',
      'dbaas/pg-rep/database/owner',
      'dbaas/pg-rep/database/rw',
      'dbaas/pg-rep/database/ro',
    ]);
  });

  it('renders, with the default options, Vault CRs valid against the official vault-config-operator CRDs', () => {
    const crdDir = join(sharedDir, 'crds');
    const rendered: Array<{ file: string; docs: any[] }> = [
      ...Object.entries({
        ...renderVaultInstanceManifests(
          { name: 'univ-x', namespace: 'univ-x-ns' },
          [{ entityName: 'ins', serviceAccount: 'ins' }, 'coc-front'],
          { name: 'prod-1', apiServer: 'https://prod-1:6443' },
        ),
        ...renderVaultInstanceManifests({ name: 'univ-y' }, [], {
          name: 'prod-2',
        }),
        ...renderVaultClusterManifests({ name: 'prod-1' }),
      }).map(([file, text]) => ({ file, docs: docsOf({ [file]: text }) })),
      {
        file: 'dbaas/pg-rep.yaml',
        docs: renderVaultDbaasManifests({ name: 'pg-rep', namespace: 'dbaas' }),
      },
    ];
    const kinds = new Set<string>();
    const errors = rendered.flatMap(({ file, docs }) =>
      docs.flatMap((d, document) => {
        kinds.add(d.kind);
        expect(d.spec.authentication).toEqual(DEFAULT_VAULT_AUTHENTICATION);
        return validateManifest(d, { file, document, crdDir });
      }),
    );
    expect(errors.map(e => e.message)).toEqual([]);
    expect([...kinds].sort()).toEqual([
      'AuthEngineMount',
      'DatabaseSecretEngineConfig',
      'DatabaseSecretEngineRole',
      'DatabaseSecretEngineStaticRole',
      'KubernetesAuthEngineConfig',
      'KubernetesAuthEngineRole',
      'Policy',
      'SecretEngineMount',
    ]);
  });

  it('rejects, against the CRDs, an authentication without serviceAccount (the check can fail)', () => {
    const [mountCr] = renderVaultDbaasManifests(
      { name: 'pg-rep', namespace: 'dbaas' },
      { authentication: { path: 'kubernetes', role: 'vault-admin' } },
    );
    const errors = validateManifest(mountCr, {
      crdDir: join(sharedDir, 'crds'),
    });
    expect(errors).toEqual([
      expect.objectContaining({
        path: '/spec/authentication',
        message: expect.stringContaining('serviceAccount'),
      }),
    ]);
  });
});
