/*
 * Helm's own dependency tests, transcribed as data: the chart layouts of
 * pkg/chart/v2/util/testdata (in small form: only the fields the rule reads)
 * and the charts Helm keeps, from pkg/chart/v2/util/dependencies_test.go at
 * helm/helm v4.2.4 (TestDependencyEnabled, TestDependentChartAliases,
 * TestDependentChartWithSubChartsAbsentInDependency,
 * TestDependentChartsWithSomeSubchartsSpecifiedInDependency,
 * TestChartWithDependencyAliasedTwiceAndDoublyReferencedSubDependency).
 */
import { enabledChartPaths, type HelmChartTree } from './enabledCharts';
import { isDependencyEnabled } from './conditions';
import { parseDependencies } from './dependencies';
import { parseYamlFile } from '../util/parse';
import { readUmbrellaChart } from './umbrella';
import { memoryFileSource } from '../source/sources';

const dep = (
  name: string,
  condition: string,
  tags: string[] = [],
  alias?: string,
) => ({
  name,
  alias,
  versionRange: '0.1.0',
  conditions: condition ? [condition] : [],
  tags,
});

const leaf = (name: string): HelmChartTree => ({ name, version: '0.1.0' });

/** testdata/subpop: parentchart -> subchart1 (subcharta, subchartb), subchart2 (subchartb, subchartc), subchart2 aliased subchart2alias. */
const subpop: HelmChartTree = {
  name: 'parentchart',
  version: '0.1.0',
  values: {
    tags: { 'front-end': true, 'back-end': false },
    subchart2alias: { enabled: false },
    ensurenull: null,
  },
  dependencies: [
    dep('subchart1', 'subchart1.enabled', ['front-end', 'subchart1']),
    dep('subchart2', 'subchart2.enabled', ['back-end', 'subchart2']),
    dep('subchart2', 'subchart2alias.enabled', [], 'subchart2alias'),
  ],
  charts: [
    {
      name: 'subchart1',
      version: '0.1.0',
      values: { service: { name: 'nginx' } },
      dependencies: [
        dep('subcharta', 'subcharta.enabled', ['front-end', 'subcharta']),
        dep('subchartb', 'subchartb.enabled', ['front-end', 'subchartb']),
      ],
      charts: [leaf('subcharta'), leaf('subchartb')],
    },
    {
      name: 'subchart2',
      version: '0.1.0',
      values: { replicaCount: 1 },
      dependencies: [
        dep('subchartb', 'subchartb.enabled', ['back-end', 'subchartb']),
        dep('subchartc', 'subchartc.enabled', ['back-end', 'subchartc']),
      ],
      charts: [leaf('subchartb'), leaf('subchartc')],
    },
  ],
};

const p = (...names: string[]) =>
  names.map(n => (n ? `parentchart.${n}` : 'parentchart'));

describe('enabled sub-charts as Helm v4.2.4 TestDependencyEnabled (testdata/subpop)', () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    [
      'tags with no effect',
      { tags: { nothinguseful: false } },
      p('', 'subchart1', 'subchart1.subcharta', 'subchart1.subchartb'),
    ],
    ['tags disabling a group', { tags: { 'front-end': false } }, p('')],
    [
      'tags disabling a group and enabling a different group',
      { tags: { 'front-end': false, 'back-end': true } },
      p('', 'subchart2', 'subchart2.subchartb', 'subchart2.subchartc'),
    ],
    [
      'tags disabling only children, children still enabled since tag front-end=true in values.yaml',
      { tags: { subcharta: false, subchartb: false } },
      p('', 'subchart1', 'subchart1.subcharta', 'subchart1.subchartb'),
    ],
    [
      'tags disabling all parents/children with additional tag re-enabling a parent',
      { tags: { 'front-end': false, subchart1: true, 'back-end': false } },
      p('', 'subchart1'),
    ],
    [
      'conditions enabling the parent charts, but back-end (b, c) is still disabled via values.yaml',
      { subchart1: { enabled: true }, subchart2: { enabled: true } },
      p(
        '',
        'subchart1',
        'subchart1.subcharta',
        'subchart1.subchartb',
        'subchart2',
      ),
    ],
    [
      'conditions disabling the parent charts, effectively disabling children',
      { subchart1: { enabled: false }, subchart2: { enabled: false } },
      p(''),
    ],
    [
      "conditions a child using the second condition path of child's condition",
      { subchart1: { subcharta: { enabled: false } } },
      p('', 'subchart1', 'subchart1.subchartb'),
    ],
    [
      'tags enabling a parent/child group with condition disabling one child',
      {
        subchart2: { subchartc: { enabled: false } },
        tags: { 'back-end': true },
      },
      p(
        '',
        'subchart1',
        'subchart1.subcharta',
        'subchart1.subchartb',
        'subchart2',
        'subchart2.subchartb',
      ),
    ],
    [
      'tags will not enable a child if parent is explicitly disabled with condition',
      { subchart1: { enabled: false }, tags: { 'front-end': true } },
      p(''),
    ],
    [
      'subcharts with alias also respect conditions',
      {
        subchart1: { enabled: false },
        subchart2alias: { enabled: true, subchartb: { enabled: true } },
      },
      p('', 'subchart2alias', 'subchart2alias.subchartb'),
    ],
  ];
  it.each(cases)('%s', (_name, values, expected) => {
    expect(enabledChartPaths(subpop, values)).toEqual([...expected].sort());
  });
});

