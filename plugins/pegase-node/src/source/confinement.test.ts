/*
 * The read stays in the repository (issue 17): no symlink is followed, no
 * byte of a file outside the repository reaches a snapshot or a message, and
 * what is read is bounded.
 */
import { promises as fs } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { Header } from 'tar';
import {
  directoryFileSource,
  memoryFileSource,
  tgzFileSource,
} from './sources';
import { readTgz } from './tgz';
import { readGitopsRepository } from '../read';
import { readPackagedChart } from '../chart/umbrella';
import {
  baseRepo,
  makeTempDir,
  makeTgz,
  subChartYaml,
  writeTree,
} from '../__testUtils__/fixtures';
import type { GitopsSnapshot } from '../model/types';

const MARKER = 'OUTSIDE_SECRET_MARKER_5f3a';

/** A raw tar (gzipped) of explicit headers: for entries `tar` would not write. */
function rawTgz(
  entries: Array<{
    path: string;
    body?: string;
    type?: string;
    linkpath?: string;
  }>,
): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const h = new Header({
      path: e.path,
      type: (e.type ?? 'File') as any,
      size: e.type && e.type !== 'File' ? 0 : body.length,
      mode: 0o644,
      linkpath: e.linkpath,
      mtime: new Date(0),
    });
    const block = Buffer.alloc(512);
    h.encode(block, 0);
    blocks.push(block);
    if (body.length && (!e.type || e.type === 'File')) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function expectNoMarker(snapshot: GitopsSnapshot) {
  expect(JSON.stringify(snapshot)).not.toContain(MARKER);
}

describe('a folder source never follows a symlink', () => {
  let root: string;
  let repo: string;
  let outside: string;
  let snapshot: GitopsSnapshot;

  beforeAll(async () => {
    root = await makeTempDir('pegase-confine-');
    repo = join(root, 'repo');
    outside = join(root, 'outside');
    await writeTree(repo, await baseRepo());
    await writeTree(outside, {
      'secret.txt': `${MARKER}=token\n`,
      'instance.json': `${MARKER} not json`,
      'values.yaml': `${MARKER}: 1\n`,
      'Chart.yaml': subChartYaml('coc-front', '1.2.0', {
        'pc-scol.fr/owner': MARKER,
      }),
      'folder/instance.json': JSON.stringify({
        name: 'from-outside',
        cluster: 'prod-1',
        university: MARKER,
      }),
    });
    const link = async (target: string, path: string) => {
      await fs.rm(join(repo, path), { recursive: true, force: true });
      await fs.mkdir(join(repo, path, '..'), { recursive: true });
      await fs.symlink(target, join(repo, path));
    };
    // the sub-chart's OpenAPI file, an instance.json, an instance's values.yaml,
    // a sub-chart's Chart.yaml and a whole instance folder
    await link(join(outside, 'secret.txt'), 'charts/ref-backend/api/ref.yaml');
    await link(
      join(outside, 'instance.json'),
      'instances/eu-sxb-1/production/univ-a/instance.json',
    );
    await link(
      join(outside, 'values.yaml'),
      'instances/eu-sxb-1/production/univ-b/values.yaml',
    );
    await link(
      join(outside, 'Chart.yaml'),
      'charts/pegase/charts/coc-front/Chart.yaml',
    );
    await link(join(outside, 'folder'), 'instances/eu-sxb-1/sandbox/linked');
    snapshot = await readGitopsRepository(directoryFileSource(repo));
  });
  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  const errorOf = (file: string) => {
    const ps = snapshot.problems.filter(
      p => p.file === file && p.severity === 'error',
    );
    expect(ps.map(p => p.message)).toContain(`${file} is a symlink; not read`);
  };

  it('reads no byte of a file outside the repository', () => {
    expect(JSON.stringify(snapshot)).not.toContain(MARKER);
  });

  it('reports each symlink as an error of that file', () => {
    errorOf('charts/ref-backend/api/ref.yaml');
    errorOf('instances/eu-sxb-1/production/univ-a/instance.json');
    errorOf('instances/eu-sxb-1/production/univ-b/values.yaml');
    errorOf('charts/pegase/charts/coc-front/Chart.yaml');
    errorOf('instances/eu-sxb-1/sandbox/linked');
    for (const f of [
      'charts/ref-backend/api/ref.yaml',
      'instances/eu-sxb-1/production/univ-a/instance.json',
      'instances/eu-sxb-1/production/univ-b/values.yaml',
      'charts/pegase/charts/coc-front/Chart.yaml',
      'instances/eu-sxb-1/sandbox/linked',
    ])
      expect(snapshot.filesWithErrors).toContain(f);
  });

  it('drops what the refused files carry, so that their previous state is kept', () => {
    const names = snapshot.instances.map(i => i.name);
    // univ-a (symlinked json), univ-b (symlinked values), the linked folder
    expect(names).not.toContain('univ-a');
    expect(names).not.toContain('univ-b');
    expect(names).not.toContain('from-outside');
    expect(names).toContain('univ-old');
    const subs = snapshot.chart!.subCharts.map(s => s.entityName);
    // ref-backend: its OpenAPI file is a symlink; coc-front: its Chart.yaml
    expect(subs).not.toContain('ref-backend');
    expect(subs).not.toContain('coc-front');
    expect(subs).toContain('ins');
    expect(snapshot.filesWithErrors).toContain('charts/ref-backend/Chart.yaml');
  });

  it('refuses to read a symlink, a path through a symlinked folder and a path outside', async () => {
    const src = directoryFileSource(repo);
    await expect(src.read('charts/ref-backend/api/ref.yaml')).rejects.toThrow(
      'charts/ref-backend/api/ref.yaml is a symlink; not read',
    );
    await expect(
      src.read('instances/eu-sxb-1/sandbox/linked/instance.json'),
    ).rejects.toThrow(/resolves outside the repository.*not read/);
    await expect(src.read('../outside/secret.txt')).rejects.toThrow(
      /absolute path or goes through '\.\.'; not read/,
    );
    await expect(src.read(join(outside, 'secret.txt'))).rejects.toThrow(
      /not read/,
    );
  });
});

