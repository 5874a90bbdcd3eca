/*
 * Bench: read a generated GitOps repository of 1,000 instances x 57 sub-charts
 * (vendored as nested .tgz) and 13 clusters from a local folder, twice: with
 * today's fixed layout (no argocd/ folder) and through the ApplicationSets
 * (argocd/: one instances ApplicationSet whose Git files generator reads the
 * inventory, its Go template rendered per instance; 10 add-on ApplicationSets
 * whose cluster generators select the 13 clusters: 130 add-on Applications).
 * Run: node --require @backstage/cli/config/nodeTransform.cjs bench/pegase-node/argocd-bench.ts [instances]
 * Prints JSON on stdout.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHART_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import {
  directoryFileSource,
  readGitopsRepository,
  type GitopsSnapshot,
} from '@pcscol/plugin-pegase-node';
import {
  makeTgz,
  subChartYaml,
  writeTree,
  type Tree,
} from '@pcscol/plugin-pegase-node/testUtils';

const CLUSTERS = 13;
const ADDONS = 10;

const INSTANCES_SET = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: pegase-instances
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - git:
        repoURL: https://git.example/gitops.git
        revision: main
        files:
          - path: instances/*/*/*/instance.json
          - path: instances/*/*/archive-*/instance.json
            exclude: true
  template:
    metadata:
      name: '{{.name}}'
      labels:
        pc-scol.fr/region: '{{index .path.segments 1}}'
        pc-scol.fr/usage: '{{index .path.segments 2}}'
        pc-scol.fr/university: '{{.university | default "" | lower}}'
    spec:
      project: pegase
      destination:
        name: '{{.cluster}}'
        namespace: '{{.namespace | default .name}}'
      sources:
        - repoURL: https://charts.example/pegase
          chart: pegase
          targetRevision: '{{.chartVersion | default "24.1.0"}}'
          helm:
            releaseName: '{{.name | normalize}}'
            valueFiles:
              - '$values/{{.path.path}}/values.yaml'
        - repoURL: https://git.example/gitops.git
          targetRevision: main
          ref: values
`;

const addonSet = (i: number) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: addon-${i}
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - clusters:
        selector:
          matchLabels:
            pc-scol.fr/cluster-type: apps
          matchExpressions:
            - key: pc-scol.fr/region
              operator: In
              values: [eu-sxb-1, fr-cfe-uca]
  template:
    metadata:
      name: '{{.name}}-addon-${i}'
      labels:
        pc-scol.fr/region: '{{index .metadata.labels "pc-scol.fr/region"}}'
    spec:
      project: addons
      source:
        repoURL: https://charts.example/addons
        chart: addon-${i}
        targetRevision: 1.${i}.0
      destination:
        server: '{{.server}}'
        namespace: addon-${i}
`;

