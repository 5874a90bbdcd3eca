import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { generateFleet } from '@pcscol/demo-fleet';
import { directoryFileSource } from '../source/sources';
import { readGitopsRepository } from '../read';
import type { GitopsSnapshot } from '../model/types';
import { makeTempDir } from '../__testUtils__/fixtures';
import {
  declaredFleet,
  FleetPlanError,
  parseWhere,
  planUpgrade,
  releaseDiff,
  setInstanceChartVersion,
  upgradeFileChanges,
  versionLag,
} from './index';

let dir: string;
let snapshot: GitopsSnapshot;

// Generating and reading a 120-instance repository takes seconds on a busy
// 2-core machine: more than Jest's default 5 s for a hook.
beforeAll(async () => {
  dir = await makeTempDir('pegase-fleet-');
  generateFleet({ outDir: dir, instances: 120, seed: 7 });
  snapshot = await readGitopsRepository(directoryFileSource(dir));
}, 60_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const oldest = () => snapshot.releases[snapshot.releases.length - 1].version;
const latest = () => declaredFleet(snapshot).latest!;

describe('declaredFleet', () => {
  it('lists every instance once and counts them per version, newest first', () => {
    const fleet = declaredFleet(snapshot, {
      now: new Date('2026-11-25T00:00:00Z'),
    });
    expect(fleet.instances).toHaveLength(snapshot.instances.length);
    expect(fleet.versions.reduce((n, v) => n + v.count, 0)).toBe(
      snapshot.instances.length,
    );
    const versions = fleet.versions.map(v => v.version);
    expect(versions).toEqual(
      [...versions].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })),
    );
    expect(fleet.latest).toBe(
      snapshot.releases
        .map(r => r.version)
        .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))[0],
    );
  });

  it('flags a TTL as expired from the day after it', () => {
    const withTtl = snapshot.instances.find(i => i.ttl)!;
    expect(withTtl).toBeDefined();
    const ttlDay = new Date(`${withTtl.ttl!.slice(0, 10)}T12:00:00Z`);
    const dayAfter = new Date(ttlDay.getTime() + 24 * 3600 * 1000);
    const on = declaredFleet(snapshot, { now: ttlDay }).instances.find(
      i => i.name === withTtl.name,
    )!;
    const after = declaredFleet(snapshot, { now: dayAfter }).instances.find(
      i => i.name === withTtl.name,
    )!;
    expect([on.expired, after.expired]).toEqual([false, true]);
  });
});

describe('releaseDiff', () => {
  it('lists what moves between two versions and nothing for a version against itself', () => {
    const same = releaseDiff(snapshot, latest(), latest());
    expect([same.added, same.removed, same.changed]).toEqual([[], [], []]);
    expect(same.unchanged).toBeGreaterThan(0);
    const diff = releaseDiff(snapshot, oldest(), latest());
    expect(
      diff.added.length + diff.removed.length + diff.changed.length,
    ).toBeGreaterThan(0);
    for (const c of diff.changed) expect(c.from).not.toBe(c.to);
  });

  it('refuses an unknown version, naming it', () => {
    expect(() => releaseDiff(snapshot, '0.0.1', latest())).toThrow(
      /unknown umbrella version '0.0.1'/,
    );
  });
});

