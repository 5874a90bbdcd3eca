import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitopsChangePublisher } from '@pcscol/plugin-pegase-node';
import { createPegaseInstanceRemoveAction } from './instanceRemove';
import { actionHarness } from '../__testUtils__/actionHarness';
import { fleetDir } from '@pcscol/plugin-pegase-node/testUtils';

jest.setTimeout(180_000);

const sandbox = (name: string) =>
  `${JSON.stringify(
    {
      name,
      usage: 'sandbox',
      region: 'eu-sxb-1',
      cluster: 'sxb-sandbox-1',
      owner: 'equipe-toulouse',
      ttl: '2026-12-01',
    },
    null,
    2,
  )}\n`;

/**
 * The crafted removals of issue 23, in a copy of the 12-instance fleet: a
 * sandbox declared at the top of a region (its folder is the whole region),
 * one in a folder named `instances/e*` (a glob for git), and one at the
 * contract's depth under a region folder named `e*`.
 */
function craftedRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-crafted-'));
  fs.cpSync(fleetDir(12), dir, { recursive: true });
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('instances/eu-sxb-1/instance.json', sandbox('crafted-region'));
  write('vault/crafted-region/kv.yaml', 'kind: SecretEngineMount\n');
  write('instances/e*/instance.json', sandbox('crafted-glob'));
  write(
    'instances/e*/sandbox/crafted-star/instance.json',
    sandbox('crafted-star'),
  );
  write('vault/crafted-star/kv.yaml', 'kind: SecretEngineMount\n');
  return dir;
}

describe('pegase:instance:remove on a crafted repository', () => {
  const h = actionHarness(createPegaseInstanceRemoveAction);
  const gitopsDir = craftedRepository();
  h.startEach({ gitopsDir });
  afterAll(() => fs.rmSync(gitopsDir, { recursive: true, force: true }));

  it.each([
    [
      'a sandbox declared in instances/eu-sxb-1/instance.json',
      'crafted-region',
      "instance 'crafted-region' is not in the inventory",
    ],
    [
      'a sandbox declared in instances/e*/instance.json',
      'crafted-glob',
      "instance 'crafted-glob' is not in the inventory",
    ],
    [
      'a sandbox in a region folder named e*',
      'crafted-star',
      // the reader reports this file as a problem (the values file its generated
      // Application names is missing) and reads no instance from it
      "instance 'crafted-star' is not in the inventory",
    ],
  ])(
    'deletes nothing for %s, even for ops, in a dry run or not',
    async (_what, name, error) => {
      const before = h.peers.files('main');
      for (const isDryRun of [true, false]) {
        await expect(h.run({ instance: name }, { isDryRun })).rejects.toThrow(
          error,
        );
      }
      expect(h.writes()).toEqual([]);
      expect(h.peers.branches()).toEqual(['main']);
      expect(h.peers.files('main')).toEqual(before);
    },
  );

  it('reads every path literally: removing instances/e* takes that folder, not every region', async () => {
    const publisher = GitopsChangePublisher.fromConfig(h.peers.config);
    const checkout = await publisher.checkout();
    try {
      const staged = await publisher.stage(checkout, {}, ['instances/e*']);
      expect(staged.filesChanged).toEqual([
        'instances/e*/instance.json',
        'instances/e*/sandbox/crafted-star/instance.json',
      ]);
    } finally {
      await checkout.cleanup();
    }
  });
});
