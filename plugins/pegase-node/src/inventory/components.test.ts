/*
 * The reading rule on an umbrella read from files, nested sub-charts and
 * vendored charts included, against the cases of Helm's own tests:
 * pkg/chart/v2/util/dependencies_test.go at helm/helm v4.2.4
 * (TestDependencyEnabled on testdata/subpop: a nested condition read under
 * its parent's name, a disabled parent taking its children with it;
 * TestDependentChartsWithSomeSubchartsSpecifiedInDependency: a chart under
 * charts/ that no dependency lists is rendered) and values read as Helm
 * reads them (sigs.k8s.io/yaml v1.6.0: YAML 1.1, `off` is false).
 */
import type { ChartRelease, UmbrellaChart } from '../model/types';
import { readUmbrellaChart } from '../chart/umbrella';
import { memoryFileSource } from '../source/sources';
import { makeTgz } from '../__testUtils__';
import { componentsOfInstance } from './components';

const chartYaml = (name: string, version: string, deps = '') =>
  `apiVersion: v2\nname: ${name}\nversion: ${version}\n${
    deps ? `dependencies:\n${deps}` : ''
  }`;

/**
 * pegase 1.0.0 -> ins (folder; its own charts/: postgresql as a .tgz with
 * condition postgresql.enabled, tag database; redis, listed by none), coc
 * aliased twice (coc-a, coc-b) with their own condition; charts/extra, a
 * vendored chart no dependency lists.
 */
async function repo(umbrellaValues = '') {
  const postgresql = await makeTgz({
    'postgresql/Chart.yaml': chartYaml('postgresql', '12.1.0'),
    'postgresql/values.yaml': 'auth:\n  database: ins\n',
  });
  const read = await readUmbrellaChart(
    memoryFileSource({
      'charts/pegase/Chart.yaml': chartYaml(
        'pegase',
        '1.0.0',
        [
          '  - name: ins',
          '    version: 1.0.0',
          '    condition: ins.enabled',
          '  - name: coc',
          '    alias: coc-a',
          '    version: 2.0.0',
          '    condition: coc-a.enabled',
          '  - name: coc',
          '    alias: coc-b',
          '    version: 2.0.0',
          '    condition: coc-b.enabled',
          '',
        ].join('\n'),
      ),
      'charts/pegase/values.yaml': umbrellaValues,
      'charts/pegase/charts/ins/Chart.yaml': chartYaml(
        'ins',
        '1.0.0',
        [
          '  - name: postgresql',
          '    version: ~12.1.0',
          '    condition: postgresql.enabled',
          '    tags: [database]',
          '',
        ].join('\n'),
      ),
      'charts/pegase/charts/ins/values.yaml': 'postgresql:\n  enabled: yes\n',
      'charts/pegase/charts/ins/charts/postgresql-12.1.0.tgz': postgresql,
      'charts/pegase/charts/ins/charts/redis/Chart.yaml': chartYaml(
        'redis',
        '18.0.0',
      ),
      'charts/pegase/charts/coc/Chart.yaml': chartYaml(
        'coc',
        '2.0.0',
        '  - name: grandchild\n    version: 1.0.0\n    condition: grandchild.enabled\n',
      ),
      'charts/pegase/charts/coc/charts/grandchild/Chart.yaml': chartYaml(
        'grandchild',
        '1.0.0',
      ),
      'charts/pegase/charts/extra/Chart.yaml': chartYaml('extra', '0.1.0'),
    }),
  );
  expect(read.problems.filter(p => p.severity === 'error')).toEqual([]);
  const chart = read.chart as UmbrellaChart;
  const release: ChartRelease = {
    version: chart.version,
    urls: [],
    dependencies: chart.dependencies,
    current: true,
    file: chart.file,
  };
  return { chart, releases: [release] };
}

