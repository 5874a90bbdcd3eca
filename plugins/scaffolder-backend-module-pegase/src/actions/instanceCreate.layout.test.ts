import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  memoryFileSource,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import { createPegaseInstanceCreateAction } from './instanceCreate';
import { actionHarness } from '../__testUtils__/actionHarness';
import { fleetDir } from '@pcscol/plugin-pegase-node/testUtils';

jest.setTimeout(120_000);

/**
 * A copy of the 5-instance fleet whose instances ApplicationSets read another
 * layout: one JSON file per instance, `fleet/<usage>/<region>/<name>.json`,
 * its values beside as `<name>.values.yaml`.
 */
function otherLayout(sandboxPath = 'fleet/sandbox/*/*.json'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-layout-'));
  fs.cpSync(fleetDir(5), dir, { recursive: true });
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const walk = (d: string): string[] =>
    fs
      .readdirSync(path.join(dir, d), { withFileTypes: true })
      .flatMap(e =>
        e.isDirectory() ? walk(`${d}/${e.name}`) : [`${d}/${e.name}`],
      );
  for (const f of walk('instances').filter(x => x.endsWith('/instance.json'))) {
    const [, region, usage] = f.split('/');
    const json = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const values = path.join(dir, path.dirname(f), 'values.yaml');
    for (const o of Array.isArray(json) ? json : [json]) {
      write(
        `fleet/${usage}/${region}/${o.name}.json`,
        `${JSON.stringify(o, null, 2)}\n`,
      );
      write(
        `fleet/${usage}/${region}/${o.name}.values.yaml`,
        fs.existsSync(values) ? fs.readFileSync(values, 'utf8') : '{}\n',
      );
    }
  }
  fs.rmSync(path.join(dir, 'instances'), { recursive: true });
  for (const usage of ['sandbox', 'construction', 'production']) {
    const file = `argocd/instances/${usage}/applicationset.yaml`;
    const text = fs
      .readFileSync(path.join(dir, file), 'utf8')
      .replace(
        `instances/*/${usage}/*/instance.json`,
        usage === 'sandbox' ? sandboxPath : `fleet/${usage}/*/*.json`,
      )
      .replace('.path.segments 1', '.path.segments 2')
      .replace('.path.segments 2"', '.path.segments 1"')
      .replace(
        '$values/{{.path.path}}/values.yaml',
        '$values/{{.path.path}}/{{.name}}.values.yaml',
      );
    write(file, text);
  }
  return dir;
}

describe('pegase:instance:create where the ApplicationSet reads another layout', () => {
  const h = actionHarness(createPegaseInstanceCreateAction);
  const gitopsDir = otherLayout();
  h.startEach({
    gitopsDir,
    selfService: { limits: { construction: { maxInstances: 50 } } },
  });
  afterAll(() => fs.rmSync(gitopsDir, { recursive: true, force: true }));

  it('writes the inventory file where the generator reads it, and the branch reads it back as the instance', async () => {
    const { outputs } = await h.run({
      university: 'univ-x',
      usage: 'construction',
      region: 'eu-sxb-1',
      cluster: 'sxb-cons-1',
      values: { kafka: { enabled: false } },
    });
    const branch = 'pegase/instance/univ-x-construction';
    expect(outputs.filesChanged.slice(0, 2)).toEqual([
      'fleet/construction/eu-sxb-1/univ-x-construction.json',
      'fleet/construction/eu-sxb-1/univ-x-construction.values.yaml',
    ]);
    const mr = h.peers.gitlab!.calls.find(
      c => c.method === 'POST' && /merge_requests$/.test(c.path),
    );
    // the glob's wildcards escaped: Markdown text, not emphasis
    expect((mr?.body as { description: string }).description).toContain(
      'read by the ApplicationSet `pegase-construction` (Git files generator path fleet/construction/\\*/\\*.json)',
    );

    const tree: Record<string, string> = {};
    for (const f of h.peers.files(branch))
      if (!f.startsWith('vault/')) tree[f] = h.peers.show(branch, f)!;
    const s = await readGitopsRepository(memoryFileSource(tree));
    expect(s.problems.filter(p => p.severity === 'error')).toEqual([]);
    expect(
      s.instances.find(i => i.name === 'univ-x-construction'),
    ).toMatchObject({
      file: 'fleet/construction/eu-sxb-1/univ-x-construction.json',
      valuesFile: 'fleet/construction/eu-sxb-1/univ-x-construction.values.yaml',
      values: { kafka: { enabled: false } },
      cluster: 'sxb-cons-1',
    });
    expect(
      s.generatedApplications?.find(a => a.instance === 'univ-x-construction')
        ?.applicationSet,
    ).toBe('pegase-construction');
  });
});

describe('pegase:instance:create where no ApplicationSet can be filled for the usage', () => {
  const h = actionHarness(createPegaseInstanceCreateAction);
  const gitopsDir = otherLayout('fleet/sandbox/**');
  h.startEach({ gitopsDir });
  afterAll(() => fs.rmSync(gitopsDir, { recursive: true, force: true }));

  it('refuses naming each ApplicationSet and path, and opens nothing', async () => {
    await expect(
      h.run({
        university: 'univ-y',
        usage: 'sandbox',
        region: 'eu-sxb-1',
        cluster: 'sxb-sandbox-1',
        ttl: '2026-12-01',
      }),
    ).rejects.toThrow(
      "no instances ApplicationSet reads an instance of usage sandbox in region eu-sxb-1 that the portal can place: ApplicationSet 'pegase-construction' path 'fleet/construction/*/*.json': it reads the instances of usage construction, not sandbox; ApplicationSet 'pegase-instances' path 'fleet/production/*/*.json': it reads the instances of usage production, not sandbox; ApplicationSet 'pegase-sandboxes' path 'fleet/sandbox/**': it has wildcards other than one * a folder",
    );
    expect(h.writes()).toEqual([]);
    expect(h.peers.branches()).toEqual(['main']);
  });
});
