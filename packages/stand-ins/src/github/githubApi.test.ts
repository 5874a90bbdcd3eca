import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGithubApi, GithubStandIn } from './githubApi';
import { createTestRepository, tarEntries } from '../forge/testRepository';

describe('GitHub stand-in', () => {
  let github: GithubStandIn;
  const headers = {
    authorization: 'Bearer secret',
    'content-type': 'application/json',
  };
  const post = (body: unknown) =>
    fetch(`${github.url}/repos/pegase/gitops/pulls`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    github = await startGithubApi({ port: 0, token: 'secret' });
  });
  afterEach(() => github.stop());

  it('creates, lists by head, updates pull requests and records calls', async () => {
    const repo = await fetch(`${github.url}/repos/pegase/gitops`, { headers });
    expect(await repo.json()).toMatchObject({
      full_name: 'pegase/gitops',
      default_branch: 'main',
    });
    const created = await post({
      title: 'T',
      head: 'pegase/x',
      base: 'main',
      body: 'B',
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      number: 1,
      state: 'open',
      html_url: `${github.url}/pegase/gitops/pull/1`,
      head: { ref: 'pegase/x', label: 'pegase:pegase/x' },
      base: { ref: 'main' },
    });
    const list = await fetch(
      `${github.url}/repos/pegase/gitops/pulls?state=open&head=pegase:pegase/x`,
      { headers },
    );
    expect((await list.json()).map((p: any) => p.number)).toEqual([1]);
    const patched = await fetch(`${github.url}/repos/pegase/gitops/pulls/1`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ title: 'T2', body: 'B2' }),
    });
    expect(await patched.json()).toMatchObject({ title: 'T2', body: 'B2' });
    expect(github.calls.map(c => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'GET /repos/pegase/gitops 200',
      'POST /repos/pegase/gitops/pulls 201',
      'GET /repos/pegase/gitops/pulls 200',
      'PATCH /repos/pegase/gitops/pulls/1 200',
    ]);
  });

  it('paginates with Link rel="next"', async () => {
    for (let i = 0; i < 3; i++)
      await post({ title: `T${i}`, head: `b${i}`, base: 'main' });
    const first = await fetch(
      `${github.url}/repos/pegase/gitops/pulls?per_page=2`,
      { headers },
    );
    const link = first.headers.get('link')!;
    expect(link).toContain('rel="next"');
    const next = /<([^>]+)>; rel="next"/.exec(link)![1];
    const second = await fetch(next, { headers });
    expect((await second.json()).length).toBe(1);
  });

  it('answers GitHub errors: 401, 403, 404, 422', async () => {
    const bad = await fetch(`${github.url}/repos/pegase/gitops`);
    expect(bad.status).toBe(401);
    expect((await bad.json()).message).toBe('Bad credentials');
    expect(
      (await fetch(`${github.url}/repos/no/such`, { headers })).status,
    ).toBe(404);
    expect((await post({ title: 'x', base: 'main' })).status).toBe(422);
    await post({ title: 'x', head: 'a', base: 'main' });
    const dup = await post({ title: 'x', head: 'a', base: 'main' });
    expect(dup.status).toBe(422);
    expect(JSON.stringify(await dup.json())).toContain(
      'A pull request already exists for pegase:a.',
    );
    await github.stop();
    github = await startGithubApi({ port: 0, faults: { readOnly: true } });
    expect((await post({ title: 'x', head: 'a', base: 'main' })).status).toBe(
      403,
    );
  });

  describe('repository content (served from a real git repository)', () => {
    let root: string;
    let repo: { dir: string; head: string; first: string };
    const repoApi = `/repos/pegase/gitops`;
    beforeAll(async () => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'github-stand-in-'));
      repo = await createTestRepository(root);
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
    beforeEach(async () => {
      await github.stop();
      github = await startGithubApi({
        port: 0,
        token: 'secret',
        repositories: { 'pegase/gitops': repo.dir },
      });
    });

    it('answers the combined status of a ref with its commit SHA and the repository', async () => {
      const res = await fetch(
        `${github.url}${repoApi}/commits/main/status?per_page=0`,
        { headers },
      );
      expect(res.status).toBe(200);
      const status = await res.json();
      expect(status).toMatchObject({
        state: 'pending',
        statuses: [],
        sha: repo.head,
        total_count: 0,
        repository: {
          full_name: 'pegase/gitops',
          default_branch: 'main',
          archive_url: `${github.url}${repoApi}/{archive_format}{/ref}`,
        },
        commit_url: `${github.url}${repoApi}/commits/${repo.head}`,
      });
      const branch = await fetch(
        `${github.url}${repoApi}/commits/feature/x/status`,
        { headers },
      );
      expect((await branch.json()).sha).toBe(repo.first);
      const bySha = await fetch(
        `${github.url}${repoApi}/commits/${repo.first}/status`,
        { headers },
      );
      expect((await bySha.json()).sha).toBe(repo.first);
    });

    it('redirects tarball/{ref} to a download made by git archive under <owner>-<repo>-<sha7>/', async () => {
      const redirect = await fetch(`${github.url}${repoApi}/tarball/main`, {
        headers,
        redirect: 'manual',
      });
      expect(redirect.status).toBe(302);
      const location = redirect.headers.get('location')!;
      expect(location).toContain(`/legacy.tar.gz/${repo.head}?token=`);
      // the download URL needs no API token, but its own
      const tarball = await fetch(location);
      expect(tarball.status).toBe(200);
      const top = `pegase-gitops-${repo.head.slice(0, 7)}`;
      expect(tarball.headers.get('content-disposition')).toBe(
        `attachment; filename=${top}.tar.gz`,
      );
      expect(await tarEntries(await tarball.arrayBuffer(), root)).toEqual(
        expect.arrayContaining([
          `${top}/README.md`,
          `${top}/charts/pegase/Chart.yaml`,
        ]),
      );
      expect(
        (await fetch(location.replace(/token=.*/, 'token=guess'))).status,
      ).toBe(404);
      // followed, at the SHA the status gave
      const old = await fetch(`${github.url}${repoApi}/tarball/${repo.first}`, {
        headers,
      });
      expect(
        (await tarEntries(await old.arrayBuffer(), root)).filter(
          e => !e.endsWith('/'),
        ),
      ).toEqual([`pegase-gitops-${repo.first.slice(0, 7)}/README.md`]);
      const zip = await fetch(`${github.url}${repoApi}/zipball`, { headers });
      expect(zip.headers.get('content-type')).toBe('application/zip');
    });

    it('answers the content errors: 401, 404 ref/repository, 409 empty repository', async () => {
      const status = async (p: string, h: Record<string, string> = headers) =>
        (await fetch(`${github.url}${p}`, { headers: h })).status;
      expect(await status(`${repoApi}/commits/main/status`, {})).toBe(401);
      expect(await status(`${repoApi}/tarball/main`, {})).toBe(401);
      const unknown = await fetch(
        `${github.url}${repoApi}/commits/nope/status`,
        { headers },
      );
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).message).toBe('Not Found');
      expect(await status(`${repoApi}/tarball/nope`)).toBe(404);
      expect(await status(`/repos/no/such/commits/main/status`)).toBe(404);
      await github.stop();
      github = await startGithubApi({
        port: 0,
        repositories: ['pegase/empty'],
      });
      const empty = await fetch(
        `${github.url}/repos/pegase/empty/commits/main/status`,
      );
      expect(empty.status).toBe(409);
      expect((await empty.json()).message).toBe('Git Repository is empty.');
    });
  });
});
