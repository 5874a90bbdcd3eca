/*
 * The GitHub stand-in as GitHub really behaves on what issues 24 and 25 need:
 * the merge endpoint moving the base branch in the real repository and
 * sending the signed push webhook, the body limit, the secondary rate limit,
 * under-reported pushes and form-encoded deliveries.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GITHUB_BODY_MAX, startGithubApi, GithubStandIn } from './githubApi';
import {
  createMergeRepository,
  startWebhookReceiver,
} from '../forge/testRepository';

jest.setTimeout(30_000);

describe('GitHub stand-in: merges, limits, rate limits, push webhooks', () => {
  let root: string;
  let repo: Awaited<ReturnType<typeof createMergeRepository>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let github: GithubStandIn;
  const headers = {
    authorization: 'Bearer secret',
    'content-type': 'application/json',
  };
  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${github.url}/repos/pegase/gitops${p}`, { ...init, headers });
  const open = async (head: string, extra: Record<string, unknown> = {}) =>
    (
      await api('/pulls', {
        method: 'POST',
        body: JSON.stringify({
          title: `Merge ${head}`,
          head,
          base: 'main',
          ...extra,
        }),
      })
    ).json();
  const start = async (contentType: 'json' | 'form' = 'json') => {
    github = await startGithubApi({
      port: 0,
      token: 'secret',
      repositories: { 'pegase/gitops': repo.bare },
      webhook: { url: receiver.url, secret: 'hook-secret', contentType },
    });
  };
  const waitForDeliveries = async (n: number) => {
    while (github.deliveries.length < n)
      await new Promise(r => setTimeout(r, 10));
  };

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'github-merge-'));
    repo = await createMergeRepository(root);
    receiver = await startWebhookReceiver();
    await start();
  });
  afterEach(async () => {
    await github.stop();
    await receiver.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('merges, moves main in the repository and sends the signed push webhook', async () => {
    const before = await repo.head('main');
    const pr = await open('pegase/upgrade');
    const res = await api(`/pulls/${pr.number}/merge`, {
      method: 'PUT',
      body: JSON.stringify({ merge_method: 'merge' }),
    });
    expect(res.status).toBe(200);
    const after = await repo.head('main');
    expect(await res.json()).toEqual({
      sha: after,
      merged: true,
      message: 'Pull Request successfully merged',
    });
    const got = await (await api(`/pulls/${pr.number}`)).json();
    expect(got).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: after,
    });

    await waitForDeliveries(1);
    const hook = receiver.received[0];
    expect(hook.headers['x-github-event']).toBe('push');
    expect(hook.headers['x-github-delivery']).toBeTruthy();
    expect(hook.headers['x-hub-signature-256']).toBe(
      `sha256=${createHmac('sha256', 'hook-secret')
        .update(hook.body)
        .digest('hex')}`,
    );
    const payload = JSON.parse(hook.body);
    expect(payload).toMatchObject({ ref: 'refs/heads/main', before, after });
    expect(payload.head_commit.id).toBe(after);
    const files = payload.commits.flatMap((c: any) => [
      ...c.added,
      ...c.modified,
    ]);
    expect(files).toEqual(
      expect.arrayContaining(['clusters/b.yaml', 'instances/x/instance.json']),
    );
  });

  it('squashes into one commit on main', async () => {
    const before = await repo.head('main');
    const pr = await open('pegase/upgrade');
    const res = await api(`/pulls/${pr.number}/merge`, {
      method: 'PUT',
      body: JSON.stringify({ merge_method: 'squash' }),
    });
    expect(res.status).toBe(200);
    const after = await repo.head('main');
    expect(
      (await repo.git('rev-list', '--parents', '-n1', after)).split(' '),
    ).toEqual([after, before]);
  });

  it('answers 405 for a conflict or a closed pull request, 409 for a stale sha, 422 for a bad method', async () => {
    const conflict = await open('pegase/conflict');
    const c = await api(`/pulls/${conflict.number}/merge`, {
      method: 'PUT',
      body: '{}',
    });
    expect(c.status).toBe(405);
    expect(await c.json()).toEqual({
      message: 'Pull Request is not mergeable',
      documentation_url:
        'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request',
      status: '405',
    });
    const pr = await open('pegase/upgrade');
    const stale = await api(`/pulls/${pr.number}/merge`, {
      method: 'PUT',
      body: JSON.stringify({ sha: 'f'.repeat(40) }),
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).message).toBe(
      'Head branch was modified. Review and try the merge again.',
    );
    const bad = await api(`/pulls/${pr.number}/merge`, {
      method: 'PUT',
      body: JSON.stringify({ merge_method: 'octopus' }),
    });
    expect(bad.status).toBe(422);
    // rebase needs a fast-forward: main moved after the fork
    const rebase = await api(`/pulls/${pr.number}/merge`, {
      method: 'PUT',
      body: JSON.stringify({ merge_method: 'rebase' }),
    });
    expect(rebase.status).toBe(405);
    await api(`/pulls/${pr.number}`, {
      method: 'PATCH',
      body: JSON.stringify({ state: 'closed' }),
    });
    expect(
      (await api(`/pulls/${pr.number}/merge`, { method: 'PUT' })).status,
    ).toBe(405);
  });

  it("refuses a body over 65,536 characters with GitHub's 422", async () => {
    const res = await api('/pulls', {
      method: 'POST',
      body: JSON.stringify({
        title: 'T',
        head: 'pegase/upgrade',
        base: 'main',
        body: 'x'.repeat(GITHUB_BODY_MAX + 1),
      }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'Issue',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)',
        },
      ],
      documentation_url:
        'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
      status: '422',
    });
    const pr = await open('pegase/upgrade', {
      body: 'x'.repeat(GITHUB_BODY_MAX),
    });
    const patch = await api(`/pulls/${pr.number}`, {
      method: 'PATCH',
      body: JSON.stringify({ body: 'y'.repeat(GITHUB_BODY_MAX + 1) }),
    });
    expect(patch.status).toBe(422);
  });

  it('answers the secondary rate limit: 403, its message and retry-after', async () => {
    github.faults.secondaryRateLimited = 1;
    github.faults.retryAfterSeconds = 5;
    const res = await api('/pulls');
    expect(res.status).toBe(403);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = await res.json();
    expect(body.message).toMatch(/^You have exceeded a secondary rate limit\./);
    expect(body.documentation_url).toMatch(/#about-secondary-rate-limits$/);
    expect((await api('/pulls')).status).toBe(200);
  });

  it('sends under-reported pushes, and form-encoded ones signed over the form body', async () => {
    await github.stop();
    await start('form');
    github.faults.underReport = { mode: 'empty' };
    const before = await repo.git('rev-parse', 'refs/heads/main~1');
    await github.sendPush('pegase/gitops', 'main', before);
    const hook = receiver.received[0];
    expect(hook.headers['content-type']).toBe(
      'application/x-www-form-urlencoded',
    );
    expect(hook.headers['x-hub-signature-256']).toBe(
      `sha256=${createHmac('sha256', 'hook-secret')
        .update(hook.body)
        .digest('hex')}`,
    );
    const payload = JSON.parse(new URLSearchParams(hook.body).get('payload')!);
    expect(payload.commits[0]).toMatchObject({
      added: [],
      modified: [],
      removed: [],
    });
  });
});
