import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';

/** Writes files (relative path -> text) under `root`. */
export function writeFiles(root: string, files: Record<string, string>) {
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
}

const OPENAPI = (title: string) => `openapi: 3.0.3
info:
  title: ${title}
  version: 1.0.0
paths:
  /health:
    get:
      responses:
        '200':
          description: ok
`;

function chartYaml(
  name: string,
  version: string,
  annotations: Record<string, string>,
  extra = '',
) {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `  ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: v2
name: ${name}
version: ${version}
appVersion: "${version}-app"
description: The ${name} chart
maintainers:
  - name: Team ${name}
    email: ${name}@pc-scol.invalid
${ann ? `annotations:\n${ann}\n` : ''}${extra}`;
}

/** Packs `<dir>/<name>` into `<out>` (a Helm-like `.tgz`). */
export function packChart(parentDir: string, name: string, out: string) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  tar.create(
    { gzip: true, cwd: parentDir, sync: true, file: out, portable: true },
    [name],
  );
}

/**
 * A small GitOps repository covering the contract: aliases (one chart used
 * twice), conditions and tags, nested `.tgz` sub-charts and folders, OpenAPI
 * files, databases and topics, three clusters, an instance with values that
 * disable a sub-chart, a JSON array of two instances, DBaaS and KaaS.
 */
