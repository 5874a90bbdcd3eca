import path from 'node:path';
import {
  directoryFileSource,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import { createPegaseInstanceRemoveAction } from './instanceRemove';
import { actionHarness } from '../__testUtils__/actionHarness';
import { fleetDir } from '@pcscol/plugin-pegase-node/testUtils';

jest.setTimeout(120_000);

const INSTANCES = 12;

async function fleet() {
  return readGitopsRepository(directoryFileSource(fleetDir(INSTANCES)), {
    loadOpenApi: false,
  });
}

/** An instance of `usage`, alone in its instance.json or sharing it with others. */
async function instanceOf(usage: string, shared = false) {
  const { instances } = await fleet();
  const found = instances.find(
    i =>
      i.usage === usage &&
      instances.some(o => o.file === i.file && o.name !== i.name) === shared,
  );
  if (!found) throw new Error(`the test fleet has no such ${usage} instance`);
  return found;
}

describe('pegase:instance:remove', () => {
  const h = actionHarness(createPegaseInstanceRemoveAction, {
    instances: INSTANCES,
  });
  h.startEach();

  it("deletes the instance's folder and vault/<instance>/, and nothing else", async () => {
    const sandbox = await instanceOf('construction');
    const folder = path.posix.dirname(sandbox.file);
    const before = h.peers.files('main');
    const gone = before.filter(
      f => f.startsWith(`${folder}/`) || f.startsWith(`vault/${sandbox.name}/`),
    );
    expect(gone).toContain(sandbox.file);
    expect(gone.some(f => f.startsWith(`vault/${sandbox.name}/`))).toBe(true);

    const { outputs } = await h.run({
      instance: `resource:default/${sandbox.name}`,
      reason: 'TTL expired',
    });

    expect(outputs.branch).toBe(`pegase/remove/${sandbox.name}`);
    expect(outputs.removed).toEqual(gone);
    const after = h.peers.files(outputs.branch);
    expect(after).toEqual(before.filter(f => !gone.includes(f)));
    // the other files are byte for byte those of main
    for (const f of after.slice(0, 50)) {
      expect(h.peers.show(outputs.branch, f)).toBe(h.peers.show('main', f));
    }
    const request = h.writes().find(c => c.method === 'POST');
    expect(JSON.stringify(request?.body)).toContain(
      'Reason given: TTL expired',
    );
  });

  it('removes only its entry from an instance.json shared with others', async () => {
    const sandbox = await instanceOf('sandbox', true);
    const { outputs } = await h.run({ instance: sandbox.name });
    const before = JSON.parse(h.peers.show('main', sandbox.file)!);
    const after = JSON.parse(h.peers.show(outputs.branch, sandbox.file)!);
    expect(after).toEqual(before.filter((i: any) => i.name !== sandbox.name));
    expect(outputs.filesChanged).toContain(sandbox.file);
    expect(outputs.removed).not.toContain(sandbox.file);
    expect(outputs.removed.length).toBeGreaterThan(0);
    expect(
      outputs.removed.every((f: string) =>
        f.startsWith(`vault/${sandbox.name}/`),
      ),
    ).toBe(true);
  });

  it('writes the free-text reason into the change request as inert Markdown text', async () => {
    const sandbox = await instanceOf('sandbox');
    const { outputs } = await h.run({
      instance: sandbox.name,
      reason:
        'see [here](https://evil.example/x) ![i](https://evil.example/i.png) <img src=x onerror=alert(1)> @all',
    });
    const request = h.writes().find(c => c.method === 'POST');
    const description: string = (request?.body as any).description;
    expect(description).toContain(
      'Reason given: see \\[here\\]\\(https\\://evil.example/x\\)',
    );
    expect(description).not.toMatch(/(^|[^\\])\]\(|<img|(^|[^\\])@all/);
    // the output page's list: one escaped line per deleted file
    expect(outputs.summary.split('\n')).toEqual(
      outputs.removed.map((f: string) => `- \`${f}\``),
    );
  });

  it('updates the same change request when run again', async () => {
    const sandbox = await instanceOf('sandbox');
    const first = (await h.run({ instance: sandbox.name })).outputs;
    const second = (await h.run({ instance: sandbox.name })).outputs;
    expect(second.changeRequestUrl).toBe(first.changeRequestUrl);
    expect(second.updated).toBe(true);
  });

  it('shows the deletions in a dry run and pushes nothing', async () => {
    const sandbox = await instanceOf('sandbox');
    const { outputs } = await h.run(
      { instance: sandbox.name },
      { isDryRun: true },
    );
    expect(outputs.diff).toContain(`deleted file mode`);
    expect(outputs.diff).toContain(sandbox.file);
    expect(h.writes()).toEqual([]);
    expect(h.peers.branches()).toEqual(['main']);
  });

  it('removes a production instance only with the production permission', async () => {
    const production = await instanceOf('production');
    await expect(
      h.run({ instance: production.name }, { allowProduction: false }),
    ).rejects.toThrow(
      `'${production.name}' is a production instance: removing it needs the permission pegase.instance.upgrade.production`,
    );
    expect(h.writes()).toEqual([]);
    expect(h.peers.branches()).toEqual(['main']);

    const { outputs } = await h.run({ instance: production.name });
    expect(outputs.removed).toContain(production.file);
  });

  h.itRefuses({ instance: 'placeholder' }, [
    [
      'an unknown instance',
      { instance: 'univ-nowhere-sandbox' },
      /instance 'univ-nowhere-sandbox' is not in the inventory/,
    ],
    ['a name that is not DNS-1123', { instance: 'Univ_X' }, /Univ_X/],
    ['a path as the name', { instance: '../clusters' }, /\.\.\/clusters/],
  ]);
});