describe('archives', () => {
  const chart = (name: string, extra: Record<string, string> = {}) => ({
    [`${name}/Chart.yaml`]: subChartYaml(name, '1.0.0'),
    ...extra,
  });

  it('refuses a symlink entry of a sub-chart tgz, and keeps the sub-chart out', async () => {
    const sub = rawTgz([
      {
        path: 'ins-backend/Chart.yaml',
        body: subChartYaml('ins-backend', '3.2.4'),
      },
      {
        path: 'ins-backend/files/openapi.yaml',
        type: 'SymbolicLink',
        linkpath: '/proc/self/environ',
      },
    ]);
    const tree = {
      ...(await baseRepo()),
      'charts/pegase/charts/ins-backend-3.2.4.tgz': sub,
    };
    const snapshot = await readGitopsRepository(memoryFileSource(tree));
    const file =
      'charts/pegase/charts/ins-backend-3.2.4.tgz#ins-backend/files/openapi.yaml';
    expect(snapshot.problems.map(p => p.message)).toContain(
      `${file} is a symlink; not read`,
    );
    expect(snapshot.chart!.subCharts.map(s => s.entityName)).not.toContain(
      'ins',
    );
    expect(snapshot.filesWithErrors).toContain(
      'charts/pegase/charts/ins-backend-3.2.4.tgz#ins-backend/Chart.yaml',
    );
  });

  it("refuses a whole archive with a '../' or an absolute entry", async () => {
    for (const evil of ['ins-backend/../../etc/passwd', '/etc/passwd']) {
      const tgz = rawTgz([
        {
          path: 'ins-backend/Chart.yaml',
          body: subChartYaml('ins-backend', '3.2.4'),
        },
        { path: evil, body: MARKER },
      ]);
      await expect(readTgz(tgz)).rejects.toThrow(
        /absolute path or goes through '\.\.'; the archive is not read/,
      );
      const r = await readPackagedChart(tgz, 'evil.tgz');
      expect(r.chart).toBeUndefined();
      expect(r.problems.map(p => p.message).join('\n')).toMatch(
        /evil.tgz: cannot read the chart archive: entry .* goes through '\.\.'/,
      );
      expect(JSON.stringify(r)).not.toContain(MARKER);
    }
  });

  it('bounds the entries, the unpacked size and each file of an archive', async () => {
    const many = await makeTgz(
      chart(
        'c',
        Object.fromEntries(
          Array.from({ length: 20 }, (_, i) => [`c/f${i}.txt`, 'x']),
        ),
      ),
    );
    await expect(readTgz(many, { maxArchiveEntries: 10 })).rejects.toThrow(
      /more than 10 entries/,
    );
    const big = await makeTgz(chart('c', { 'c/big.txt': 'y'.repeat(5000) }));
    await expect(readTgz(big, { maxArchiveBytes: 4000 })).rejects.toThrow(
      /unpacks to more than 4000 bytes/,
    );
    const src = await tgzFileSource(big, 'big.tgz', {
      limits: { maxFileBytes: 1000 },
    });
    expect(await src.list()).toContain('c/big.txt');
    await expect(src.read('c/big.txt')).rejects.toThrow(
      'big.tgz#c/big.txt is too large (5000 bytes, limit 1000); not read',
    );
    expect((await src.read('c/Chart.yaml')).toString()).toContain('name: c');
  });
});

