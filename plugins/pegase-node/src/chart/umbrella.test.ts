import { memoryFileSource, tgzFileSource } from '../source/sources';
import { readPackagedChart, readUmbrellaChart } from './umbrella';
import { isDependencyEnabled, deepMergeValues } from './conditions';
import { parseHelmIndex } from './helmIndex';
import { readGitopsRepository } from '../read';
import {
  baseRepo,
  makeTgz,
  subChartYaml,
  UMBRELLA_VALUES,
  CHART_LOCK,
  type Tree,
} from '../__testUtils__/fixtures';

const dep = (conditions: string[], tags: string[] = []) => ({
  conditions,
  tags,
});

describe('isDependencyEnabled (Helm rules)', () => {
  it('is enabled by default', () => {
    expect(isDependencyEnabled(dep([]), {})).toBe(true);
  });
  it('lets a condition take precedence over tags', () => {
    const values = { tags: { batch: true }, x: { enabled: false } };
    expect(isDependencyEnabled(dep(['x.enabled'], ['batch']), values)).toBe(
      false,
    );
    expect(
      isDependencyEnabled(dep(['x.enabled'], ['batch']), {
        tags: { batch: false },
        x: { enabled: true },
      }),
    ).toBe(true);
  });
  it('uses tags when no condition resolves: a true tag wins over a false one', () => {
    expect(
      isDependencyEnabled(dep(['absent.enabled'], ['a']), {
        tags: { a: false },
      }),
    ).toBe(false);
    expect(
      isDependencyEnabled(dep([], ['a', 'b']), { tags: { a: false, b: true } }),
    ).toBe(true);
    expect(isDependencyEnabled(dep([], ['a']), { tags: {} })).toBe(true);
  });
  it('takes the first condition path that resolves to a boolean', () => {
    const notes: string[] = [];
    const values = {
      a: { enabled: 'yes' },
      b: { enabled: false },
      c: { enabled: true },
    };
    expect(
      isDependencyEnabled(
        dep(['missing.enabled', 'a.enabled', 'b.enabled', 'c.enabled']),
        values,
        notes,
      ),
    ).toBe(false);
    expect(notes).toEqual([
      `condition path 'a.enabled' is not a boolean ("yes")`,
    ]);
  });
  it('deep-merges values, null removes a key', () => {
    expect(
      deepMergeValues(
        { a: { b: 1, c: 2 }, d: [1] },
        { a: { c: 3 }, d: [2], e: null },
      ),
    ).toEqual({ a: { b: 1, c: 3 }, d: [2] });
    expect(deepMergeValues({ a: 1, b: 2 }, { b: null })).toEqual({ a: 1 });
  });
});

