import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitlabApi, GitlabStandIn } from './gitlabApi';
import { createTestRepository, tarEntries } from '../forge/testRepository';

const sharedDir =
  process.env.PEGASE_SHARED_DIR ??
  path.resolve(__dirname, '../../../../../shared');

describe('GitLab stand-in', () => {
  let gitlab: GitlabStandIn;
  const api = (p: string) => `${gitlab.url}/api/v4${p}`;
  const headers = {
    'PRIVATE-TOKEN': 'secret',
    'content-type': 'application/json',
  };
  const project = encodeURIComponent('pegase/gitops');

  beforeEach(async () => {
    gitlab = await startGitlabApi({ port: 0, token: 'secret' });
  });
  afterEach(() => gitlab.stop());

  it('answers projects and merge requests in the recorded shape, records calls', async () => {
    const p = await fetch(api(`/projects/${project}`), { headers });
    expect(p.status).toBe(200);
    expect(await p.json()).toMatchObject({
      path_with_namespace: 'pegase/gitops',
      default_branch: 'main',
    });

    const created = await fetch(api(`/projects/${project}/merge_requests`), {
      method: 'POST',
      headers,
      body: JSON.stringify({
        source_branch: 'pegase/x',
        target_branch: 'main',
        title: 'T',
        description: 'D',
      }),
    });
    expect(created.status).toBe(201);
    const mr = await created.json();
    const recorded = JSON.parse(
      fs.readFileSync(
        path.join(sharedDir, 'apis/gitlab/merge-requests-list.response.json'),
        'utf8',
      ),
    )[0];
    expect(Object.keys(mr).sort()).toEqual(Object.keys(recorded).sort());
    expect(mr).toMatchObject({
      iid: 1,
      state: 'opened',
      web_url: `${gitlab.url}/pegase/gitops/-/merge_requests/1`,
    });

    const list = await fetch(
      api(
        `/projects/${project}/merge_requests?state=opened&source_branch=pegase/x`,
      ),
      { headers },
    );
    expect((await list.json()).map((m: any) => m.iid)).toEqual([1]);
    const none = await fetch(
      api(
        `/projects/${project}/merge_requests?state=opened&source_branch=other`,
      ),
      { headers },
    );
    expect(await none.json()).toEqual([]);

    const updated = await fetch(api(`/projects/${project}/merge_requests/1`), {
      method: 'PUT',
      headers,
      body: JSON.stringify({ title: 'T2' }),
    });
    expect((await updated.json()).title).toBe('T2');
    expect(gitlab.calls.map(c => `${c.method} ${c.status}`)).toEqual([
      'GET 200',
      'POST 201',
      'GET 200',
      'GET 200',
      'PUT 200',
    ]);
    expect(gitlab.calls[1].body).toMatchObject({ source_branch: 'pegase/x' });
    const page = await fetch(`${gitlab.url}/pegase/gitops/-/merge_requests/1`);
    expect(await page.text()).toContain('T2');
  });

  it('paginates with x-next-page and Link', async () => {
    for (let i = 0; i < 3; i++) {
      await fetch(api(`/projects/${project}/merge_requests`), {
        method: 'POST',
        headers,
        body: JSON.stringify({
          source_branch: `b${i}`,
          target_branch: 'main',
          title: `T${i}`,
        }),
      });
    }
    const first = await fetch(
      api(`/projects/${project}/merge_requests?per_page=2`),
      { headers },
    );
    expect(first.headers.get('x-total')).toBe('3');
    expect(first.headers.get('x-next-page')).toBe('2');
    expect(first.headers.get('link')).toContain('rel="next"');
    expect((await first.json()).length).toBe(2);
    const second = await fetch(
      api(`/projects/${project}/merge_requests?per_page=2&page=2`),
      { headers },
    );
    expect(second.headers.get('x-next-page')).toBe('');
    expect((await second.json()).length).toBe(1);
  });

  it('answers GitLab errors: 401, 403, 404, 409, 400/422', async () => {
    expect((await fetch(api(`/projects/${project}`))).status).toBe(401);
    expect(
      (
        await fetch(api(`/projects/${encodeURIComponent('no/such')}`), {
          headers,
        })
      ).status,
    ).toBe(404);
    expect(
      (await fetch(api(`/projects/${project}/merge_requests/9`), { headers }))
        .status,
    ).toBe(404);
    const post = (body: unknown) =>
      fetch(api(`/projects/${project}/merge_requests`), {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
    expect(
      (await post({ source_branch: 'a', target_branch: 'main' })).status,
    ).toBe(400);
    expect(
      (await post({ source_branch: 'main', target_branch: 'main', title: 'x' }))
        .status,
    ).toBe(422);
    expect(
      (await post({ source_branch: 'a', target_branch: 'main', title: 'x' }))
        .status,
    ).toBe(201);
    const dup = await post({
      source_branch: 'a',
      target_branch: 'main',
      title: 'x',
    });
    expect(dup.status).toBe(409);
    expect(JSON.stringify(await dup.json())).toContain(
      'Another open merge request already exists',
    );
    await gitlab.stop();
    gitlab = await startGitlabApi({ port: 0, faults: { readOnly: true } });
    expect(
      (
        await fetch(api(`/projects/${project}/merge_requests`), {
          method: 'POST',
          body: '{}',
        })
      ).status,
    ).toBe(403);
  });

  describe('repository (served from a real git repository)', () => {
    let root: string;
    let repo: { dir: string; head: string; first: string };
    beforeAll(async () => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-stand-in-'));
      repo = await createTestRepository(root);
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
    beforeEach(async () => {
      await gitlab.stop();
      gitlab = await startGitlabApi({
        port: 0,
        token: 'secret',
        repositories: { 'pegase/gitops': repo.dir },
      });
    });

    it('lists commits newest first in GitLab shape, by ref, path and page', async () => {
      const res = await fetch(
        api(`/projects/${project}/repository/commits?ref_name=main`),
        { headers },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('x-total')).toBe('2');
      const commits = await res.json();
      expect(commits.map((c: any) => c.id)).toEqual([repo.head, repo.first]);
      expect(commits[0]).toEqual({
        id: repo.head,
        short_id: repo.head.slice(0, 11),
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        parent_ids: [repo.first],
        title: 'Add the umbrella chart',
        message: 'Add the umbrella chart\n\nWith its body.\n',
        author_name: 'Ada',
        author_email: 'ada@pegase.invalid',
        authored_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        committer_name: 'Bob',
        committer_email: 'bob@pegase.invalid',
        committed_date: commits[0].created_at,
        trailers: {},
        extended_trailers: {},
        web_url: `${gitlab.url}/pegase/gitops/-/commit/${repo.head}`,
      });
      const byPath = await fetch(
        api(
          `/projects/${project}/repository/commits?ref_name=main&path=charts`,
        ),
        { headers },
      );
      expect((await byPath.json()).map((c: any) => c.id)).toEqual([repo.head]);
      const branch = await fetch(
        api(
          `/projects/${project}/repository/commits?ref_name=${encodeURIComponent(
            'feature/x',
          )}`,
        ),
        { headers },
      );
      expect((await branch.json()).map((c: any) => c.id)).toEqual([repo.first]);
      // no ref_name: the default branch, read from the repository's HEAD
      const paged = await fetch(
        api(`/projects/${project}/repository/commits?per_page=1&page=2`),
        { headers },
      );
      expect((await paged.json()).map((c: any) => c.id)).toEqual([repo.first]);
      expect(paged.headers.get('x-total-pages')).toBe('2');
      expect(paged.headers.get('x-next-page')).toBe('');
      // like GitLab, an unknown ref has no commits
      const unknown = await fetch(
        api(`/projects/${project}/repository/commits?ref_name=nope`),
        { headers },
      );
      expect(unknown.status).toBe(200);
      expect(await unknown.json()).toEqual([]);
    });

    it('serves archives made by git archive under <project>-<ref>-<sha>/', async () => {
      // Node's fetch says `sec-fetch-mode: cors`, which GitLab refuses as hotlinking
      const hotlink = await fetch(
        api(`/projects/${project}/repository/archive?sha=main`),
        { headers },
      );
      expect(hotlink.status).toBe(406);
      const get = (query: string) =>
        fetch(api(`/projects/${project}/repository/archive${query}`), {
          headers,
          mode: 'same-origin',
        });
      const whole = await get('?sha=main');
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-disposition')).toBe(
        `attachment; filename="gitops-main-${repo.head}.tar.gz"`,
      );
      const top = `gitops-main-${repo.head}`;
      expect(await tarEntries(await whole.arrayBuffer(), root)).toEqual(
        expect.arrayContaining([
          `${top}/README.md`,
          `${top}/charts/pegase/Chart.yaml`,
        ]),
      );
      const sub = await get('.tar.gz?sha=main&path=charts/pegase');
      const subTop = `gitops-main-${repo.head}-charts-pegase`;
      const subEntries = await tarEntries(await sub.arrayBuffer(), root);
      expect(subEntries).toContain(`${subTop}/charts/pegase/Chart.yaml`);
      expect(subEntries).not.toContain(`${subTop}/README.md`);
      const old = await get(`?sha=${encodeURIComponent('feature/x')}`);
      const oldTop = `gitops-feature-x-${repo.first}`;
      expect(
        (await tarEntries(await old.arrayBuffer(), root)).filter(
          e => !e.endsWith('/'),
        ),
      ).toEqual([`${oldTop}/README.md`]);
      expect((await get('.zip?sha=main')).headers.get('content-type')).toBe(
        'application/zip',
      );
    });

    it('answers the repository errors: 401, 404 ref/path/project/repository', async () => {
      const archive = `/projects/${project}/repository/archive`;
      const status = async (p: string, h: Record<string, string> = headers) =>
        (await fetch(api(p), { headers: h, mode: 'same-origin' })).status;
      expect(await status(`${archive}?sha=main`, {})).toBe(401);
      expect(
        await status(`${archive}?sha=main`, { authorization: 'Bearer secret' }),
      ).toBe(200);
      const unknownRef = await fetch(api(`${archive}?sha=nope`), {
        headers,
        mode: 'same-origin',
      });
      expect(unknownRef.status).toBe(404);
      expect(await unknownRef.json()).toEqual({
        message: '404 File Not Found',
      });
      expect(await status(`${archive}?sha=main&path=nope`)).toBe(404);
      expect(await status(`${archive}.rar?sha=main`)).toBe(404);
      expect(
        await status(
          `/projects/${encodeURIComponent('no/such')}/repository/commits`,
        ),
      ).toBe(404);
      await gitlab.stop();
      gitlab = await startGitlabApi({
        port: 0,
        projects: ['pegase/empty'],
        repositories: { 'pegase/gitops': repo.dir },
      });
      const empty = await fetch(
        api(
          `/projects/${encodeURIComponent('pegase/empty')}/repository/commits`,
        ),
      );
      expect(empty.status).toBe(404);
      expect(await empty.json()).toEqual({
        message: '404 Repository Not Found',
      });
      expect(await status(`/projects/${project}/repository/commits`, {})).toBe(
        200,
      );
    });
  });
});
