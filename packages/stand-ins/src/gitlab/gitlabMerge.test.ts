/*
 * The GitLab stand-in as GitLab really behaves on what issues 24 and 25 need:
 * the merge endpoint moving the target branch in the real repository and
 * sending the push webhook, the description limit, 429 with Retry-After,
 * under-reported and tag pushes, and a hook disabled after 4 failures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GITLAB_DESCRIPTION_MAX,
  startGitlabApi,
  GitlabStandIn,
} from './gitlabApi';
import {
  createMergeRepository,
  startWebhookReceiver,
} from '../forge/testRepository';

jest.setTimeout(30_000);

describe('GitLab stand-in: merges, limits, rate limits, push webhooks', () => {
  let root: string;
  let repo: Awaited<ReturnType<typeof createMergeRepository>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let gitlab: GitlabStandIn;
  const project = encodeURIComponent('pegase/gitops');
  const headers = {
    'PRIVATE-TOKEN': 'secret',
    'content-type': 'application/json',
  };
  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${gitlab.url}/api/v4/projects/${project}${p}`, {
      ...init,
      headers,
    });
  const open = async (source: string, extra: Record<string, unknown> = {}) =>
    (
      await api('/merge_requests', {
        method: 'POST',
        body: JSON.stringify({
          source_branch: source,
          target_branch: 'main',
          title: `Merge ${source}`,
          ...extra,
        }),
      })
    ).json();
  const waitForDeliveries = async (n: number) => {
    while (gitlab.deliveries.length < n)
      await new Promise(r => setTimeout(r, 10));
  };

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-merge-'));
    repo = await createMergeRepository(root);
    receiver = await startWebhookReceiver();
    gitlab = await startGitlabApi({
      port: 0,
      token: 'secret',
      repositories: { 'pegase/gitops': repo.bare },
      webhook: { url: receiver.url, secret: 'hook-secret' },
    });
  });
  afterEach(async () => {
    await gitlab.stop();
    await receiver.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('merges with a merge commit, moves main in the repository and sends the push hook', async () => {
    const before = await repo.head('main');
    const source = await repo.head('pegase/upgrade');
    const mr = await open('pegase/upgrade', { remove_source_branch: true });
    const res = await api(`/merge_requests/${mr.iid}/merge`, {
      method: 'PUT',
      body: '{}',
    });
    expect(res.status).toBe(200);
    const merged = await res.json();
    expect(merged).toMatchObject({ state: 'merged', sha: source });
    expect(merged.merged_at).toBeTruthy();
    const after = await repo.head('main');
    expect(merged.merge_commit_sha).toBe(after);
    // a merge commit with both heads as parents
    expect(
      (await repo.git('rev-list', '--parents', '-n1', after)).split(' '),
    ).toEqual([after, before, source]);
    // the source branch was removed, as asked at creation
    await expect(
      repo.git('rev-parse', '--verify', 'refs/heads/pegase/upgrade'),
    ).rejects.toThrow();
    // GET reports it merged afterwards
    expect((await (await api(`/merge_requests/${mr.iid}`)).json()).state).toBe(
      'merged',
    );

    await waitForDeliveries(1);
    const hook = receiver.received[0];
    expect(hook.headers).toMatchObject({
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': 'hook-secret',
      'content-type': 'application/json',
    });
    expect(hook.headers['x-gitlab-event-uuid']).toBeTruthy();
    const payload = JSON.parse(hook.body);
    expect(payload).toMatchObject({
      object_kind: 'push',
      ref: 'refs/heads/main',
      before,
      after,
      total_commits_count: 2,
    });
    const files = payload.commits.flatMap((c: any) => [
      ...c.added,
      ...c.modified,
    ]);
    expect(files).toEqual(
      expect.arrayContaining(['clusters/b.yaml', 'instances/x/instance.json']),
    );
  });

  it('fast-forwards in a fast-forward project, and refuses when main moved (405)', async () => {
    await gitlab.stop();
    gitlab = await startGitlabApi({
      port: 0,
      token: 'secret',
      repositories: { 'pegase/gitops': repo.bare },
      mergeMethod: 'ff',
    });
    // main moved after pegase/upgrade forked: no fast-forward
    const mr = await open('pegase/upgrade');
    const refused = await api(`/merge_requests/${mr.iid}/merge`, {
      method: 'PUT',
    });
    expect(refused.status).toBe(405);
    expect(await refused.json()).toEqual({ message: '405 Method Not Allowed' });
    // a branch on top of main fast-forwards
    await repo.git('branch', 'pegase/ff', 'main');
    const main = await repo.head('main');
    const work = path.join(root, 'ff');
    await repo.git('worktree', 'add', '-q', work, 'pegase/ff');
    fs.writeFileSync(path.join(work, 'clusters/c.yaml'), 'name: c\n');
    execFileSync('git', ['-C', work, 'add', '-A']);
    execFileSync('git', [
      '-C',
      work,
      '-c',
      'user.name=A',
      '-c',
      'user.email=a@x',
      'commit',
      '-qm',
      'c',
    ]);
    const ff = await open('pegase/ff');
    const ok = await api(`/merge_requests/${ff.iid}/merge`, { method: 'PUT' });
    expect(ok.status).toBe(200);
    expect(await repo.head('main')).toBe(await repo.head('pegase/ff'));
    expect(await repo.head('main')).not.toBe(main);
  });

  it('answers 405 for a conflict, a draft or a merged MR, 409 for a stale sha', async () => {
    const conflict = await open('pegase/conflict');
    const c = await api(`/merge_requests/${conflict.iid}/merge`, {
      method: 'PUT',
    });
    expect(c.status).toBe(405);
    const main = await repo.head('main');
    expect(await repo.head('main')).toBe(main);

    const draft = await open('pegase/upgrade', { title: 'Draft: upgrade' });
    expect(
      (await api(`/merge_requests/${draft.iid}/merge`, { method: 'PUT' }))
        .status,
    ).toBe(405);
    await api(`/merge_requests/${draft.iid}`, {
      method: 'PUT',
      body: JSON.stringify({ title: 'Upgrade' }),
    });
    const stale = await api(`/merge_requests/${draft.iid}/merge`, {
      method: 'PUT',
      body: JSON.stringify({ sha: 'f'.repeat(40) }),
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).message).toBe(
      `SHA does not match HEAD of source branch: ${await repo.head(
        'pegase/upgrade',
      )}`,
    );
    expect(
      (await api(`/merge_requests/${draft.iid}/merge`, { method: 'PUT' }))
        .status,
    ).toBe(200);
    expect(
      (await api(`/merge_requests/${draft.iid}/merge`, { method: 'PUT' }))
        .status,
    ).toBe(405);
  });

  it("refuses a description over 1,048,576 characters with GitLab's 400", async () => {
    const res = await api('/merge_requests', {
      method: 'POST',
      body: JSON.stringify({
        source_branch: 'pegase/upgrade',
        target_branch: 'main',
        title: 'T',
        description: 'x'.repeat(GITLAB_DESCRIPTION_MAX + 1),
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: { description: ['is too long (maximum is 1048576 characters)'] },
    });
    const atLimit = await open('pegase/upgrade', {
      description: 'x'.repeat(GITLAB_DESCRIPTION_MAX),
    });
    expect(atLimit.iid).toBe(1);
  });

  it('answers 429 with Retry-After while rate limited', async () => {
    gitlab.faults.rateLimited = 2;
    gitlab.faults.retryAfterSeconds = 7;
    for (let i = 0; i < 2; i++) {
      const res = await api('/merge_requests');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.headers.get('ratelimit-remaining')).toBe('0');
      expect(await res.text()).toBe('Retry later\n');
    }
    expect((await api('/merge_requests')).status).toBe(200);
  });

  it('sends under-reported pushes and tag pushes when asked', async () => {
    gitlab.faults.underReport = { mode: 'empty' };
    const before = await repo.git('rev-parse', 'refs/heads/main~1');
    await gitlab.sendPush('pegase/gitops', 'main', before);
    await gitlab.sendTagPush(
      'pegase/gitops',
      'v1.0.0',
      await repo.head('main'),
    );
    const [push, tag] = receiver.received.map(r => ({
      headers: r.headers,
      payload: JSON.parse(r.body),
    }));
    expect(push.payload.commits[0]).toMatchObject({
      added: [],
      modified: [],
      removed: [],
    });
    expect(tag.headers['x-gitlab-event']).toBe('Tag Push Hook');
    expect(tag.payload).toMatchObject({
      object_kind: 'tag_push',
      ref: 'refs/tags/v1.0.0',
      commits: [],
      total_commits_count: 0,
    });
  });

  it('disables the hook after 4 failed deliveries in a row', async () => {
    receiver.status = 500;
    const before = await repo.git('rev-parse', 'refs/heads/main~1');
    for (let i = 0; i < 5; i++)
      await gitlab.sendPush('pegase/gitops', 'main', before);
    expect(receiver.received).toHaveLength(4);
    expect(gitlab.hookDisabled()).toBe(true);
  });
});
