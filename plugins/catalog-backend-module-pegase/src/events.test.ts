import fs from 'node:fs';
import path from 'node:path';
import {
  normaliseRepoUrl,
  parsePushPayload,
  providersForFiles,
} from './events';

const shared =
  process.env.PEGASE_SHARED_DIR ??
  path.resolve(__dirname, '../../../../shared');

/** The push payload recorded from a forge (`gitlab` or `github`). */
const recordedPush = (forge: 'gitlab' | 'github') =>
  JSON.parse(
    fs.readFileSync(
      path.join(shared, `apis/${forge}/push-event.webhook.json`),
      'utf8',
    ),
  );

describe('push payloads', () => {
  it('parses the recorded GitLab push payload', () => {
    const push = parsePushPayload(recordedPush('gitlab'))!;
    expect(push.forge).toBe('gitlab');
    expect(push.branch).toBe('master');
    expect(push.changedFiles).toContain('file.yaml');
    expect(push.repositoryUrls.map(normaliseRepoUrl)).toContain(
      'gitlab.com/group/name',
    );
  });

  it('parses the recorded GitHub push payload', () => {
    const push = parsePushPayload(recordedPush('github'))!;
    expect(push.forge).toBe('github');
    expect(push.branch).toBeDefined();
    expect(push.repositoryUrls.length).toBeGreaterThan(0);
  });

  it('ignores other payloads', () => {
    expect(parsePushPayload({ object_kind: 'merge_request' })).toBeUndefined();
    expect(parsePushPayload('x')).toBeUndefined();
  });

  it('normalises repository URLs', () => {
    expect(
      normaliseRepoUrl('https://gitlab.example/pcscol/gitops/-/tree/main'),
    ).toBe('gitlab.example/pcscol/gitops');
    expect(normaliseRepoUrl('git@gitlab.example:pcscol/gitops.git')).toBe(
      'gitlab.example/pcscol/gitops',
    );
    expect(normaliseRepoUrl('http://127.0.0.1:18100/gitops.git')).toBe(
      '127.0.0.1/gitops',
    );
  });

  it('maps changed files to providers', () => {
    expect(providersForFiles(['instances/a/b/c/instance.json'])).toEqual({
      chart: false,
      inventory: true,
      clusters: false,
      argocd: true,
    });
    expect(providersForFiles(['README.md'])).toEqual({
      chart: false,
      inventory: false,
      clusters: false,
      argocd: false,
    });
    expect(providersForFiles(['charts/pegase/values.yaml'])).toEqual({
      chart: true,
      inventory: true,
      clusters: false,
      argocd: false,
    });
    expect(providersForFiles(['clusters/x.yaml'])).toEqual({
      chart: false,
      inventory: true,
      clusters: true,
      argocd: true,
    });
    // an ApplicationSet says where the inventory is and what each add-on targets
    expect(providersForFiles(['argocd/addons/apps/cert-manager.yaml'])).toEqual(
      { chart: false, inventory: true, clusters: true, argocd: true },
    );
    expect(providersForFiles(['dbaas/pg.yaml']).argocd).toBe(false);
  });

  it('reads the event headers: a GitLab Tag Push Hook is a tag push, a GitHub ping no push', () => {
    const gitlab = recordedPush('gitlab');
    // GitLab's tag_push (webhook_events.md, "Tag events"): same shape, refs/tags/
    const tag = {
      ...gitlab,
      object_kind: 'tag_push',
      event_name: 'tag_push',
      ref: 'refs/tags/v1.0.0',
      commits: [],
      total_commits_count: 0,
    };
    expect(
      parsePushPayload(tag, { 'x-gitlab-event': 'Tag Push Hook' }),
    ).toMatchObject({
      forge: 'gitlab',
      tag: 'v1.0.0',
      branch: undefined,
    });
    // without headers (relayed by the events bus), the payload decides
    expect(parsePushPayload(tag)!.tag).toBe('v1.0.0');
    expect(
      parsePushPayload(recordedPush('github'), { 'x-github-event': 'ping' }),
    ).toBeUndefined();
    expect(
      parsePushPayload(gitlab, { 'x-gitlab-event': 'Merge Request Hook' }),
    ).toBeUndefined();
    expect(
      parsePushPayload(recordedPush('github'), { 'x-github-event': 'push' })!
        .forge,
    ).toBe('github');
  });

  it('does not trust file lists that may under-report the push', () => {
    const github = recordedPush('github');
    const commit = github.commits[0];
    const doubt = (payload: unknown) => parsePushPayload(payload)!;
    // the recorded push is forced: the dropped commits' files are not listed
    expect(doubt(github)).toMatchObject({
      complete: false,
      doubt: 'forced push',
    });
    const plain = { ...github, forced: false };
    expect(doubt(plain).complete).toBe(true);
    // GitHub leaves the lists empty on very large commits
    expect(
      doubt({
        ...plain,
        commits: [{ ...commit, added: [], modified: [], removed: [] }],
      }).complete,
    ).toBe(false);
    // a list at its cap (3000 files per commit)
    const many = Array.from(
      { length: 3000 },
      (_, i) => `instances/x/${i}.json`,
    );
    expect(
      doubt({ ...plain, commits: [{ ...commit, added: many }] }).doubt,
    ).toMatch(/3000 files/);
    // size / distinct_size larger than the commits listed
    expect(doubt({ ...plain, size: 3, distinct_size: 3 }).complete).toBe(false);
    // GitLab lists 20 commits of total_commits_count
    const gitlab = recordedPush('gitlab');
    expect(doubt({ ...gitlab, total_commits_count: 21 }).doubt).toBe(
      '1 of 21 commits listed',
    );
    expect(doubt(gitlab).complete).toBe(true);
  });
});