describe('bounded reads and parse errors', () => {
  it('refuses a file over the size limit as a problem of that file', async () => {
    const dir = await makeTempDir();
    try {
      const tree = await baseRepo();
      tree['clusters/huge.yaml'] = `region: ${'x'.repeat(3000)}\n`;
      await writeTree(dir, tree);
      const s = await readGitopsRepository(
        directoryFileSource(dir, { maxFileBytes: 2048 }),
      );
      expect(s.problems.map(p => p.message)).toContain(
        'clusters/huge.yaml is too large (3009 bytes, limit 2048); not read',
      );
      const m = await readGitopsRepository(memoryFileSource(tree), {
        limits: { maxFileBytes: 2048 },
      });
      expect(m.filesWithErrors).toContain('clusters/huge.yaml');
      expect(m.clusters.map(c => c.name)).not.toContain('huge');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('names the file, line and column of a parse error, never its text', async () => {
    const tree = {
      ...(await baseRepo()),
      'instances/eu-sxb-1/production/univ-a/instance.json': `${MARKER} is not JSON`,
      'instances/eu-sxb-1/production/univ-b/instance.json': `{\n  "name": "univ-b",\n  "${MARKER}" 1\n}`,
      'clusters/alias.yaml': `region: *${MARKER}\n`,
      'clusters/escape.yaml': `region: "\\q${MARKER}"\n`,
      'clusters/frame.yaml': `a: 1\n  ${MARKER}: [\n`,
    };
    const s = await readGitopsRepository(memoryFileSource(tree));
    expectNoMarker(s);
    const p = (f: string) => s.problems.find(x => x.file === f)!;
    expect(
      p('instances/eu-sxb-1/production/univ-a/instance.json'),
    ).toMatchObject({ severity: 'error', line: 1, column: 1 });
    expect(
      p('instances/eu-sxb-1/production/univ-b/instance.json'),
    ).toMatchObject({
      severity: 'error',
      line: 3,
      message: expect.stringMatching(/line 3: invalid JSON: ':' is expected/),
    });
    expect(p('clusters/alias.yaml').message).toMatch(
      /^clusters\/alias.yaml: invalid YAML: an alias refers to no anchor/,
    );
    expect(p('clusters/escape.yaml').severity).toBe('error');
    expect(p('clusters/frame.yaml')).toMatchObject({
      severity: 'error',
      line: expect.any(Number),
      column: expect.any(Number),
    });
  });

  it("keeps the yaml parser's alias limit (billion laughs)", async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const s = await readGitopsRepository(
      memoryFileSource({
        ...(await baseRepo()),
        'clusters/laughs.yaml': `${lines.join('\n')}\n`,
      }),
    );
    expect(
      s.problems.find(p => p.file === 'clusters/laughs.yaml'),
    ).toMatchObject({
      severity: 'error',
      message: expect.stringMatching(/invalid YAML: too many aliases/),
    });
  });
});
