import { gzipSync } from 'node:zlib';
import { readTgzEntries } from './tgz';
import { memoryFileSource } from './sources';
import { readGitopsRepository } from '../read';
import type { GitopsFileSource } from '../model/types';
import {
  baseRepo,
  makeStreamedTgz,
  makeTgz,
  subChartYaml,
} from '../__testUtils__';

const MiB = 1024 * 1024;

/** Sums what an archive read unpacks (the `charge` hook the read budget uses). */
async function unpackedBy(
  archive: Buffer,
  limits?: Parameters<typeof readTgzEntries>[1],
): Promise<{ error?: Error; bytes: number }> {
  let bytes = 0;
  try {
    await readTgzEntries(archive, limits, { charge: n => (bytes += n) });
    return { bytes };
  } catch (e) {
    return { error: e as Error, bytes };
  }
}

describe('archive caps', () => {
  it('refuses an archive whose single entry passes the cap without unpacking it', async () => {
    // 64 MiB of zeros: about 64 KB of gzip, a 1,000-to-1 bomb in small
    const bomb = await makeStreamedTgz(
      [{ path: 'evil/values.yaml', size: 64 * MiB }],
      1,
    );
    const r = await unpackedBy(bomb, { maxArchiveBytes: 8 * MiB });
    expect(r.error?.message).toBe(
      `the archive unpacks to more than ${
        8 * MiB
      } bytes (limit maxArchiveBytes; its entries up to 'evil/values.yaml' declare ${
        64 * MiB
      } bytes); not read`,
    );
    // refused on its header: the first piece of gunzip output, not 64 MiB
    expect(r.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('counts every entry, the skipped ones too, and stops near the cap', async () => {
    // entries over maxFileBytes are skipped, but their bytes are still unpacked
    const archive = await makeStreamedTgz(
      Array.from({ length: 6 }, (_, i) => ({
        path: `c/big-${i}.bin`,
        size: 3 * MiB,
        fill: 'text' as const,
      })),
    );
    const r = await unpackedBy(archive, {
      maxFileBytes: 1 * MiB,
      maxArchiveBytes: 10 * MiB,
    });
    expect(r.error?.message).toMatch(
      /more than 10485760 bytes \(limit maxArchiveBytes; its entries up to 'c\/big-3.bin' declare 12582912 bytes\)/,
    );
    expect(r.bytes).toBeLessThanOrEqual(10 * MiB);
    // tar headers count too: 40 empty entries are 20 KiB of tar
    const empties = await makeStreamedTgz(
      Array.from({ length: 40 }, (_, i) => ({ path: `c/e${i}`, size: 0 })),
    );
    const e = await unpackedBy(empties, { maxArchiveBytes: 4096 });
    expect(e.error?.message).toMatch(
      /more than 4096 bytes \(limit maxArchiveBytes; unpacked so far \d+ bytes\); not read/,
    );
  });

  it('refuses a ratio bomb under the size cap', async () => {
    // 2 MiB of zeros in files under every size limit: ~1,000 to 1
    const bomb = await makeStreamedTgz(
      Array.from({ length: 20 }, (_, i) => ({
        path: `c/z${i}.yaml`,
        size: 100 * 1024,
      })),
    );
    const r = await unpackedBy(bomb);
    expect(r.error?.message).toMatch(
      new RegExp(
        `^the archive unpacks to more than 100 times its ${bomb.length} bytes \\(limit maxArchiveRatio; its entries up to 'c/z\\d+.yaml' declare \\d+ bytes\\); not read$`,
      ),
    );
    expect(r.bytes).toBeLessThan(2 * MiB);
    // the same content compressed 30 to 1 is read; a small chart is never checked
    const text = await makeStreamedTgz(
      Array.from({ length: 20 }, (_, i) => ({
        path: `c/t${i}.yaml`,
        size: 100 * 1024,
        fill: 'text' as const,
      })),
    );
    expect((await readTgzEntries(text)).files.size).toBe(20);
    // under RATIO_FLOOR_BYTES (1 MiB unpacked) the ratio is not checked
    const small = await makeStreamedTgz([
      { path: 'c/v.yaml', size: 512 * 1024 },
    ]);
    expect(small.length * 100).toBeLessThan(512 * 1024);
    expect((await readTgzEntries(small)).files.size).toBe(1);
  });

  it('refuses an archive compressed twice (tar would unpack the inner one uncounted)', async () => {
    const inner = await makeTgz({ 'c/Chart.yaml': 'name: c\n' });
    await expect(readTgzEntries(gzipSync(inner))).rejects.toThrow(
      'the archive is compressed twice; not read',
    );
  });
});

describe('a read with archives over the caps', () => {
  it('reports a bomb among the sub-charts on its file and reads the rest', async () => {
    const repo = await baseRepo();
    repo['charts/pegase/charts/kafka-1.4.0.tgz'] = await makeStreamedTgz(
      [{ path: 'kafka/Chart.yaml', size: 200 * MiB }],
      1,
    );
    const s = await readGitopsRepository(memoryFileSource(repo));
    const p = s.problems.filter(
      x => x.file === 'charts/pegase/charts/kafka-1.4.0.tgz',
    );
    expect(p).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: `charts/pegase/charts/kafka-1.4.0.tgz: cannot read the chart archive: the archive unpacks to more than 104857600 bytes (limit maxArchiveBytes; its entries up to 'kafka/Chart.yaml' declare 209715200 bytes); not read`,
      }),
    ]);
    // the rest of the read stands
    expect(s.chart?.subCharts.map(c => c.entityName)).toContain('ins');
    expect(s.instances.map(i => i.name)).toContain('univ-a');
  });

  it('refuses what is read past maxReadBytes, naming the file and the budget', async () => {
    const repo = await baseRepo();
    const full = await readGitopsRepository(memoryFileSource(repo));
    expect(full.problems).toEqual([]);
    const s = await readGitopsRepository(memoryFileSource(repo), {
      limits: { maxReadBytes: 4000 },
      concurrency: 1,
    });
    const over = s.problems.filter(p =>
      p.message.includes('is past the read budget'),
    );
    expect(over.length).toBeGreaterThan(0);
    for (const p of over)
      expect(p.message).toMatch(
        new RegExp(
          `^${p.file.replace(
            /[.*+?^${}()|[\]\\]/g,
            '\\$&',
          )} is past the read budget \\(\\d+ bytes read by this read, limit maxReadBytes 4000\\); not read`,
        ),
      );
    // files read before the budget ran out still count
    expect(s.clusters.length + s.instances.length).toBeGreaterThan(0);
  });

  it('reads no more files at once than the budget left can hold', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++)
      files[
        `clusters/c${String(i).padStart(2, '0')}.yaml`
      ] = `region: r\n#${'x'.repeat(1000 - 12)}\n`;
    const mem = memoryFileSource(files);
    let open = 0;
    let most = 0;
    const source: GitopsFileSource = {
      ...mem,
      read: async path => {
        open++;
        most = Math.max(most, open);
        await new Promise(r => setTimeout(r, 5));
        open--;
        return mem.read(path);
      },
    };
    const s = await readGitopsRepository(source, {
      limits: { maxFileBytes: 1000, maxReadBytes: 5000 },
    });
    // 5 files of 1,000 bytes fit: 5 at once, then one more read and refused
    expect(most).toBe(5);
    expect(s.clusters).toHaveLength(5);
    const over = s.problems.filter(p => p.message.includes('read budget'));
    expect(over.map(p => p.file)).toEqual(
      Array.from(
        { length: 15 },
        (_, i) => `clusters/c${String(i + 5).padStart(2, '0')}.yaml`,
      ),
    );
    expect(over[0].message).toBe(
      'clusters/c05.yaml is past the read budget (6000 bytes read by this read, limit maxReadBytes 5000); not read',
    );
  });

  it('unpacks at most maxArchivesAtOnce sub-chart archives at a time', async () => {
    const deps: string[] = [];
    const repo: Record<string, string | Buffer> = {};
    for (let i = 0; i < 64; i++) {
      deps.push(`- name: c${i}\n  version: "1.0.0"\n  repository: https://x`);
      repo[`charts/pegase/charts/c${i}-1.0.0.tgz`] = await makeTgz({
        [`c${i}/Chart.yaml`]: subChartYaml(`c${i}`, '1.0.0'),
      });
    }
    repo[
      'charts/pegase/Chart.yaml'
    ] = `apiVersion: v2\nname: pegase\nversion: 1.0.0\ndependencies:\n${deps.join(
      '\n',
    )}\n`;
    const mem = memoryFileSource(repo);
    let open = 0;
    let most = 0;
    // an archive's slot is held from its read until it is unpacked and its
    // Chart.yaml parsed: hold each read a tick to let the others pile up
    const source: GitopsFileSource = {
      ...mem,
      read: async path => {
        if (!path.endsWith('.tgz')) return mem.read(path);
        open++;
        most = Math.max(most, open);
        await new Promise(r => setTimeout(r, 5));
        const b = await mem.read(path);
        setImmediate(() => open--);
        return b;
      },
    };
    const s = await readGitopsRepository(source, {
      limits: { maxArchivesAtOnce: 3 },
    });
    expect(s.chart?.subCharts).toHaveLength(64);
    expect(most).toBe(3);
    most = 0;
    await readGitopsRepository(source);
    expect(most).toBe(4);
  });
});
