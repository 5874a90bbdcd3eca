import { ConflictError, InputError } from '@backstage/errors';
import {
  GITLAB_DESCRIPTION_MAX,
  GitlabStandIn,
  startGitlabApi,
} from '@pcscol/stand-ins/gitlab';
import {
  GITHUB_BODY_MAX,
  GithubStandIn,
  startGithubApi,
} from '@pcscol/stand-ins/github';
import {
  GITHUB_PULL_REQUEST_BODY_MAX,
  GITLAB_MERGE_REQUEST_DESCRIPTION_MAX,
  GithubForge,
  GitlabForge,
  githubApiBaseUrl,
  retryAfterMs,
} from './forges';

jest.setTimeout(60_000);

const content = (branch: string, description = 'test') => ({
  sourceBranch: branch,
  targetBranch: 'main',
  title: `Change ${branch}`,
  description,
});

describe('forge clients against the GitLab stand-in', () => {
  let gitlab: GitlabStandIn;
  let client: GitlabForge;
  beforeEach(async () => {
    gitlab = await startGitlabApi({ port: 0, token: 't' });
    client = new GitlabForge({
      apiBaseUrl: `${gitlab.url}/api/v4`,
      project: 'pegase/gitops',
      token: 't',
      timeoutMs: 10_000,
    });
  });
  afterEach(() => gitlab.stop());

  it('carries the limit GitLab answers with (Issuable::DESCRIPTION_LENGTH_MAX)', async () => {
    expect(client.descriptionMax).toBe(GITLAB_DESCRIPTION_MAX);
    expect(GITLAB_MERGE_REQUEST_DESCRIPTION_MAX).toBe(GITLAB_DESCRIPTION_MAX);
    await expect(
      client.create(content('a', 'x'.repeat(client.descriptionMax + 1))),
    ).rejects.toThrow(
      /answered 400 \(description is too long \(maximum is 1048576 characters\)\)/,
    );
    await expect(
      client.create(content('a', 'x'.repeat(client.descriptionMax))),
    ).resolves.toMatchObject({ number: 1 });
  });

  it('retries a 429 after its Retry-After, then succeeds', async () => {
    gitlab.faults.rateLimited = 2;
    gitlab.faults.retryAfterSeconds = 0;
    await expect(client.create(content('a'))).resolves.toMatchObject({
      number: 1,
    });
    const posts = gitlab.calls.filter(c => c.method === 'POST');
    expect(posts.length).toBe(3);
    expect(gitlab.mergeRequests.get('pegase/gitops')).toHaveLength(1);
  });

  it('gives up with a clear error after the bounded attempts', async () => {
    gitlab.faults.rateLimited = 10;
    gitlab.faults.retryAfterSeconds = 0;
    await expect(client.create(content('a'))).rejects.toThrow(
      /answered 429 \(Retry later\): rate limited 4 time\(s\) in a row; nothing more was sent, run the task again later/,
    );
    expect(gitlab.mergeRequests.get('pegase/gitops') ?? []).toHaveLength(0);
  });

  it('does not wait longer than it may: a Retry-After of 30 s over a 1 s limit fails at once', async () => {
    const impatient = new GitlabForge({
      apiBaseUrl: `${gitlab.url}/api/v4`,
      project: 'pegase/gitops',
      token: 't',
      timeoutMs: 10_000,
      retry: { maxDelayMs: 1000 },
    });
    gitlab.faults.rateLimited = 1;
    gitlab.faults.retryAfterSeconds = 30;
    await expect(impatient.create(content('a'))).rejects.toThrow(
      /the forge asks to wait 30 s \(more than 1 s\)/,
    );
  });

  it('answers a second open merge request of a branch with a ConflictError', async () => {
    await client.create(content('a'));
    const second = client.create(content('a'));
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow(
      /Another open merge request already exists/,
    );
  });
});

describe('forge clients against the GitHub stand-in', () => {
  let github: GithubStandIn;
  let client: GithubForge;
  beforeEach(async () => {
    github = await startGithubApi({ port: 0, token: 't' });
    client = new GithubForge({
      apiBaseUrl: github.url,
      project: 'pegase/gitops',
      token: 't',
      timeoutMs: 10_000,
    });
  });
  afterEach(() => github.stop());

  it('carries the limit GitHub answers with (body is too long)', async () => {
    expect(client.descriptionMax).toBe(GITHUB_BODY_MAX);
    expect(GITHUB_PULL_REQUEST_BODY_MAX).toBe(GITHUB_BODY_MAX);
    const refused = client.create(
      content('a', 'x'.repeat(client.descriptionMax + 1)),
    );
    await expect(refused).rejects.toBeInstanceOf(InputError);
    await expect(refused).rejects.toThrow(
      /422 \(Validation Failed: body is too long \(maximum is 65536 characters\)\)/,
    );
    await expect(
      client.create(content('a', 'x'.repeat(client.descriptionMax))),
    ).resolves.toMatchObject({ url: expect.stringContaining('/pull/') });
  });

  it("retries GitHub's secondary rate limit (403 + retry-after), then succeeds", async () => {
    github.faults.secondaryRateLimited = 1;
    github.faults.retryAfterSeconds = 1;
    await expect(client.create(content('a'))).resolves.toMatchObject({
      url: expect.stringContaining('/pull/'),
    });
    expect(github.pullRequests.get('pegase/gitops')).toHaveLength(1);
  });

  it('gives up on the secondary rate limit with a clear error', async () => {
    github.faults.secondaryRateLimited = 10;
    github.faults.retryAfterSeconds = 0;
    await expect(client.findOpen('a', 'main')).rejects.toThrow(
      /answered 403 \(You have exceeded a secondary rate limit.*\): rate limited 4 time\(s\) in a row/,
    );
  });

  it('answers a second pull request of a branch with a ConflictError', async () => {
    await client.create(content('a'));
    const second = client.create(content('a'));
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow(/A pull request already exists/);
  });
});

describe('githubApiBaseUrl', () => {
  it('uses api.github.com for github.com only, <host>/api/v3 for GitHub Enterprise', () => {
    expect(githubApiBaseUrl('github.com')).toBe('https://api.github.com');
    expect(githubApiBaseUrl('ghe.example.org')).toBe(
      'https://ghe.example.org/api/v3',
    );
    expect(
      githubApiBaseUrl('ghe.example.org', 'https://gh-api.example.org'),
    ).toBe('https://gh-api.example.org');
  });
});

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfterMs('30')).toBe(30_000);
    expect(
      retryAfterMs(
        'Wed, 21 Oct 2026 07:28:10 GMT',
        Date.UTC(2026, 9, 21, 7, 28),
      ),
    ).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