describe('vendored charts and aliases as Helm v4.2.4 dependencies_test.go', () => {
  // testdata/dependent-chart-alias, -with-mixed-requirements-yaml,
  // -no-requirements-yaml: frobnitz with charts/alpine (its own charts/mast1,
  // charts/mast2-0.1.0.tgz) and charts/mariner-4.3.2.tgz
  const alpine: HelmChartTree = {
    name: 'alpine',
    version: '0.1.0',
    charts: [leaf('mast1'), leaf('mast2')],
  };
  const mariner: HelmChartTree = { name: 'mariner', version: '4.3.2' };
  const frobnitz = (dependencies?: HelmChartTree['dependencies']) => ({
    name: 'frobnitz',
    version: '1.2.3',
    dependencies,
    charts: [alpine, mariner],
  });

  it('adds one chart per alias of a dependency aliased twice (TestDependentChartAliases)', () => {
    const tree = frobnitz([
      { ...dep('alpine', ''), versionRange: '0.1.0' },
      { ...dep('mariner', '', [], 'mariners2'), versionRange: '4.3.2' },
      { ...dep('mariner', '', [], 'mariners1'), versionRange: '4.3.2' },
    ]);
    expect(enabledChartPaths(tree)).toEqual([
      'frobnitz',
      'frobnitz.alpine',
      'frobnitz.alpine.mast1',
      'frobnitz.alpine.mast2',
      'frobnitz.mariners1',
      'frobnitz.mariners2',
    ]);
  });

  it('keeps charts under charts/ when Chart.yaml lists none (TestDependentChartWithSubChartsAbsentInDependency)', () => {
    expect(enabledChartPaths(frobnitz(undefined))).toEqual([
      'frobnitz',
      'frobnitz.alpine',
      'frobnitz.alpine.mast1',
      'frobnitz.alpine.mast2',
      'frobnitz.mariner',
    ]);
  });

  it('keeps a vendored chart without a dependency entry, even when the listed one is disabled (TestDependentChartsWithSomeSubchartsSpecifiedInDependency)', () => {
    const tree = frobnitz([{ ...dep('alpine', 'alpine.enabled') }]);
    expect(enabledChartPaths(tree)).toEqual([
      'frobnitz',
      'frobnitz.alpine',
      'frobnitz.alpine.mast1',
      'frobnitz.alpine.mast2',
      'frobnitz.mariner',
    ]);
    expect(enabledChartPaths(tree, { alpine: { enabled: false } })).toEqual([
      'frobnitz',
      'frobnitz.mariner',
    ]);
  });

  it('gives each alias its own copy of the sub-tree and its own condition (TestChartWithDependencyAliasedTwiceAndDoublyReferencedSubDependency)', () => {
    const child: HelmChartTree = {
      name: 'child',
      version: '1.0.0',
      dependencies: [
        { ...dep('grandchild', 'grandchild.enabled'), versionRange: '1.0.0' },
      ],
      charts: [{ name: 'grandchild', version: '1.0.0' }],
    };
    const tree: HelmChartTree = {
      name: 'chart-with-dependency-aliased-twice',
      version: '1.0.0',
      dependencies: [
        { ...dep('child', 'foo.enabled', [], 'foo'), versionRange: '1.0.0' },
        { ...dep('child', 'bar.enabled', [], 'bar'), versionRange: '1.0.0' },
      ],
      charts: [child],
    };
    const top = 'chart-with-dependency-aliased-twice';
    expect(enabledChartPaths(tree)).toEqual([
      top,
      `${top}.bar`,
      `${top}.bar.grandchild`,
      `${top}.foo`,
      `${top}.foo.grandchild`,
    ]);
    // the nested condition is read under the alias: foo.grandchild.enabled
    expect(
      enabledChartPaths(tree, { foo: { grandchild: { enabled: false } } }),
    ).toEqual([top, `${top}.bar`, `${top}.bar.grandchild`, `${top}.foo`]);
  });

  it('does not match a vendored chart outside the version range (getAliasDependency, IsCompatibleRange)', () => {
    const tree = frobnitz([
      { ...dep('mariner', 'mariner.enabled'), versionRange: '^5.0.0' },
    ]);
    // the vendored mariner 4.3.2 is not that dependency: kept as unlisted,
    // but Helm removes disabled charts by name, so it goes when disabled
    expect(enabledChartPaths(tree)).toContain('frobnitz.mariner');
    expect(
      enabledChartPaths(tree, { mariner: { enabled: false } }),
    ).not.toContain('frobnitz.mariner');
  });
});

