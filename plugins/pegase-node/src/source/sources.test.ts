import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import {
  directoryFileSource,
  memoryFileSource,
  readTreeFileSource,
} from './sources';
import { makeTempDir, writeTree } from '../__testUtils__/fixtures';

describe('file sources', () => {
  it('lists a folder recursively, skipping .git, with absolute descriptions', async () => {
    const dir = await makeTempDir();
    try {
      await writeTree(dir, {
        'a/b/c.json': '{}',
        'x.yaml': 'a: 1',
        '.git/HEAD': 'ref',
        'a/.git/config': 'x',
      });
      const src = directoryFileSource(dir);
      expect(await src.list()).toEqual(['a/b/c.json', 'x.yaml']);
      expect((await src.read('a/b/c.json')).toString()).toBe('{}');
      expect(src.describe('a/b/c.json')).toBe(join(dir, 'a/b/c.json'));
      await expect(src.read('missing')).rejects.toThrow(/ENOENT/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('wraps a readTree response and an in-memory map', async () => {
    let reads = 0;
    const src = readTreeFileSource(
      [
        {
          path: 'clusters/a.yaml',
          content: async () => {
            reads++;
            return Buffer.from('region: x');
          },
        },
      ],
      'https://git.example/repo/-/tree/main/',
    );
    expect(await src.list()).toEqual(['clusters/a.yaml']);
    await src.read('clusters/a.yaml');
    await src.read('./clusters/a.yaml');
    expect(reads).toBe(1);
    expect(src.describe('clusters/a.yaml')).toBe(
      'https://git.example/repo/-/tree/main/clusters/a.yaml',
    );
    await expect(src.read('nope')).rejects.toThrow(
      'File not found: https://git.example/repo/-/tree/main/nope',
    );
    const mem = memoryFileSource(new Map([['/b.txt', 'b']]), '/repo');
    expect(await mem.list()).toEqual(['b.txt']);
    expect(mem.describe('b.txt')).toBe('/repo/b.txt');
  });
});
