import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigReader } from '@backstage/config';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { startGitHttpServer } from '@pcscol/stand-ins/git';
import { startGitlabApi } from '@pcscol/stand-ins/gitlab';
import { startGithubApi } from '@pcscol/stand-ins/github';
import { readPegaseEntities } from '../transform';
import { createFixtureRepo, packChart } from '../__testUtils__/fixtureRepo';
import { openSource, SourceNotModified, SourceState } from './openSource';

// async: the git server runs in this process, a sync child would deadlock it
const run = promisify(execFile);
const opts = { chartPath: 'charts/pegase', chartName: 'pegase' };

// Loading client-node and the git server is slow on a busy 2-core machine.
jest.setTimeout(60_000);

describe('openSource', () => {
  let dir: string;
  let tmp: string;
  beforeAll(() => {
    dir = createFixtureRepo();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-src-'));
    // a packaged umbrella: pegase/ with its sub-charts (nested tgz and folders)
    fs.cpSync(path.join(dir, 'charts/pegase'), path.join(tmp, 'pkg/pegase'), {
      recursive: true,
    });
    packChart(
      path.join(tmp, 'pkg'),
      'pegase',
      path.join(tmp, 'repo/pegase-24.1.0.tgz'),
    );
    fs.writeFileSync(
      path.join(tmp, 'repo/index.yaml'),
      fs.readFileSync(path.join(dir, 'charts/index.yaml'), 'utf8'),
    );
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads a packaged .tgz umbrella (sub-charts as nested tgz and folders)', async () => {
    const opened = await openSource(
      { type: 'tgz', path: path.join(tmp, 'repo/pegase-24.1.0.tgz') },
      undefined,
      opts,
    );
    expect(opened.chartOnly).toBe(true);
    const r = await readPegaseEntities(opened.files);
    const names = r.chart.map(e => `${e.kind}:${e.metadata.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'System:pegase',
        'Component:ins',
        'Component:ins-batch',
        'API:coc-api',
        'Resource:coc-docs',
      ]),
    );
    const ins = r.chart.find(e => e.metadata.name === 'ins')!;
    expect(
      ins.metadata.annotations!['backstage.io/managed-by-location'],
    ).toMatch(/pegase-24\.1\.0\.tgz#/);
    expect(r.inventory).toEqual([]);
  });

  it('reads a Helm repository index.yaml and its newest release', async () => {
    const opened = await openSource(
      { type: 'helm-index', url: path.join(tmp, 'repo/index.yaml') },
      undefined,
      opts,
    );
    const r = await readPegaseEntities(opened.files);
    expect(
      r.chart.find(e => e.kind === 'System')!.metadata.annotations![
        'pc-scol.fr/released-versions'
      ],
    ).toBe('24.1.0,24.0.0');
    expect(r.chart.filter(e => e.kind === 'Component')).toHaveLength(5);
  });

  it('refuses a symlink committed to the git remote, and reads no byte of its target', async () => {
    const MARKER = 'CLONE_OUTSIDE_MARKER_91c2';
    const outside = path.join(tmp, 'outside-secret.txt');
    fs.writeFileSync(outside, `${MARKER}=token\n`);
    const linked = path.join(tmp, 'linked-repo');
    fs.cpSync(dir, linked, { recursive: true });
    const openapi = 'charts/pegase/charts/coc-backend/api/coc.yaml';
    const instance = 'instances/eu-sxb-1/production/univ-a/instance.json';
    for (const f of [openapi, instance]) {
      fs.rmSync(path.join(linked, f));
      fs.symlinkSync(outside, path.join(linked, f));
    }
    const server = await startGitHttpServer({ port: 0, gitopsDir: linked });
    try {
      const opened = await openSource(
        { type: 'git', url: server.repoUrl, branch: 'main' },
        undefined,
        { ...opts, state: {} },
      );
      const r = await readPegaseEntities(opened.files);
      const messages = r.problems.map(p => p.message);
      expect(messages).toContain(`${openapi} is a symlink; not read`);
      expect(messages).toContain(`${instance} is a symlink; not read`);
      expect(
        JSON.stringify([r.chart, r.inventory, r.clusters, r.problems]),
      ).not.toContain(MARKER);
      // what the symlinks carry is left out: the providers keep its previous state
      expect(r.badFiles.chart).toContain(
        'charts/pegase/charts/coc-backend/Chart.yaml',
      );
      expect(r.badFiles.inventory).toContain(instance);
      expect(r.chart.map(e => e.metadata.name)).not.toContain('coc-api');
      expect(r.inventory.map(e => e.metadata.name)).not.toContain('univ-a');
      expect(r.inventory.map(e => e.metadata.name)).toContain('univ-d');
    } finally {
      await server.stop();
    }
  });

  it('clones a git remote over real git HTTP, and notices when it did not change', async () => {
    const server = await startGitHttpServer({
      port: 0,
      gitopsDir: dir,
      token: 'git-token',
    });
    try {
      const state: SourceState = {};
      const source = {
        type: 'git' as const,
        url: server.repoUrl,
        branch: 'main',
        token: 'git-token',
      };
      const opened = await openSource(source, undefined, { ...opts, state });
      expect(opened.version).toMatch(/^[0-9a-f]{40}$/);
      const r = await readPegaseEntities(opened.files);
      expect(r.inventory.map(e => e.metadata.name)).toContain('univ-a');
      const univA = r.inventory.find(e => e.metadata.name === 'univ-a')!;
      expect(
        univA.metadata.annotations!['backstage.io/managed-by-location'],
      ).toBe(
        `url:${server.repoUrl}#main/instances/eu-sxb-1/production/univ-a/instance.json`,
      );
      await expect(
        openSource(source, undefined, {
          ...opts,
          state,
          allowNotModified: true,
        }),
      ).rejects.toBeInstanceOf(SourceNotModified);
      // a wrong token is refused by the server
      await expect(
        openSource({ ...source, token: 'wrong' }, undefined, {
          ...opts,
          state: {},
        }),
      ).rejects.toThrow();
      // a push is seen by the next read
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-work-'));
      const env = {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      };
      const authUrl = server.repoUrl.replace('http://', 'http://x:git-token@');
      await run('git', ['clone', '-q', authUrl, work], { env });
      fs.rmSync(path.join(work, 'instances/fr-cfe-uca'), { recursive: true });
      await run('git', ['-C', work, 'commit', '-qam', 'remove univ-d'], {
        env,
      });
      await run('git', ['-C', work, 'push', '-q', 'origin', 'main'], { env });
      fs.rmSync(work, { recursive: true, force: true });
      const again = await openSource(source, undefined, {
        ...opts,
        state,
        allowNotModified: true,
      });
      const r2 = await readPegaseEntities(again.files);
      expect(r2.inventory.map(e => e.metadata.name)).not.toContain('univ-d');
    } finally {
      await server.stop();
    }
  });

  describe('url source, through Backstage UrlReaders and the forge stand-ins', () => {
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    };
    let work: string;
    let expected: unknown;
    const git = async (...args: string[]) =>
      (await run('git', ['-C', work, ...args], { env })).stdout.trim();

    // what a source reads, its locations (`url:`/`file:` or not) written relative to `base`
    const entitiesOf = async (
      files: Parameters<typeof readPegaseEntities>[0],
      base: string,
    ) =>
      JSON.parse(
        JSON.stringify(await readPegaseEntities(files))
          .replace(/"(url|file):/g, '"')
          .split(base)
          .join('<base>/'),
      );

    beforeEach(async () => {
      // a real repository holding the fixture, and what the dir source reads from it
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-url-'));
      fs.cpSync(dir, work, { recursive: true });
      await run('git', ['init', '-q', '-b', 'main', work]);
      await git('add', '-A');
      await git('commit', '-qm', 'GitOps fixture');
      const local = await openSource(
        { type: 'dir', path: work },
        undefined,
        opts,
      );
      expected = await entitiesOf(local.files, `${work}/`);
    });
    afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

    /** A forge stand-in on a free port serving `work` as `pegase/gitops`. */
    const serving =
      <T>(
        start: (o: {
          port: number;
          token: string;
          repositories: Record<string, string>;
        }) => T,
      ) =>
      (token: string) =>
        start({ port: 0, token, repositories: { 'pegase/gitops': work } });

    const cases = [
      {
        forge: 'GitLab',
        start: serving(startGitlabApi),
        integrations: (base: string, token: string) => ({
          gitlab: [
            {
              host: new URL(base).host,
              baseUrl: base,
              apiBaseUrl: `${base}/api/v4`,
              token,
            },
          ],
        }),
        // the URL of a folder in GitLab's web UI
        target: (base: string, project = 'pegase/gitops') =>
          `${base}/${project}/-/tree/main`,
      },
      {
        forge: 'GitHub',
        start: serving(startGithubApi),
        integrations: (base: string, token: string) => ({
          github: [{ host: new URL(base).host, apiBaseUrl: base, token }],
        }),
        target: (base: string, project = 'pegase/gitops') =>
          `${base}/${project}/tree/main`,
      },
    ];

    it.each(cases)(
      '$forge: reads the tree at the branch commit, then only when a commit changed it',
      async ({ start, integrations, target }) => {
        const forge = await start('forge-token');
        try {
          const reader = (token: string) =>
            UrlReaders.default({
              config: new ConfigReader({
                integrations: integrations(forge.url, token),
              }),
              logger: mockServices.logger.mock(),
            });
          const urlReader = reader('forge-token');
          const source = { type: 'url' as const, target: target(forge.url) };
          const state: SourceState = {};

          const opened = await openSource(source, undefined, {
            ...opts,
            urlReader,
            state,
          });
          expect(opened.version).toBe(await git('rev-parse', 'HEAD'));
          expect(state.version).toBe(opened.version);
          expect(opened.chartOnly).toBe(false);
          // the same entities as the folder, each located at its URL in the forge
          expect(JSON.stringify(expected)).toContain(
            '"<base>/instances/fr-cfe-uca/production/univ-d/instance.json"',
          );
          expect(await entitiesOf(opened.files, `${source.target}/`)).toEqual(
            expected,
          );
          expect(
            opened.files.describe(
              'instances/fr-cfe-uca/production/univ-d/instance.json',
            ),
          ).toBe(
            `${source.target}/instances/fr-cfe-uca/production/univ-d/instance.json`,
          );

          // unchanged: stops at the commit SHA, no archive is downloaded
          const calls = forge.calls.length;
          await expect(
            openSource(source, undefined, {
              ...opts,
              urlReader,
              state,
              allowNotModified: true,
            }),
          ).rejects.toBeInstanceOf(SourceNotModified);
          expect(
            forge.calls
              .slice(calls)
              .map(c => c.path)
              .join(' '),
          ).not.toMatch(/archive|tarball/);
          // without allowNotModified the tree is read again
          const again = await openSource(source, undefined, {
            ...opts,
            urlReader,
            state,
          });
          expect(again.version).toBe(opened.version);

          // a commit is seen by the next read
          fs.rmSync(path.join(work, 'instances/fr-cfe-uca'), {
            recursive: true,
          });
          await git('commit', '-qam', 'remove univ-d');
          const changed = await openSource(source, undefined, {
            ...opts,
            urlReader,
            state,
            allowNotModified: true,
          });
          expect(changed.version).toBe(await git('rev-parse', 'HEAD'));
          expect(changed.version).not.toBe(opened.version);
          expect(state.version).toBe(changed.version);
          const r = await readPegaseEntities(changed.files);
          expect(r.inventory.map(e => e.metadata.name)).toEqual(
            expect.arrayContaining(['univ-a', 'sandbox-1']),
          );
          expect(r.inventory.map(e => e.metadata.name)).not.toContain('univ-d');

          // a refused token and an unknown project name the URL that was read
          const refused = openSource(source, undefined, {
            ...opts,
            urlReader: reader('wrong-token'),
            state: {},
          });
          await expect(refused).rejects.toThrow(source.target);
          await expect(refused).rejects.toThrow(/401 Unauthorized/);
          const unknown = target(forge.url, 'pegase/nope');
          const missing = openSource(
            { type: 'url', target: unknown },
            undefined,
            {
              ...opts,
              urlReader,
              state: {},
            },
          );
          await expect(missing).rejects.toThrow(unknown);
          await expect(missing).rejects.toThrow(/404 Not Found/);
        } finally {
          await forge.stop();
        }
      },
    );
  });
});
