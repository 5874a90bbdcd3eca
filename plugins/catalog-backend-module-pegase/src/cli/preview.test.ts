import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createFixtureRepo } from '../__testUtils__/fixtureRepo';
import { runPreview } from './preview';

// Loading client-node and the git server is slow on a busy 2-core machine.
jest.setTimeout(60_000);

describe('pegase-catalog preview', () => {
  let dir: string;
  beforeAll(() => {
    dir = createFixtureRepo();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function preview(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runPreview(
      args,
      s => out.push(s),
      s => err.push(s),
    );
    return { code, out: out.join(''), err };
  }

  it('prints only the entities as JSON, exit 0', async () => {
    const r = await preview(['--repo', dir]);
    expect(r.code).toBe(0);
    const entities = JSON.parse(r.out);
    expect(entities.map((e: any) => e.metadata.name)).toEqual(
      expect.arrayContaining([
        'pegase',
        'ins',
        'univ-a',
        'sandbox-1',
        'sxb-prod-1',
        'pg-univ-a',
      ]),
    );
  });

  it('prints YAML, and with a bad file still the good entities, problems on stderr, exit 1', async () => {
    const bad = path.join(
      dir,
      'instances/fr-cfe-uca/production/univ-d/instance.json',
    );
    const original = fs.readFileSync(bad, 'utf8');
    fs.writeFileSync(bad, '{ "name": ');
    try {
      const r = await preview(['--repo', dir, '--format', 'yaml']);
      expect(r.code).toBe(1);
      const names = r.out
        .split(/^---$/m)
        .filter(s => s.trim())
        .map(s => parse(s).metadata.name);
      expect(names).toContain('univ-a');
      expect(names).not.toContain('univ-d');
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(/univ-d\/instance\.json.*JSON/);
    } finally {
      fs.writeFileSync(bad, original);
    }
  });

  it('reads parts: --chart folder and --inventory', async () => {
    const r = await preview([
      '--chart',
      path.join(dir, 'charts/pegase'),
      '--inventory',
      path.join(dir, 'instances'),
    ]);
    const entities = JSON.parse(r.out);
    expect(entities.map((e: any) => e.metadata.name)).toEqual(
      expect.arrayContaining(['pegase', 'ins']),
    );
    // without clusters/, the instances' clusters are unknown: reported
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/cluster/);
  });

  it('rejects unknown options', async () => {
    const r = await preview(['--nope']);
    expect(r.code).toBe(2);
  });
});