describe('componentsOfInstance with the charts Helm renders (helm v4.2.4 dependencies_test.go)', () => {
  it('renders nested sub-charts, .tgz and unlisted vendored charts, each alias with its own copy', async () => {
    const snapshot = await repo();
    const r = componentsOfInstance(snapshot, {});
    expect(r.components).toEqual(['ins', 'coc-a', 'coc-b']);
    expect(r.charts).toEqual([
      'coc-a',
      'coc-a.grandchild',
      'coc-b',
      'coc-b.grandchild',
      'extra',
      'ins',
      'ins.postgresql',
      'ins.redis',
    ]);
    expect(r.notes).toEqual([]);
  });

  it("reads a nested condition under its parent's name, in YAML 1.1 instance values", async () => {
    const snapshot = await repo();
    // what an instance's values.yaml `ins: {postgresql: {enabled: off}}` reads to
    const r = componentsOfInstance(snapshot, {
      values: { ins: { postgresql: { enabled: false } }, 'coc-b': {} },
    });
    expect(r.charts).not.toContain('ins.postgresql');
    expect(r.charts).toContain('ins.redis');
    expect(r.components).toEqual(['ins', 'coc-a', 'coc-b']);
  });

  it('lets a nested condition win over tags, and tags act where no condition resolves', async () => {
    const snapshot = await repo();
    // the sub-chart's values.yaml says postgresql.enabled: yes: the condition wins
    expect(
      componentsOfInstance(snapshot, { values: { tags: { database: false } } })
        .charts,
    ).toContain('ins.postgresql');
    // without it (null deletes the key), the false tag disables the chart
    expect(
      componentsOfInstance(snapshot, {
        values: {
          tags: { database: false },
          ins: { postgresql: { enabled: null } },
        },
      }).charts,
    ).not.toContain('ins.postgresql');
  });

  it('takes the sub-charts of a disabled parent with it (condition or disabledComponents)', async () => {
    const snapshot = await repo('ins:\n  enabled: off\n');
    const r = componentsOfInstance(snapshot, {});
    expect(r.components).toEqual(['coc-a', 'coc-b']);
    expect(r.charts?.some(c => c.startsWith('ins'))).toBe(false);

    const d = componentsOfInstance(await repo(), {
      disabledComponents: ['coc-a'],
      values: { 'coc-b': { grandchild: { enabled: false } } },
    });
    expect(d.components).toEqual(['ins', 'coc-b']);
    expect(d.charts).toEqual([
      'coc-b',
      'extra',
      'ins',
      'ins.postgresql',
      'ins.redis',
    ]);
    // the chart name removes every alias of it
    expect(
      componentsOfInstance(snapshot, { disabledComponents: ['coc'] }).charts,
    ).toEqual(['extra']);
  });

  it('notes a nested condition that is not a boolean, as Helm warns', async () => {
    const snapshot = await repo();
    const r = componentsOfInstance(snapshot, {
      values: { ins: { postgresql: { enabled: 'false' } } },
    });
    expect(r.charts).toContain('ins.postgresql');
    expect(r.notes).toEqual([
      'condition path \'postgresql.enabled\' is not a boolean ("false")',
    ]);
    // a component left out is not read: no note on what is below it
    expect(
      componentsOfInstance(snapshot, {
        disabledComponents: ['ins'],
        values: { ins: { postgresql: { enabled: 'false' } } },
      }).notes,
    ).toEqual([]);
  });

  it('keeps the direct rule for released versions and for charts read without their tree', async () => {
    const { chart, releases } = await repo();
    const withoutTree = { ...chart, tree: undefined };
    const r = componentsOfInstance(
      { chart: withoutTree, releases },
      { values: { 'coc-a': { enabled: false } } },
    );
    expect(r.components).toEqual(['ins', 'coc-b']);
    expect(r.charts).toBeUndefined();
  });

  it('reads nested charts down to 8 levels and says where it stopped', async () => {
    // c1 under the umbrella, c2 under c1, ... c10: each a folder under the previous charts/
    const files: Record<string, string> = {
      'charts/pegase/Chart.yaml': chartYaml('pegase', '1.0.0'),
    };
    let dir = 'charts/pegase';
    for (let i = 1; i <= 10; i++) {
      dir = `${dir}/charts/c${i}`;
      files[`${dir}/Chart.yaml`] = chartYaml(`c${i}`, '1.0.0');
    }
    const read = await readUmbrellaChart(memoryFileSource(files));
    const chart = read.chart as UmbrellaChart;
    const r = componentsOfInstance(
      {
        chart,
        releases: [
          {
            version: '1.0.0',
            urls: [],
            dependencies: [],
            current: true,
            file: chart.file,
          },
        ],
      },
      {},
    );
    expect(r.charts).toHaveLength(8);
    expect(r.charts?.[7]).toBe('c1.c2.c3.c4.c5.c6.c7.c8');
    expect(
      read.problems.filter(p => p.severity === 'warning').map(p => p.subject),
    ).toEqual(['c8']);
  });
});
