import fs from 'node:fs';
import path from 'node:path';
import { startGitlabApi, GitlabStandIn } from './gitlabApi';

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
});