describe('planUpgrade', () => {
  it('takes the selection, skips instances already at the target and orders waves', () => {
    const plan = planUpgrade(snapshot, {
      to: latest(),
      selection: {},
      waves: ['sandbox', 'construction', 'production'],
    });
    const atTarget = snapshot.instances.filter(
      i => i.chartVersion === latest(),
    );
    expect(
      plan.skipped.filter(s => s.reason.startsWith('already at')),
    ).toHaveLength(atTarget.length);
    expect(plan.instances.length + plan.skipped.length).toBe(
      snapshot.instances.length,
    );
    expect(plan.waves.map(w => w.name)).toEqual(
      ['sandbox', 'construction', 'production'].filter(u =>
        plan.instances.some(i => i.usage === u),
      ),
    );
    for (const w of plan.waves)
      for (const i of w.instances) expect(i.usage).toBe(w.name);
    for (const i of plan.instances) {
      expect(i.to).toBe(latest());
      expect(i.from).not.toBe(latest());
    }
  });

  it('reports the sub-charts whose version changes for each instance', () => {
    const from = oldest();
    const plan = planUpgrade(snapshot, { to: latest(), selection: { from } });
    const diff = releaseDiff(snapshot, from, latest());
    expect(diff.changed.length).toBeGreaterThan(0);
    const moved = new Set(
      plan.instances.flatMap(i => i.subCharts.map(s => s.entityName)),
    );
    expect(diff.changed.some(c => moved.has(c.entityName))).toBe(true);
  });

  it('filters by region, usage, explicit names and a maximum', () => {
    const one = snapshot.instances.find(i => i.chartVersion !== latest())!;
    const plan = planUpgrade(snapshot, {
      to: latest(),
      selection: {
        ...parseWhere([
          `region=${one.region}`,
          `usage=${one.usage}`,
          `name=${one.name}`,
        ]),
      },
    });
    expect(plan.instances.map(i => i.name)).toEqual([one.name]);
    const capped = planUpgrade(snapshot, {
      to: latest(),
      selection: { max: 2 },
    });
    expect(capped.instances).toHaveLength(2);
    expect(
      capped.skipped.some(
        s => s.reason === 'beyond the maximum of 2 instances',
      ),
    ).toBe(true);
  });

  it('warns about disabled components the target no longer has', () => {
    const base = snapshot.instances.find(i => i.chartVersion !== latest())!;
    const tweaked = {
      ...snapshot,
      instances: [{ ...base, disabledComponents: ['gone-component'] }],
    };
    const plan = planUpgrade(tweaked, { to: latest(), selection: {} });
    expect(plan.warnings).toEqual([
      `${
        base.name
      } disables 'gone-component', which ${latest()} does not have (left in its disabledComponents)`,
    ]);
  });

  it('refuses an unknown target, an empty selection and a downgrade', () => {
    expect(() =>
      planUpgrade(snapshot, { to: '99.0.0', selection: {} }),
    ).toThrow(FleetPlanError);
    expect(() =>
      planUpgrade(snapshot, { to: '99.0.0', selection: {} }),
    ).toThrow(/unknown target version '99.0.0'/);
    expect(() =>
      planUpgrade(snapshot, {
        to: latest(),
        selection: { region: ['nowhere'] },
      }),
    ).toThrow('the selection matches no instance');
    expect(snapshot.instances.some(i => i.chartVersion !== oldest())).toBe(
      true,
    );
    expect(() =>
      planUpgrade(snapshot, { to: oldest(), selection: {} }),
    ).toThrow(/set allowDowngrade/);
    const plan = planUpgrade(snapshot, {
      to: oldest(),
      selection: {},
      allowDowngrade: true,
    });
    expect(plan.instances.length).toBeGreaterThan(0);
  });

  it('reads --where criteria and refuses unknown keys', () => {
    expect(
      parseWhere([
        'usage=sandbox,construction',
        'from=<25.0.0',
        'name=a',
        'name=b',
      ]),
    ).toEqual({
      usage: ['sandbox', 'construction'],
      from: '<25.0.0',
      names: ['a', 'b'],
    });
    expect(() => parseWhere(['colour=red'])).toThrow("unknown key 'colour'");
    expect(() => parseWhere(['usage'])).toThrow('expected key=value');
  });
});

describe('editing chartVersion', () => {
  it('changes only the chartVersion of the planned instances, formatting kept', async () => {
    const plan = planUpgrade(snapshot, { to: latest(), selection: { max: 3 } });
    const read = (file: string) => fs.readFile(join(dir, file), 'utf8');
    const changes = await upgradeFileChanges(plan.instances, read);
    expect(Object.keys(changes).sort()).toEqual(
      [...new Set(plan.instances.map(i => i.file))].sort(),
    );
    for (const [file, text] of Object.entries(changes)) {
      const before = await read(file);
      const beforeLines = before.split('\n');
      const afterLines = text.split('\n');
      expect(afterLines).toHaveLength(beforeLines.length);
      const differing = afterLines.filter((l, n) => l !== beforeLines[n]);
      expect(differing.length).toBeGreaterThan(0);
      for (const l of differing)
        expect(l).toMatch(
          new RegExp(`"chartVersion": "${latest().replace(/\./g, '\\.')}"`),
        );
    }
  });

  it('edits one element of an array file, adds a missing key, refuses a file that changed', () => {
    const text =
      '[\n  { "name": "a", "chartVersion": "1.0.0" },\n  { "name": "b" }\n]\n';
    const edited = setInstanceChartVersion(text, {
      file: 'x.json',
      name: 'b',
      index: 1,
      to: '2.0.0',
    });
    expect(JSON.parse(edited)).toEqual([
      { name: 'a', chartVersion: '1.0.0' },
      { name: 'b', chartVersion: '2.0.0' },
    ]);
    expect(
      edited.startsWith('[\n  { "name": "a", "chartVersion": "1.0.0" },\n'),
    ).toBe(true);
    expect(() =>
      setInstanceChartVersion(text, {
        file: 'x.json',
        name: 'c',
        index: 1,
        to: '2.0.0',
      }),
    ).toThrow("x.json: instance 'c' is not at element 1");
    expect(() =>
      setInstanceChartVersion('{ "name": ', {
        file: 'y.json',
        name: 'a',
        to: '2',
      }),
    ).toThrow('y.json: not valid JSON');
  });
});

describe('versionLag', () => {
  it('counts majors, else minors, else patches behind', () => {
    expect(versionLag('24.1.2', '26.0.0')).toEqual({
      majors: 2,
      minors: 0,
      patches: 0,
    });
    expect(versionLag('25.1.2', '25.3.0')).toEqual({
      majors: 0,
      minors: 2,
      patches: 0,
    });
    expect(versionLag('25.3.0', '25.3.4')).toEqual({
      majors: 0,
      minors: 0,
      patches: 4,
    });
    expect(versionLag('main', '25.3.4')).toBeUndefined();
  });
});