async function baseTree(count: number): Promise<Tree> {
  const tree: Tree = {};
  const deps: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < 57; i++) {
    const name = `comp-${i}`;
    deps.push(
      `- name: ${name}\n  version: "~1.${i}.0"\n  repository: https://charts.example/pegase\n  condition: ${name}.enabled`,
    );
    values.push(`${name}:\n  enabled: ${i % 10 !== 9}`);
    tree[`charts/pegase/charts/${name}-1.${i}.3.tgz`] = await makeTgz({
      [`${name}/Chart.yaml`]: subChartYaml(name, `1.${i}.3`, {
        [CHART_ANNOTATIONS.owner]: `team-${i % 4}`,
        [CHART_ANNOTATIONS.databases]: `${name}:postgres`,
      }),
      [`${name}/values.yaml`]: 'replicas: 1\n',
      [`${name}/files/openapi.yaml`]: `openapi: 3.0.3\ninfo: { title: ${name}, version: "1" }\npaths: {}\n`,
    });
  }
  tree[
    'charts/pegase/Chart.yaml'
  ] = `apiVersion: v2\nname: pegase\nversion: 24.1.0\ndependencies:\n${deps.join(
    '\n',
  )}\n`;
  tree['charts/pegase/values.yaml'] = `${values.join('\n')}\n`;
  for (let c = 0; c < CLUSTERS; c++) {
    const region = c % 2 ? 'eu-sxb-1' : 'fr-cfe-uca';
    tree[
      `clusters/cluster-${c}.yaml`
    ] = `region: ${region}\nusage: production\napiServer: https://cluster-${c}:6443\nkubernetesVersion: v1.33.5\ntalosVersion: v1.11.5\nlabels:\n  pc-scol.fr/region: ${region}\n  pc-scol.fr/cluster-type: apps\n`;
  }
  for (let i = 0; i < count; i++) {
    const region = i % 2 ? 'eu-sxb-1' : 'fr-cfe-uca';
    const folder = `instances/${region}/production/univ-${i}`;
    tree[`${folder}/instance.json`] = `${JSON.stringify(
      {
        name: `univ-${i}`,
        university: `Univ-${i}`,
        usage: 'production',
        region,
        cluster: `cluster-${i % CLUSTERS}`,
        disabledComponents: ['comp-3'],
      },
      null,
      2,
    )}\n`;
    tree[`${folder}/values.yaml`] = `comp-9:\n  enabled: true\n`;
    tree[`vault/univ-${i}/secret-engines.yaml`] =
      'apiVersion: redhatcop.redhat.io/v1alpha1\nkind: SecretEngineMount\nmetadata:\n  name: kv\nspec:\n  type: kv\n';
  }
  return tree;
}

async function once(dir: string): Promise<[number, GitopsSnapshot]> {
  const t0 = performance.now();
  const snapshot = await readGitopsRepository(directoryFileSource(dir));
  return [Math.round(performance.now() - t0), snapshot];
}

function summary(runs: number[], snapshot: GitopsSnapshot) {
  const sorted = [...runs].sort((a, b) => a - b);
  return {
    instances: snapshot.instances.length,
    problems: snapshot.problems.length,
    inventory: snapshot.inventory?.source,
    generatedApplications: snapshot.generatedApplications?.length ?? 0,
    addons: snapshot.addons?.length ?? 0,
    addonApplications: (snapshot.addons ?? []).reduce(
      (n, a) => n + a.applications.length,
      0,
    ),
    runsMs: runs,
    medianMs: sorted[Math.floor(sorted.length / 2)],
    minMs: sorted[0],
  };
}

async function main() {
  const count = Number(process.argv[2] ?? 1000);
  const tree = await baseTree(count);
  const plain = await fs.mkdtemp(join(tmpdir(), 'pegase-bench-plain-'));
  const withSets = await fs.mkdtemp(join(tmpdir(), 'pegase-bench-appsets-'));
  await writeTree(plain, tree);
  const argocd: Tree = {
    'argocd/instances/applicationset.yaml': INSTANCES_SET,
  };
  for (let i = 0; i < ADDONS; i++)
    argocd[`argocd/addons/apps/addon-${i}.yaml`] = addonSet(i);
  await writeTree(withSets, { ...tree, ...argocd });
  try {
    // alternated, so that a busy machine weighs on both alike
    const a: number[] = [];
    const b: number[] = [];
    let sa: GitopsSnapshot | undefined;
    let sb: GitopsSnapshot | undefined;
    await once(plain); // warm-up (module loading, JIT)
    for (let r = 0; r < 7; r++) {
      const [ta, xa] = await once(plain);
      const [tb, xb] = await once(withSets);
      a.push(ta);
      b.push(tb);
      sa = xa;
      sb = xb;
    }
    const fixedLayout = summary(a, sa!);
    const throughApplicationSets = summary(b, sb!);
    process.stdout.write(
      `${JSON.stringify({
        bench:
          'pegase-node readGitopsRepository through the ApplicationSets (local folder)',
        clusters: CLUSTERS,
        addonApplicationSets: ADDONS,
        files: Object.keys(tree).length + Object.keys(argocd).length,
        fixedLayout,
        throughApplicationSets,
        node: process.version,
      })}\n`,
    );
  } finally {
    await fs.rm(plain, { recursive: true, force: true });
    await fs.rm(withSets, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
