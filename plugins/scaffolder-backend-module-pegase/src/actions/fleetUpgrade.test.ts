import { createPegaseFleetUpgradeAction } from './fleetUpgrade';
import { actionHarness } from '../__testUtils__/actionHarness';
import { fleetDir } from '@pcscol/plugin-pegase-node/testUtils';
import {
  directoryFileSource,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';

jest.setTimeout(120_000);

const INSTANCES = 30;

describe('pegase:fleet:upgrade', () => {
  const h = actionHarness(createPegaseFleetUpgradeAction, {
    instances: INSTANCES,
  });
  h.startEach();

  async function fleet() {
    return readGitopsRepository(directoryFileSource(fleetDir(INSTANCES)), {
      loadOpenApi: false,
    });
  }

  it('opens one change request per wave that edits only chartVersion, and skips instances already there', async () => {
    const snapshot = await fleet();
    const current = snapshot.chart!.version;
    const behind = snapshot.instances.filter(
      i =>
        i.chartVersion !== current &&
        (i.usage === 'sandbox' || i.usage === 'construction'),
    );
    expect(behind.length).toBeGreaterThan(1);
    const { outputs } = await h.run({
      to: 'current',
      usage: ['sandbox', 'construction'],
      waves: ['sandbox', 'construction'],
    });
    expect(outputs.to).toBe(current);
    expect(outputs.instances.map((i: any) => i.name).sort()).toEqual(
      behind.map(i => i.name).sort(),
    );
    expect(
      outputs.skipped.every((s: any) => s.reason === `already at ${current}`),
    ).toBe(true);
    const waves = outputs.changeRequests.map((c: any) => c.wave);
    expect(waves).toEqual(
      ['sandbox', 'construction'].filter(w => behind.some(i => i.usage === w)),
    );
    for (const cr of outputs.changeRequests) {
      expect(cr.branch).toBe(`pegase/upgrade/${current}-${cr.wave}`);
      expect(cr.updated).toBe(false);
    }
    // on each branch: the instance.json files of the wave, with only chartVersion changed
    for (const i of outputs.instances) {
      const before = JSON.parse(h.peers.show('main', i.file)!);
      const after = JSON.parse(
        h.peers.show(`pegase/upgrade/${current}-${i.wave}`, i.file)!,
      );
      const asArray = (v: any) => (Array.isArray(v) ? v : [v]);
      const b = asArray(before).find((x: any) => x.name === i.name);
      const a = asArray(after).find((x: any) => x.name === i.name);
      expect(a).toEqual({ ...b, chartVersion: current });
    }
    expect(outputs.diff).toMatch(
      new RegExp(`\\+\\s*"chartVersion": "${current.replace(/\./g, '\\.')}"`),
    );
    // the waves share one clone: a wave's branch holds none of another's edits
    for (const i of outputs.instances) {
      for (const cr of outputs.changeRequests) {
        if (cr.wave === i.wave) continue;
        expect(h.peers.show(cr.branch, i.file)).toBe(
          h.peers.show('main', i.file),
        );
      }
    }
  });

  it('updates the same change requests when run again', async () => {
    const input = {
      to: 'current',
      usage: ['sandbox', 'construction'],
      waves: ['sandbox', 'construction'],
    };
    const first = (await h.run(input)).outputs.changeRequests;
    const second = (await h.run(input)).outputs.changeRequests;
    expect(second.map((c: any) => c.url)).toEqual(first.map((c: any) => c.url));
    expect(second.every((c: any) => c.updated)).toBe(true);
  });

  it('shows the plan in a dry run and opens nothing', async () => {
    const { outputs } = await h.run(
      { to: 'current', usage: ['sandbox', 'construction'] },
      { isDryRun: true },
    );
    expect(outputs.instances.length).toBeGreaterThan(0);
    expect(outputs.changeRequests.every((c: any) => c.number === 0)).toBe(true);
    expect(h.writes()).toEqual([]);
    expect(h.peers.branches()).toEqual(['main']);
  });

  it('refuses production instances without pegase.instance.upgrade.production, before any branch', async () => {
    await expect(
      h.run(
        { to: 'current', usage: ['production'] },
        { allowProduction: false },
      ),
    ).rejects.toThrow(/pegase\.instance\.upgrade\.production/);
    expect(h.writes()).toEqual([]);
    expect(h.peers.branches()).toEqual(['main']);
  });

  h.itRefuses({ to: 'current' }, [
    [
      'an unknown target version',
      { to: '99.0.0' },
      /unknown target version '99\.0\.0'/,
    ],
    [
      'an empty selection',
      { region: ['nowhere'] },
      /the selection matches no instance/,
    ],
    [
      'a downgrade without allowDowngrade',
      { to: '24.0.0' },
      /set allowDowngrade/,
    ],
    ['a hostile name', { names: ['$(reboot)'] }, /./],
  ]);
});

/** The description of the one change request the stand-in holds. */
function sentDescription(h: ReturnType<typeof actionHarness>): string {
  const { github, gitlab } = h.peers;
  const open = github
    ? (github.pullRequests.get('pegase/gitops') as any[]).map(p => p.body)
    : (gitlab!.mergeRequests.get('pegase/gitops') as any[]).map(
        m => m.description,
      );
  expect(open).toHaveLength(1);
  return open[0];
}

describe('pegase:fleet:upgrade of a large wave on GitHub', () => {
  const h = actionHarness(createPegaseFleetUpgradeAction, {
    instances: 400,
    forge: 'github',
  });
  h.startAll();

  it("cuts the description to GitHub's 65,536 characters and puts the whole plan on the branch", async () => {
    const { outputs } = await h.run({ to: 'current' });
    expect(outputs.changeRequests).toHaveLength(1);
    const [cr] = outputs.changeRequests;
    // ~1,500 characters an instance: over GitHub's limit from ~40
    expect(cr.instances).toBeGreaterThan(100);
    const sent = sentDescription(h);
    const file = `.pegase/changes/${cr.branch}.md`;
    expect(sent.length).toBeLessThanOrEqual(65_536);
    expect(sent).toContain(`The whole description is in \`${file}\``);
    const onBranch = h.peers.show(cr.branch, file);
    for (const i of outputs.instances)
      expect(onBranch).toContain(`- ${i.name} (`);
  });
});

describe('pegase:fleet:upgrade of a large wave on GitLab', () => {
  const h = actionHarness(createPegaseFleetUpgradeAction, {
    instances: 400,
    forge: 'gitlab',
  });
  h.startAll();

  it("keeps the whole description within GitLab's 1,048,576 characters, no file", async () => {
    const { outputs } = await h.run({ to: 'current' });
    expect(outputs.changeRequests).toHaveLength(1);
    const [cr] = outputs.changeRequests;
    expect(cr.instances).toBeGreaterThan(100);
    const sent = sentDescription(h);
    expect(h.peers.show(cr.branch, `.pegase/changes/${cr.branch}.md`)).toBe(
      undefined,
    );
    for (const i of outputs.instances) expect(sent).toContain(`- ${i.name} (`);
  });
});