describe('readUmbrellaChart', () => {
  it('reports a vendored sub-chart whose version does not satisfy the range, naming both', async () => {
    const tree: Tree = {
      ...(await baseRepo()),
      'charts/pegase/charts/coc-front/Chart.yaml': subChartYaml(
        'coc-front',
        '0.9.0',
      ),
    };
    const { chart, problems } = await readUmbrellaChart(memoryFileSource(tree));
    expect(problems).toHaveLength(1);
    const [range] = problems.filter(p => p.severity === 'error');
    expect(range).toMatchObject({
      file: 'charts/pegase/Chart.yaml',
      field: 'dependencies[2].version',
      line: 19,
      subject: 'coc-front',
    });
    expect(range.message).toBe(
      "charts/pegase/Chart.yaml, line 19, field 'dependencies[2].version': dependency 'coc-front' requires chart 'coc-front' ^1.0.0, but the vendored sub-chart is 0.9.0 (charts/pegase/charts/coc-front/Chart.yaml)",
    );
    // Chart.lock says 1.2.0: still satisfies the range, so no lock warning; the other sub-charts are kept
    expect(problems.filter(p => p.severity === 'warning')).toEqual([]);
    expect(chart?.subCharts.map(s => s.entityName)).toEqual([
      'ins',
      'ins-batch',
      'ref-backend',
      'kafka',
    ]);
  });

  it('warns about a Chart.lock that does not satisfy the ranges and a dependency that is not vendored', async () => {
    const tree: Tree = {
      ...(await baseRepo()),
      'charts/pegase/Chart.lock': CHART_LOCK.replace(
        'version: 1.4.0',
        'version: 2.0.0',
      ),
    };
    delete tree['charts/pegase/charts/coc-front/Chart.yaml'];
    const { chart, problems } = await readUmbrellaChart(memoryFileSource(tree));
    expect(problems.map(p => [p.severity, p.file, p.subject])).toEqual([
      ['warning', 'charts/pegase/Chart.lock', 'kafka'],
      ['warning', 'charts/pegase/Chart.yaml', 'coc-front'],
    ]);
    expect(
      chart?.dependencies.find(d => d.entityName === 'kafka')?.version,
    ).toBe('1.4.0');
  });

  it('reports a dependency cycle across file:// charts with the cycle', async () => {
    const tree: Tree = {
      ...(await baseRepo()),
      'charts/ref-backend/Chart.yaml': `${subChartYaml(
        'ref-backend',
        '0.3.0',
      )}dependencies:\n- name: ref-common\n  version: 1.0.0\n  repository: file://../ref-common\n`,
      'charts/ref-common/Chart.yaml': `${subChartYaml(
        'ref-common',
        '1.0.0',
      )}dependencies:\n- name: ref-backend\n  version: 0.3.0\n  repository: file://../ref-backend\n`,
    };
    const snapshot = await readGitopsRepository(memoryFileSource(tree));
    const errors = snapshot.problems.filter(p => p.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      file: 'charts/ref-common/Chart.yaml',
      field: 'dependencies[0].repository',
      line: 12,
    });
    expect(errors[0].message).toContain(
      'dependency cycle through file:// repositories: charts/ref-backend -> charts/ref-common -> charts/ref-backend',
    );
    // everything else still counts
    expect(snapshot.chart?.subCharts.map(s => s.entityName)).toEqual([
      'ins',
      'ins-batch',
      'coc-front',
      'ref-backend',
      'kafka',
    ]);
    expect(snapshot.instances).toHaveLength(5);
  });

  it('reads a packaged umbrella .tgz with nested sub-chart archives', async () => {
    const subTgz = await makeTgz({
      'ins-backend/Chart.yaml': subChartYaml('ins-backend', '3.2.1', {
        'pc-scol.fr/owner': 'team-toulouse',
      }),
      'ins-backend/files/openapi.yaml': 'openapi: 3.1.0\n',
    });
    const umbrella = await makeTgz({
      'pegase/Chart.yaml':
        'apiVersion: v2\nname: pegase\nversion: 3.0.0\ndependencies:\n- name: ins-backend\n  version: ~3.2.0\n  alias: ins\n',
      'pegase/values.yaml': 'ins: { enabled: true }\n',
      'pegase/charts/ins-backend-3.2.1.tgz': subTgz,
    });
    const { chart, problems } = await readPackagedChart(
      umbrella,
      'https://charts.example/pegase-3.0.0.tgz',
    );
    expect(problems).toEqual([]);
    expect(chart).toMatchObject({
      name: 'pegase',
      version: '3.0.0',
      file: 'https://charts.example/pegase-3.0.0.tgz#pegase/Chart.yaml',
      values: { ins: { enabled: true } },
    });
    expect(chart?.subCharts[0]).toMatchObject({
      entityName: 'ins',
      chartName: 'ins-backend',
      version: '3.2.1',
      owner: 'team-toulouse',
      providesApis: ['ins-api'],
      openapi: 'openapi: 3.1.0\n',
      file: 'https://charts.example/pegase-3.0.0.tgz#pegase/charts/ins-backend-3.2.1.tgz#ins-backend/Chart.yaml',
    });

    // the same archive in a repository (no charts/pegase folder) is found as charts/pegase-<version>.tgz
    const inRepo = await readUmbrellaChart(
      memoryFileSource({
        'charts/pegase-2.0.0.tgz': umbrella,
        'charts/pegase-3.0.0.tgz': umbrella,
      }),
    );
    expect(inRepo.chart?.version).toBe('3.0.0');
    expect(inRepo.chart?.file).toBe(
      'charts/pegase-3.0.0.tgz#pegase/Chart.yaml',
    );

    // and a tgz can be a file source
    const src = await tgzFileSource(umbrella, 'pkg.tgz', { root: 'pegase' });
    expect(await src.list()).toEqual([
      'Chart.yaml',
      'charts/ins-backend-3.2.1.tgz',
      'values.yaml',
    ]);
    expect(src.describe('Chart.yaml')).toBe('pkg.tgz#pegase/Chart.yaml');
  });

  it('reports a corrupt archive and keeps the other sub-charts', async () => {
    const tree: Tree = {
      ...(await baseRepo()),
      'charts/pegase/charts/kafka-1.4.0.tgz': Buffer.from(
        'not a tarball at all, sorry',
      ),
    };
    const { chart, problems } = await readUmbrellaChart(memoryFileSource(tree));
    expect(problems.map(p => [p.severity, p.file])).toEqual([
      ['warning', 'charts/pegase/Chart.yaml'],
      ['error', 'charts/pegase/charts/kafka-1.4.0.tgz'],
    ]);
    expect(chart?.subCharts.map(s => s.entityName)).toEqual([
      'ins',
      'ins-batch',
      'coc-front',
      'ref-backend',
    ]);
  });

  it('reports a missing umbrella chart', async () => {
    const { chart, problems } = await readUmbrellaChart(
      memoryFileSource({ 'clusters/a.yaml': 'region: x\n' }),
    );
    expect(chart).toBeUndefined();
    expect(problems[0].message).toContain('no umbrella chart');
  });

  it('uses the values of the umbrella as given', async () => {
    const { chart } = await readUmbrellaChart(
      memoryFileSource(await baseRepo()),
    );
    expect(chart?.values).toMatchObject({
      ins: { enabled: true },
      tags: { batch: true, front: true },
    });
    expect(UMBRELLA_VALUES).toContain('ins-batch');
  });
});

describe('parseHelmIndex', () => {
  it('skips a bad entry with an error and keeps the others', () => {
    const text =
      'apiVersion: v1\nentries:\n  pegase:\n  - version: 1.0.0\n  - version: not-semver\n  - version: 1.1.0\n    dependencies:\n    - name: a\n      version: "~1"\n';
    const r = parseHelmIndex(text, { file: 'charts/index.yaml' });
    expect(r.releases.map(x => x.version)).toEqual(['1.1.0', '1.0.0']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({
      severity: 'error',
      line: 5,
      field: 'entries.pegase[1].version',
    });
  });
});
