import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { create as tarCreate } from 'tar';

/**
 * Files by path (relative to a folder), as text or bytes.
 *
 * @public
 */
export type Tree = Record<string, string | Buffer>;

/**
 * A new temporary folder.
 *
 * @public
 */
export async function makeTempDir(prefix = 'pegase-node-'): Promise<string> {
  return fs.mkdtemp(join(tmpdir(), prefix));
}

/**
 * Writes `files` under `dir`, creating the folders.
 *
 * @public
 */
export async function writeTree(dir: string, files: Tree): Promise<void> {
  for (const [p, content] of Object.entries(files)) {
    const full = join(dir, p);
    await fs.mkdir(dirname(full), { recursive: true });
    await fs.writeFile(full, content);
  }
}

/**
 * A gzipped tar whose entries are `files` (paths as given, e.g. `ins-backend/Chart.yaml`).
 *
 * @public
 */
export async function makeTgz(files: Tree): Promise<Buffer> {
  const dir = await makeTempDir('pegase-tgz-');
  try {
    await writeTree(join(dir, 'src'), files);
    const tops = [
      ...new Set(Object.keys(files).map(p => p.split('/')[0])),
    ].sort();
    const out = join(dir, 'out.tgz');
    await tarCreate(
      { gzip: true, file: out, cwd: join(dir, 'src'), portable: true },
      tops,
    );
    return await fs.readFile(out);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * A sub-chart's `Chart.yaml`.
 *
 * @public
 */
export function subChartYaml(
  name: string,
  version: string,
  annotations: Record<string, string> = {},
  extra = '',
): string {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `apiVersion: v2\nname: ${name}\nversion: ${version}\nappVersion: "${version}-app"\ndescription: The ${name} chart\n${
    ann ? `annotations:\n${ann}\n` : ''
  }maintainers:\n- name: Team ${name}\n  email: ${name}@example.org\n${extra}`;
}

/**
 * The umbrella chart's `Chart.yaml` of the fixtures.
 *
 * @public
 */
export const UMBRELLA_CHART = `apiVersion: v2
name: pegase
version: 2.1.0
appVersion: "24.1"
description: Pégase umbrella
dependencies:
- name: ins-backend
  version: "~3.2.0"
  repository: https://charts.example/pegase
  condition: ins.enabled
  alias: ins
- name: ins-backend
  version: "~3.2.0"
  repository: https://charts.example/pegase
  alias: ins-batch
  condition: ins-batch.enabled
  tags: [batch]
- name: coc-front
  version: "^1.0.0"
  repository: https://charts.example/pegase
  tags: [front]
- name: ref-backend
  version: ">=0.1.0"
  repository: file://../ref-backend
- name: kafka
  version: "1.x"
  repository: https://charts.example/pegase
  condition: kafka.enabled,global.kafka.enabled
`;

/**
 * The umbrella chart's `values.yaml` of the fixtures.
 *
 * @public
 */
export const UMBRELLA_VALUES = `ins:
  enabled: true
ins-batch:
  enabled: false
tags:
  batch: true
  front: true
kafka: {}
global:
  kafka:
    enabled: true
`;

/**
 * The umbrella chart's `Chart.lock` of the fixtures.
 *
 * @public
 */
export const CHART_LOCK = `dependencies:
- name: ins-backend
  repository: https://charts.example/pegase
  version: 3.2.4
- name: ins-backend
  repository: https://charts.example/pegase
  version: 3.2.4
- name: coc-front
  repository: https://charts.example/pegase
  version: 1.2.0
- name: ref-backend
  repository: file://../ref-backend
  version: 0.3.0
- name: kafka
  repository: https://charts.example/pegase
  version: 1.4.0
digest: sha256:0000
generated: "2025-01-01T00:00:00Z"
`;

/**
 * A Helm repository `index.yaml` of the fixtures.
 *
 * @public
 */
export const INDEX_YAML = `apiVersion: v1
entries:
  pegase:
  - name: pegase
    version: 2.1.0
    appVersion: "24.1"
    urls: [pegase-2.1.0.tgz]
    created: "2025-03-01T00:00:00Z"
    dependencies:
    - name: ins-backend
      version: "~3.2.0"
      alias: ins
      condition: ins.enabled
  - name: pegase
    version: 2.0.0
    appVersion: "23.4"
    urls: [pegase-2.0.0.tgz]
    created: "2024-12-01T00:00:00Z"
    dependencies:
    - name: ins-backend
      version: "~3.1.0"
      alias: ins
      condition: ins.enabled
    - name: legacy-app
      version: 1.0.0
  ins-backend:
  - { name: ins-backend, version: 3.1.0 }
  - { name: ins-backend, version: 3.1.5 }
  - { name: ins-backend, version: 3.2.4 }
generated: "2025-03-01T00:00:00Z"
`;

const OPENAPI =
  'openapi: 3.0.3\ninfo: { title: INS, version: "3.2" }\npaths: {}\n';

/**
 * Nested tgz sub-charts of the umbrella.
 *
 * @public
 */
export async function vendoredArchives(): Promise<Tree> {
  return {
    'charts/pegase/charts/ins-backend-3.2.4.tgz': await makeTgz({
      'ins-backend/Chart.yaml': subChartYaml('ins-backend', '3.2.4', {
        'pc-scol.fr/owner': 'team-toulouse',
        'pc-scol.fr/component-type': 'service',
        'pc-scol.fr/consumes-apis': 'ref-api, coc-api',
        'pc-scol.fr/databases': 'ins:postgres,ins-docs:mongodb',
        'pc-scol.fr/kafka-topics': 'ins-events',
        'pc-scol.fr/workload': 'ins-backend',
      }),
      'ins-backend/values.yaml': 'replicas: 2\n',
      'ins-backend/files/openapi.yaml': OPENAPI,
    }),
    // an older copy that does not satisfy ~3.2.0 and must be ignored
    'charts/pegase/charts/ins-backend-3.1.0.tgz': await makeTgz({
      'ins-backend/Chart.yaml': subChartYaml('ins-backend', '3.1.0'),
    }),
    'charts/pegase/charts/kafka-1.4.0.tgz': await makeTgz({
      'kafka/Chart.yaml': subChartYaml('kafka', '1.4.0', {
        'pc-scol.fr/component-type': 'message-broker',
      }),
    }),
  };
}

/**
 * A complete, valid repository.
 *
 * @public
 */
export async function baseRepo(): Promise<Tree> {
  return {
    'charts/pegase/Chart.yaml': UMBRELLA_CHART,
    'charts/pegase/Chart.lock': CHART_LOCK,
    'charts/pegase/values.yaml': UMBRELLA_VALUES,
    'charts/pegase/charts/coc-front/Chart.yaml': subChartYaml(
      'coc-front',
      '1.2.0',
      {
        'pc-scol.fr/component-type': 'website',
        'pc-scol.fr/owner': 'team-nantes',
      },
    ),
    'charts/pegase/charts/coc-front/values.yaml': 'image: coc\n',
    ...(await vendoredArchives()),
    'charts/ref-backend/Chart.yaml': subChartYaml('ref-backend', '0.3.0', {
      'pc-scol.fr/provides-apis': 'ref-api',
      'pc-scol.fr/openapi': 'api/ref.yaml',
      'pc-scol.fr/service-account': 'ref-sa',
    }),
    'charts/ref-backend/api/ref.yaml': 'openapi: 3.0.3\n',
    'charts/index.yaml': INDEX_YAML,
    'clusters/prod-1.yaml':
      'region: eu-sxb-1\nusage: production\nargocd: main\napiServer: https://prod-1:6443\nlabels:\n  tier: gold\n',
    'clusters/cons-1.yaml': 'region: fr-cfe-uca\nusage: construction\n',
    'instances/eu-sxb-1/production/univ-a/instance.json': JSON.stringify(
      {
        name: 'univ-a',
        university: 'Université A',
        usage: 'production',
        region: 'eu-sxb-1',
        cluster: 'prod-1',
        chartVersion: '2.1.0',
      },
      null,
      2,
    ),
    'instances/eu-sxb-1/production/univ-b/instance.json': JSON.stringify(
      {
        name: 'univ-b',
        usage: 'production',
        region: 'eu-sxb-1',
        cluster: 'prod-1',
        disabledComponents: ['coc-front'],
        owner: 'team-strasbourg',
      },
      null,
      2,
    ),
    'instances/eu-sxb-1/production/univ-b/values.yaml':
      '# univ-b\nkafka:\n  enabled: false\nins-batch:\n  enabled: true\n',
    'instances/eu-sxb-1/production/univ-old/instance.json': JSON.stringify(
      {
        name: 'univ-old',
        usage: 'production',
        region: 'eu-sxb-1',
        cluster: 'prod-1',
        chartVersion: '2.0.0',
        namespace: 'old-ns',
      },
      null,
      2,
    ),
    'instances/fr-cfe-uca/sandbox/shared/instance.json': JSON.stringify(
      [
        { name: 'sbx-1', cluster: 'cons-1', ttl: '2030-01-31' },
        {
          name: 'sbx-2',
          cluster: 'cons-1',
          usage: 'sandbox',
          region: 'fr-cfe-uca',
        },
      ],
      null,
      2,
    ),
    'dbaas/pg-reporting.yaml':
      'apiVersion: acid.zalan.do/v1\nkind: postgresql\nmetadata:\n  name: pg-reporting\n  labels:\n    pc-scol.fr/requested-for: resource.default.univ-a\nspec:\n  teamId: pegase\n---\napiVersion: redhatcop.redhat.io/v1alpha1\nkind: SecretEngineMount\nmetadata:\n  name: pg-reporting-database\nspec:\n  type: database\n',
    'kaas/kafka-a.yaml':
      'apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata:\n  name: kafka-a\n  labels:\n    pc-scol.fr/requested-for: resource.default.univ-a\n---\napiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaNodePool\nmetadata:\n  name: kafka-a-pool\n',
    'vault/univ-a/secret-engines.yaml':
      'apiVersion: redhatcop.redhat.io/v1alpha1\nkind: SecretEngineMount\nmetadata:\n  name: kv\nspec:\n  type: kv\n',
    'vault/_clusters/prod-1/kubernetes-auth.yaml':
      'apiVersion: redhatcop.redhat.io/v1alpha1\nkind: AuthEngineMount\nmetadata:\n  name: kubernetes-prod-1\nspec:\n  type: kubernetes\n  path: kubernetes\n',
  };
}

/**
 * An instances ApplicationSet of the repository contract: a git-files
 * generator over `files` (items of its `files` list, e.g. `- path: a/*.json`)
 * and a template whose values file is `valueFile`.
 * @public
 */
export const instancesApplicationSet = (
  name: string,
  files: string[],
  valueFile: string,
) => `
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${name}
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - git:
        repoURL: https://git.example/gitops.git
        revision: main
        files:
${files.map(f => `          ${f}`).join('\n')}
  template:
    metadata:
      name: '{{.name}}'
    spec:
      project: pegase
      destination:
        name: '{{.cluster}}'
        namespace: '{{.namespace | default .name}}'
      sources:
        - repoURL: https://charts.example/pegase
          chart: pegase
          targetRevision: '{{.chartVersion | default "2.1.0"}}'
          helm:
            valueFiles:
              - '${valueFile}'
        - repoURL: https://git.example/gitops.git
          targetRevision: main
          ref: values
`;