describe("Helm's condition and tag details (pkg/chart/v2/util/dependencies.go, pkg/chart/common/values.go, v4.2.4)", () => {
  it('skips a condition path holding a map without a note (Values.PathValue: no value)', () => {
    const notes: string[] = [];
    const d = { conditions: ['x', 'y.enabled'], tags: [] };
    expect(
      isDependencyEnabled(d, { x: { a: 1 }, y: { enabled: false } }, notes),
    ).toBe(false);
    expect(notes).toEqual([]);
  });

  it('notes a null or a string at a condition path and goes on', () => {
    const notes: string[] = [];
    const d = { conditions: ['x.enabled', 'y.enabled'], tags: [] };
    expect(
      isDependencyEnabled(
        d,
        { x: { enabled: null }, y: { enabled: 'false' } },
        notes,
      ),
    ).toBe(true);
    expect(notes).toEqual([
      "condition path 'x.enabled' is not a boolean (null)",
      'condition path \'y.enabled\' is not a boolean ("false")',
    ]);
  });

  it('notes a tag that is not a boolean and ignores it', () => {
    const notes: string[] = [];
    const d = { conditions: [], tags: ['a', 'b'] };
    expect(
      isDependencyEnabled(d, { tags: { a: 'false', b: false } }, notes),
    ).toBe(false);
    expect(notes).toEqual([`tag 'a' is not a boolean ("false")`]);
  });

  it('splits a condition on commas without trimming each path, as Helm does', () => {
    const { dependencies: value } = parseDependencies(
      [
        {
          name: 'ins',
          version: '1.0.0',
          condition: ' ins.enabled, global.ins.enabled ',
        },
      ],
      { file: 'Chart.yaml', location: 'url:x' },
      'dependencies',
      () => undefined,
      ['dependencies'],
    );
    expect(value[0].conditions).toEqual(['ins.enabled', ' global.ins.enabled']);
    // the second path (leading space) never resolves in Helm either
    expect(
      isDependencyEnabled(value[0], {
        global: { ins: { enabled: false } },
      }),
    ).toBe(true);
  });
});

describe('values read as Helm reads them (sigs.k8s.io/yaml v1.6.0 through go.yaml.in/yaml/v2: YAML 1.1)', () => {
  const read = (text: string) =>
    parseYamlFile(
      text,
      { file: 'values.yaml', location: 'url:x' },
      {
        yaml11: true,
      },
    ).parsed?.value as Record<string, unknown>;

  it('reads yes/no/on/off/y/n as booleans, so they enable and disable sub-charts', () => {
    const v = read(
      'a: {enabled: yes}\nb: {enabled: Off}\nc: {enabled: "yes"}\nd: {enabled: n}\n',
    );
    expect(v).toEqual({
      a: { enabled: true },
      b: { enabled: false },
      c: { enabled: 'yes' },
      d: { enabled: false },
    });
    const notes: string[] = [];
    expect(
      isDependencyEnabled({ conditions: ['a.enabled'], tags: [] }, v),
    ).toBe(true);
    expect(
      isDependencyEnabled({ conditions: ['b.enabled'], tags: [] }, v),
    ).toBe(false);
    // a quoted "yes" is a string: noted, and the dependency stays enabled
    expect(
      isDependencyEnabled({ conditions: ['c.enabled'], tags: [] }, v, notes),
    ).toBe(true);
    expect(notes).toHaveLength(1);
  });

  it('reads 0777 as octal, 0x/0b and 1_000 as numbers, dates as strings', () => {
    expect(
      read('mode: 0777\nhex: 0x1F\nbin: 0b101\nbig: 1_000\nday: 2001-12-14\n'),
    ).toEqual({ mode: 511, hex: 31, bin: 5, big: 1000, day: '2001-12-14' });
  });

  it("reads a vendored sub-chart's and the umbrella's values.yaml that way", async () => {
    const { chart } = await readUmbrellaChart(
      memoryFileSource({
        'charts/pegase/Chart.yaml':
          'apiVersion: v2\nname: u\nversion: 1.0.0\ndependencies:\n  - name: ins\n    version: 1.0.0\n    condition: ins.enabled\n',
        'charts/pegase/values.yaml': 'ins:\n  enabled: off\n',
        'charts/pegase/charts/ins/Chart.yaml':
          'apiVersion: v2\nname: ins\nversion: 1.0.0\n',
        'charts/pegase/charts/ins/values.yaml': 'enabled: yes\nport: 0777\n',
      }),
    );
    expect(chart?.values).toEqual({ ins: { enabled: false } });
    expect(chart?.subCharts[0].values).toEqual({ enabled: true, port: 511 });
  });
});
