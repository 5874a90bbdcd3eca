import { startGithubApi, GithubStandIn } from './githubApi';

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
});