export function createFixtureRepo(root?: string): string {
  const dir = root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-fixture-'));
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-staging-'));
  // ins-backend, packaged as a nested tgz, used twice (aliases ins and ins-batch)
  writeFiles(staging, {
    'ins-backend/Chart.yaml': chartYaml('ins-backend', '3.2.1', {
      'pc-scol.fr/owner': 'team-toulouse',
      'pc-scol.fr/component-type': 'service',
      'pc-scol.fr/databases': 'ins:postgres',
      'pc-scol.fr/kafka-topics': 'ins-events',
    }),
    'ins-backend/values.yaml': 'replicas: 1\n',
    'ins-backend/files/openapi.yaml': OPENAPI('INS'),
    'postgresql/Chart.yaml': chartYaml('postgresql', '15.5.0', {
      'pc-scol.fr/component-type': 'database',
    }),
  });
  packChart(
    staging,
    'ins-backend',
    path.join(dir, 'charts/pegase/charts/ins-backend-3.2.1.tgz'),
  );
  packChart(
    staging,
    'postgresql',
    path.join(dir, 'charts/pegase/charts/postgresql-15.5.0.tgz'),
  );
  fs.rmSync(staging, { recursive: true, force: true });

  writeFiles(dir, {
    'charts/pegase/Chart.yaml': `apiVersion: v2
name: pegase
version: 24.1.0
appVersion: "24.1"
description: Pégase umbrella chart
dependencies:
  - name: ins-backend
    alias: ins
    version: ~3.2.0
    repository: https://charts.pc-scol.invalid/pegase
    condition: ins.enabled
  - name: ins-backend
    alias: ins-batch
    version: ~3.2.0
    repository: https://charts.pc-scol.invalid/pegase
    condition: ins-batch.enabled
  - name: ref-frontend
    version: 2.0.0
    repository: file://charts/ref-frontend
    tags: [front]
  - name: coc-backend
    version: ^1.0.0
    repository: https://charts.pc-scol.invalid/pegase
    condition: coc-backend.enabled
  - name: postgresql
    version: 15.5.0
    repository: https://charts.bitnami.invalid
    condition: postgresql.enabled
  - name: kafka
    version: 3.7.0
    repository: https://charts.bitnami.invalid
  - name: optional-tool
    version: 0.1.0
    repository: https://charts.pc-scol.invalid/pegase
    condition: optional-tool.enabled
`,
    'charts/pegase/Chart.lock': `dependencies:
  - name: ins-backend
    repository: https://charts.pc-scol.invalid/pegase
    version: 3.2.1
  - name: ref-frontend
    repository: file://charts/ref-frontend
    version: 2.0.0
  - name: coc-backend
    repository: https://charts.pc-scol.invalid/pegase
    version: 1.4.0
  - name: postgresql
    repository: https://charts.bitnami.invalid
    version: 15.5.0
  - name: kafka
    repository: https://charts.bitnami.invalid
    version: 3.7.0
  - name: optional-tool
    repository: https://charts.pc-scol.invalid/pegase
    version: 0.1.0
digest: sha256:0000
generated: "2024-09-01T00:00:00Z"
`,
    'charts/pegase/values.yaml': `tags:
  front: true
ins:
  enabled: true
ins-batch:
  enabled: true
coc-backend:
  enabled: true
postgresql:
  enabled: true
optional-tool:
  enabled: false
`,
    'charts/pegase/charts/ref-frontend/Chart.yaml': chartYaml(
      'ref-frontend',
      '2.0.0',
      {
        'pc-scol.fr/owner': 'team-nantes',
        'pc-scol.fr/component-type': 'website',
        'pc-scol.fr/consumes-apis': 'ins-api,coc-api',
      },
    ),
    'charts/pegase/charts/coc-backend/Chart.yaml': chartYaml(
      'coc-backend',
      '1.4.0',
      {
        'pc-scol.fr/owner': 'team-strasbourg',
        'pc-scol.fr/component-type': 'service',
        'pc-scol.fr/provides-apis': 'coc-api',
        'pc-scol.fr/consumes-apis': 'ins-api',
        'pc-scol.fr/databases': 'coc:postgres,coc-docs:mongodb',
        'pc-scol.fr/kafka-topics': 'ins-events,coc-events',
        'pc-scol.fr/openapi': 'api/coc.yaml',
        'pc-scol.fr/workload': 'coc',
      },
    ),
    'charts/pegase/charts/coc-backend/api/coc.yaml': OPENAPI('COC'),
    'charts/pegase/charts/kafka/Chart.yaml': chartYaml('kafka', '3.7.0', {
      'pc-scol.fr/component-type': 'message-broker',
    }),
    'charts/pegase/charts/optional-tool/Chart.yaml': chartYaml(
      'optional-tool',
      '0.1.0',
      {
        'pc-scol.fr/component-type': 'tool',
      },
    ),
    'charts/index.yaml': `apiVersion: v1
entries:
  pegase:
    - version: 24.1.0
      appVersion: "24.1"
      urls: [pegase-24.1.0.tgz]
      dependencies:
        - { name: ins-backend, alias: ins, version: 3.2.1, condition: ins.enabled }
        - { name: ins-backend, alias: ins-batch, version: 3.2.1, condition: ins-batch.enabled }
        - { name: ref-frontend, version: 2.0.0, tags: [front] }
        - { name: coc-backend, version: 1.4.0, condition: coc-backend.enabled }
        - { name: postgresql, version: 15.5.0, condition: postgresql.enabled }
        - { name: kafka, version: 3.7.0 }
        - { name: optional-tool, version: 0.1.0, condition: optional-tool.enabled }
    - version: 24.0.0
      appVersion: "24.0"
      urls: [pegase-24.0.0.tgz]
      dependencies:
        - { name: ins-backend, alias: ins, version: 3.1.0 }
        - { name: ref-frontend, version: 1.9.0 }
        - { name: postgresql, version: 15.4.0 }
generated: "2024-09-01T00:00:00Z"
`,
    'clusters/sxb-prod-1.yaml':
      'name: sxb-prod-1\nregion: eu-sxb-1\nusage: production\nargocd: argocd-sxb\napiServer: https://sxb-prod-1.k8s.pc-scol.invalid:6443\nlabels:\n  tier: prod\n',
    'clusters/sxb-sandbox-1.yaml':
      'name: sxb-sandbox-1\nregion: eu-sxb-1\nusage: sandbox\nlabels: {}\n',
    'clusters/cfe-prod-1.yaml':
      'name: cfe-prod-1\nregion: fr-cfe-uca\nusage: production\nargocd: argocd-cfe\nlabels: {}\n',
    'instances/eu-sxb-1/production/univ-a/instance.json': JSON.stringify(
      {
        name: 'univ-a',
        university: 'Université A',
        usage: 'production',
        region: 'eu-sxb-1',
        cluster: 'sxb-prod-1',
        chartVersion: '24.1.0',
        owner: 'team-toulouse',
      },
      null,
      2,
    ),
    'instances/eu-sxb-1/production/univ-a/values.yaml':
      '# univ-a does not run COC\ncoc-backend:\n  enabled: false\n',
    'instances/eu-sxb-1/sandbox/sandboxes/instance.json': JSON.stringify(
      [
        {
          name: 'sandbox-1',
          university: 'Université B',
          usage: 'sandbox',
          region: 'eu-sxb-1',
          cluster: 'sxb-sandbox-1',
          disabledComponents: ['ref-frontend'],
          ttl: '2030-01-31',
        },
        {
          name: 'sandbox-2',
          university: 'Université C',
          usage: 'sandbox',
          region: 'eu-sxb-1',
          cluster: 'sxb-sandbox-1',
          namespace: 'sbx-2',
          chartVersion: '24.0.0',
        },
      ],
      null,
      2,
    ),
    'instances/fr-cfe-uca/production/univ-d/instance.json': JSON.stringify({
      name: 'univ-d',
      university: 'Université D',
      usage: 'production',
      region: 'fr-cfe-uca',
      cluster: 'cfe-prod-1',
    }),
    'dbaas/pg-univ-a.yaml': `apiVersion: acid.zalan.do/v1
kind: postgresql
metadata:
  name: pg-univ-a
  namespace: univ-a
  labels:
    pc-scol.fr/requested-for: resource.default.univ-a
spec:
  teamId: pegase
  numberOfInstances: 2
  postgresql:
    version: "16"
  volume:
    size: 10Gi
`,
    'kaas/kafka-shared.yaml': `apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata:
  name: kafka-shared
  namespace: kaas
  labels:
    pc-scol.fr/requested-for: component.default.coc-backend
spec:
  kafka:
    version: 3.8.0
    listeners: []
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaNodePool
metadata:
  name: pool-a
  namespace: kaas
  labels:
    strimzi.io/cluster: kafka-shared
spec:
  replicas: 3
  roles: [broker, controller]
  storage:
    type: ephemeral
`,
  });
  return dir;
}
