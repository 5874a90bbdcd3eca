import { validateManifest, validateYamlManifests } from './crdValidation';

const auth = {
  path: 'kubernetes',
  role: 'vault-config-operator',
  serviceAccount: { name: 'default' },
};

const staticRole = () => ({
  apiVersion: 'redhatcop.redhat.io/v1alpha1',
  kind: 'DatabaseSecretEngineStaticRole',
  metadata: { name: 'postgres-owner', namespace: 'univ-x' },
  spec: {
    authentication: auth,
    path: 'pegase/univ-x/database',
    dBName: 'postgres',
    username: 'pegase_owner',
    rotationPeriod: 86400,
    credentialType: 'password',
  },
});

const postgresql = () => ({
  apiVersion: 'acid.zalan.do/v1',
  kind: 'postgresql',
  metadata: { name: 'pegase-x', namespace: 'x' },
  spec: {
    teamId: 'pegase',
    numberOfInstances: 2,
    volume: { size: '10Gi' },
    postgresql: { version: '17' },
  },
});

describe('validateManifest', () => {
  it('accepts valid manifests of several CRDs', () => {
    expect(validateManifest(staticRole())).toEqual([]);
    expect(validateManifest(postgresql())).toEqual([]);
    expect(
      validateManifest({
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaTopic',
        metadata: { name: 'ins.events', labels: { 'strimzi.io/cluster': 'k' } },
        spec: {
          partitions: 3,
          replicas: 3,
          config: { 'retention.ms': 604800000 },
        },
      }),
    ).toEqual([]);
  });

  it('rejects a missing required field, naming file, kind and path', () => {
    const m = staticRole() as any;
    delete m.spec.credentialType;
    const errors = validateManifest(m, { file: 'vault/univ-x/roles.yaml' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      file: 'vault/univ-x/roles.yaml',
      kind: 'DatabaseSecretEngineStaticRole',
      name: 'postgres-owner',
      path: '/spec',
    });
    expect(errors[0].message).toContain('vault/univ-x/roles.yaml');
    expect(errors[0].message).toContain(
      'DatabaseSecretEngineStaticRole postgres-owner',
    );
    expect(errors[0].message).toContain('credentialType');
  });

  it('rejects wrong types, enums and minimums', () => {
    const m = staticRole() as any;
    m.spec.rotationPeriod = '24h'; // the repository sample's mistake: seconds as an integer
    m.spec.credentialType = 'token';
    const paths = validateManifest(m)
      .map(e => e.path)
      .sort();
    expect(paths).toEqual(['/spec/credentialType', '/spec/rotationPeriod']);
    const low = staticRole() as any;
    low.spec.rotationPeriod = 1;
    expect(validateManifest(low).map(e => e.path)).toEqual([
      '/spec/rotationPeriod',
    ]);
    const pg = postgresql() as any;
    pg.spec.postgresql.version = '9.6';
    expect(validateManifest(pg).map(e => e.path)).toEqual([
      '/spec/postgresql/version',
    ]);
  });

  it('rejects unknown fields in strict mode (typos), accepts them when not strict', () => {
    const m = staticRole() as any;
    m.spec.dbName = m.spec.dBName;
    const errors = validateManifest(m);
    expect(errors.map(e => e.message).join('\n')).toContain(
      'unknown field "dbName"',
    );
    expect(validateManifest(m, { strict: false })).toEqual([]);
  });

  it('rejects an unknown kind or version and a bad metadata.name', () => {
    expect(
      validateManifest({ ...postgresql(), apiVersion: 'acid.zalan.do/v2' })[0]
        .message,
    ).toMatch(/no CRD for acid.zalan.do\/v2 postgresql/);
    expect(
      validateManifest({
        apiVersion: 'v1',
        kind: 'Nope',
        metadata: { name: 'a' },
      }),
    ).toHaveLength(1);
    const bad = postgresql();
    bad.metadata.name = 'Pegase_X';
    expect(validateManifest(bad).map(e => e.path)).toEqual(['/metadata/name']);
    expect(validateManifest(null)[0].message).toContain('must be an object');
  });

  it('validates ArgoCD Applications (the app-of-apps, the ApplicationSet templates) and rejects their typos', () => {
    const app = () => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'addons-data', namespace: 'argocd' },
      spec: {
        project: 'addons',
        source: {
          repoURL: 'https://gitlab.pc-scol.fr/stack-ng/pegase-gitops.git',
          targetRevision: 'main',
          path: 'argocd/addons/data',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'argocd',
        },
      },
    });
    expect(validateManifest(app())).toEqual([]);
    const typo = app() as any;
    typo.spec.source.targetRevison = 'main';
    expect(
      validateManifest(typo)
        .map(e => e.message)
        .join('\n'),
    ).toContain('unknown field "targetRevison"');
    const noDestination = app() as any;
    delete noDestination.spec.destination;
    expect(validateManifest(noDestination).map(e => e.path)).toEqual(['/spec']);
  });

  it('validates multi-document YAML and reports the document', () => {
    const text = [
      '---',
      'apiVersion: acid.zalan.do/v1',
      'kind: postgresql',
      'metadata: {name: pegase-a}',
      'spec: {teamId: pegase, numberOfInstances: 1, volume: {size: 1Gi}, postgresql: {version: "17"}}',
      '---',
      'apiVersion: acid.zalan.do/v1',
      'kind: postgresql',
      'metadata: {name: pegase-b}',
      'spec: {teamId: pegase, volume: {size: 1Gi}, postgresql: {version: "17"}}',
      '',
    ].join('\n');
    const errors = validateYamlManifests(text, { file: 'dbaas/x.yaml' });
    expect(errors).toHaveLength(1);
    expect(errors[0].document).toBe(1);
    expect(errors[0].message).toContain('dbaas/x.yaml (document 2)');
    expect(errors[0].message).toContain('numberOfInstances');
    expect(
      validateYamlManifests('a: [', { file: 'broken.yaml' })[0].message,
    ).toContain('YAML error');
  });
});
