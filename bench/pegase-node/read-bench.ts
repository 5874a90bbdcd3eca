/*
 * Bench: read a generated GitOps repository of 1,000 instances x 57 sub-charts
 * (vendored as nested .tgz), 20 clusters, from a local folder.
 * Run: node --require @backstage/cli/config/nodeTransform.cjs bench/pegase-node/read-bench.ts [instances]
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
} from '@pcscol/plugin-pegase-node';
import {
  makeTgz,
  subChartYaml,
  writeTree,
  type Tree,
} from '@pcscol/plugin-pegase-node/testUtils';

async function main() {
  const count = Number(process.argv[2] ?? 1000);
  const dir = await fs.mkdtemp(join(tmpdir(), 'pegase-bench-'));
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
  for (let c = 0; c < 20; c++)
    tree[`clusters/cluster-${c}.yaml`] = `region: ${
      c % 2 ? 'eu-sxb-1' : 'fr-cfe-uca'
    }\nusage: production\n`;
  for (let i = 0; i < count; i++) {
    const region = i % 2 ? 'eu-sxb-1' : 'fr-cfe-uca';
    const folder = `instances/${region}/production/univ-${i}`;
    tree[`${folder}/instance.json`] = `${JSON.stringify(
      {
        name: `univ-${i}`,
        usage: 'production',
        region,
        cluster: `cluster-${i % 20}`,
        disabledComponents: ['comp-3'],
      },
      null,
      2,
    )}\n`;
    tree[`${folder}/values.yaml`] = `comp-9:\n  enabled: true\n`;
    tree[`vault/univ-${i}/secret-engines.yaml`] =
      'apiVersion: redhatcop.redhat.io/v1alpha1\nkind: SecretEngineMount\nmetadata:\n  name: kv\nspec:\n  type: kv\n';
  }
  await writeTree(dir, tree);
  const runs: number[] = [];
  let snapshot;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    snapshot = await readGitopsRepository(directoryFileSource(dir));
    runs.push(Math.round(performance.now() - t0));
  }
  await fs.rm(dir, { recursive: true, force: true });
  const sorted = [...runs].sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'pegase-node readGitopsRepository (local folder)',
      instances: snapshot!.instances.length,
      subCharts: snapshot!.chart?.subCharts.length,
      files: Object.keys(tree).length,
      problems: snapshot!.problems.length,
      componentsPerInstance: snapshot!.instances[0]?.components.length,
      runsMs: runs,
      medianMs: sorted[Math.floor(sorted.length / 2)],
      node: process.version,
    })}\n`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
