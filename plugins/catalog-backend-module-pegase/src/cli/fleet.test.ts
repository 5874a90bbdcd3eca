import path from 'node:path';
import { runFleet, runPlanUpgrade } from './fleet';

// The committed demo repository (49 instances, umbrella 24.0.0 to 25.0.0).
const demo = path.resolve(__dirname, '../../../../catalog/demo-gitops');

jest.setTimeout(60_000);

async function run(fn: typeof runFleet, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(
    args,
    s => out.push(s),
    s => err.push(s),
  );
  return { code, out: out.join(''), err: err.join('\n') };
}

describe('pegase-catalog fleet', () => {
  it('prints the declared fleet as JSON', async () => {
    const r = await run(runFleet, ['--repo', demo]);
    expect(r.code).toBe(0);
    const fleet = JSON.parse(r.out);
    expect(fleet.latest).toBe('25.0.0');
    expect(fleet.instances.length).toBeGreaterThan(40);
    expect(fleet.versions.reduce((n: number, v: any) => n + v.count, 0)).toBe(
      fleet.instances.length,
    );
    expect(Object.keys(fleet.instances[0]).sort()).toEqual(
      expect.arrayContaining([
        'name',
        'region',
        'usage',
        'cluster',
        'chartVersion',
        'expired',
      ]),
    );
  });

  it('prints a table', async () => {
    const r = await run(runFleet, ['--repo', demo, '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(
      /^NAME\s+REGION\s+USAGE\s+CLUSTER\s+VERSION\s+TTL$/,
    );
    expect(r.out).toContain('uca-recette');
  });

  it('names a bad option', async () => {
    const r = await run(runFleet, ['--repo', demo, '--colour', 'red']);
    expect(r).toMatchObject({ code: 1, err: 'error: unknown option --colour' });
  });
});

describe('pegase-catalog plan-upgrade', () => {
  it('plans the selection, skipping what is already at the target', async () => {
    const r = await run(runPlanUpgrade, [
      '--repo',
      demo,
      '--to',
      '25.0.0',
      '--where',
      'usage=construction',
    ]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    expect(plan.to).toBe('25.0.0');
    expect(plan.instances.length).toBeGreaterThan(0);
    for (const i of plan.instances) {
      expect(i.from).not.toBe('25.0.0');
      expect(i.file).toMatch(
        /^instances\/.+\/construction\/.+\/instance\.json$/,
      );
    }
    expect(
      plan.skipped.every((s: any) => s.reason === 'already at 25.0.0'),
    ).toBe(true);
  });

  it('exits 1 naming an unknown version or an empty selection', async () => {
    expect(
      await run(runPlanUpgrade, ['--repo', demo, '--to', '99.0.0']),
    ).toMatchObject({
      code: 1,
      err: expect.stringMatching(/unknown target version '99\.0\.0'/),
    });
    expect(
      await run(runPlanUpgrade, [
        '--repo',
        demo,
        '--to',
        '25.0.0',
        '--where',
        'region=nowhere',
      ]),
    ).toMatchObject({
      code: 1,
      err: 'error: the selection matches no instance',
    });
  });
});
