/*
 * Bench: the reading rule (componentsOfInstance) for 1,000 instances against
 * an umbrella of 57 vendored .tgz sub-charts, each with (--nested) or without
 * a nested .tgz dependency of its own, with Helm's whole rule on the chart
 * tree (chart.tree) and with the direct rule alone (the tree left out), in
 * one process, alternated.
 * Run: node --require @backstage/cli/config/nodeTransform.cjs bench/pegase-node/components-bench.ts [--nested]
 * Prints JSON on stdout.
 */
import { performance } from 'node:perf_hooks';
import {
  componentsOfInstance,
  memoryFileSource,
  readUmbrellaChart,
  type ChartRelease,
  type UmbrellaChart,
} from '@pcscol/plugin-pegase-node';
import { makeTgz } from '@pcscol/plugin-pegase-node/testUtils';

const INSTANCES = 1000;
const SUB_CHARTS = 57;

async function umbrella(nested: boolean) {
  const files: Record<string, string | Buffer> = {};
  const deps: string[] = [];
  const values: string[] = [];
  const postgresql = await makeTgz({
    'postgresql/Chart.yaml':
      'apiVersion: v2\nname: postgresql\nversion: 12.1.0\n',
    'postgresql/values.yaml': 'auth:\n  database: x\n',
  });
  for (let i = 0; i < SUB_CHARTS; i++) {
    const n = `comp-${i}`;
    deps.push(
      `  - name: ${n}\n    version: 1.0.0\n    condition: ${n}.enabled`,
    );
    values.push(`${n}:\n  enabled: ${i % 10 !== 9}`);
    const sub: Record<string, string | Buffer> = {
      [`${n}/Chart.yaml`]: `apiVersion: v2\nname: ${n}\nversion: 1.0.0\n${
        nested
          ? 'dependencies:\n  - name: postgresql\n    version: 12.1.0\n    condition: postgresql.enabled\n'
          : ''
      }`,
      [`${n}/values.yaml`]: 'replicas: 1\npostgresql:\n  enabled: true\n',
    };
    if (nested) sub[`${n}/charts/postgresql-12.1.0.tgz`] = postgresql;
    files[`charts/pegase/charts/${n}-1.0.0.tgz`] = await makeTgz(sub);
  }
  files[
    'charts/pegase/Chart.yaml'
  ] = `apiVersion: v2\nname: pegase\nversion: 1.0.0\ndependencies:\n${deps.join(
    '\n',
  )}\n`;
  files['charts/pegase/values.yaml'] = `${values.join('\n')}\n`;
  const { chart } = await readUmbrellaChart(memoryFileSource(files));
  return chart as UmbrellaChart;
}

async function main() {
  const nested = process.argv.includes('--nested');
  const chart = await umbrella(nested);
  const releases: ChartRelease[] = [
    {
      version: chart.version,
      urls: [],
      dependencies: chart.dependencies,
      current: true,
      file: chart.file,
    },
  ];
  const run = (c: UmbrellaChart) => {
    const cache = new WeakMap();
    const t = performance.now();
    let charts = 0;
    for (let i = 0; i < INSTANCES; i++) {
      const r = componentsOfInstance(
        { chart: c, releases },
        {
          values: {
            [`comp-${i % SUB_CHARTS}`]: {
              enabled: i % 2 === 0,
              postgresql: { enabled: i % 3 === 0 },
            },
            global: { instance: i },
          },
        },
        cache,
      );
      charts += r.charts?.length ?? r.components.length;
    }
    return { ms: Math.round(performance.now() - t), charts };
  };
  const withTree: number[] = [];
  const directOnly: number[] = [];
  let chartsPerInstance = 0;
  for (let k = 0; k < 7; k++) {
    const a = run(chart);
    chartsPerInstance = a.charts / INSTANCES;
    withTree.push(a.ms);
    directOnly.push(run({ ...chart, tree: undefined }).ms);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[3];
  console.log(
    JSON.stringify({
      bench: 'pegase-node componentsOfInstance',
      instances: INSTANCES,
      subCharts: SUB_CHARTS,
      nested,
      chartsPerInstance,
      withTreeMs: withTree,
      directOnlyMs: directOnly,
      medianWithTreeMs: median(withTree),
      medianDirectOnlyMs: median(directOnly),
      node: process.version,
    }),
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
