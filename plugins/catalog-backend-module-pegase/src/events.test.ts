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
    });
    expect(providersForFiles(['README.md'])).toEqual({
      chart: false,
      inventory: false,
      clusters: false,
    });
    expect(providersForFiles(['charts/pegase/values.yaml']).chart).toBe(true);
    expect(providersForFiles(['clusters/x.yaml']).clusters).toBe(true);
  });
});
