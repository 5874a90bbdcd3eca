import { execFileSync } from 'node:child_process';
import { ConflictError } from '@backstage/errors';
import { GITLAB_DESCRIPTION_MAX } from '@pcscol/stand-ins/gitlab';
import { GITHUB_BODY_MAX } from '@pcscol/stand-ins/github';
import { Peers, startPeers } from '../__testUtils__/gitopsPeers';
import { GitopsChangePublisher } from './GitopsChangePublisher';

jest.setTimeout(120_000);

/** One line per instance, as long as an upgrade wave writes them (~1,520 characters). */
function waveDescription(instances: number): string {
  const lines = Array.from(
    { length: instances },
    (_, i) => `- univ-${i} (cluster-1): 24.3.1 → 25.0.0; ${'x'.repeat(1480)}`,
  );
  return `Moves these instances:\n\n${lines.join(
    '\n',
  )}\n\nRequested through Pégase Portal.`;
}

function openDescriptions(peers: Peers): string[] {
  if (peers.github)
    return (peers.github.pullRequests.get('pegase/gitops') ?? []).map(
      p => (p as any).body,
    );
  return (peers.gitlab!.mergeRequests.get('pegase/gitops') ?? []).map(
    m => (m as any).description,
  );
}

async function publishOne(
  publisher: GitopsChangePublisher,
  branch: string,
  description: string,
  file = 'docs/publish-test.md',
) {
  const checkout = await publisher.checkout();
  try {
    await publisher.stage(checkout, { [file]: `${branch}\n` });
    return await publisher.publish(checkout, {
      branch,
      title: 'Publish test',
      description,
      commitMessage: 'Publish test',
    });
  } finally {
    await checkout.cleanup();
  }
}

describe.each([
  // GitHub refuses over 65,536 characters: 400 instances are ~608,000
  ['github', GITHUB_BODY_MAX, 400],
  // GitLab allows 1,048,576: it takes ~700 such instances
  ['gitlab', GITLAB_DESCRIPTION_MAX, 700],
] as const)('GitopsChangePublisher.publish on %s', (forge, max, instances) => {
  let peers: Peers;
  beforeAll(async () => {
    peers = await startPeers({ forge });
  });
  afterAll(() => peers.stop());

  it(`keeps a wave of ${instances} instances within the ${max}-character limit, the whole text in a file of the branch`, async () => {
    const publisher = GitopsChangePublisher.fromConfig(peers.config);
    const description = waveDescription(instances);
    expect(description.length).toBeGreaterThan(max);
    const branch = `pegase/upgrade/25.0.0-${forge}`;
    const published = await publishOne(publisher, branch, description);
    expect(published.updated).toBe(false);
    const [sent] = openDescriptions(peers);
    expect(sent.length).toBeLessThanOrEqual(max);
    expect(sent).toMatch(/^Moves these instances:\n\n- univ-0 /);
    expect(sent).toContain(
      `The whole description is in \`.pegase/changes/${branch}.md\` on branch \`${branch}\`.`,
    );
    expect(sent).toMatch(/more line\(s\)/);
    expect(sent.endsWith('\n\nRequested through Pégase Portal.')).toBe(true);
    // read with git itself: the file is over peers.show's 1 MB buffer on GitLab
    const file = execFileSync(
      'git',
      [
        '--git-dir',
        peers.git.repositoryDir,
        'show',
        `${branch}:.pegase/changes/${branch}.md`,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    ).toString();
    expect(file).toBe(`${description}\n`);
  });

  it('leaves a description that fits as it is, with no file', async () => {
    const publisher = GitopsChangePublisher.fromConfig(peers.config);
    const branch = `pegase/upgrade/25.0.0-small-${forge}`;
    await publishOne(publisher, branch, waveDescription(3));
    expect(openDescriptions(peers)).toContain(waveDescription(3));
    expect(peers.show(branch, `.pegase/changes/${branch}.md`)).toBeUndefined();
  });

  it('retries the rate-limited forge and publishes', async () => {
    const publisher = GitopsChangePublisher.fromConfig(peers.config);
    if (peers.github) {
      peers.github.faults.secondaryRateLimited = 2;
      peers.github.faults.retryAfterSeconds = 0;
    } else {
      peers.gitlab!.faults.rateLimited = 2;
      peers.gitlab!.faults.retryAfterSeconds = 0;
    }
    const published = await publishOne(
      publisher,
      `pegase/test/rate-${forge}`,
      'rate limited',
    );
    expect(published.url).toMatch(/\/(pull|merge_requests)\/\d+$/);
  });

  it('refuses, once and clearly, a run whose branch another run pushed meanwhile', async () => {
    const publisher = GitopsChangePublisher.fromConfig(peers.config);
    const branch = `pegase/test/race-${forge}`;
    // both runs read the repository before either pushes
    const first = await publisher.checkout();
    const second = await publisher.checkout();
    try {
      await publisher.stage(first, { 'docs/race.md': 'first\n' });
      await publisher.stage(second, { 'docs/race.md': 'second\n' });
      const request = {
        branch,
        title: 'Race',
        description: 'race',
        commitMessage: 'Race',
      };
      const won = await publisher.publish(first, request);
      const refused = publisher.publish(second, request);
      await expect(refused).rejects.toBeInstanceOf(ConflictError);
      await expect(refused).rejects.toThrow(
        new RegExp(
          `Another run changed branch ${branch} while this one was running \\(now at ${won.commit.slice(
            0,
            12,
          )}\\); its (pull|merge) request is .*: this run changed nothing`,
        ),
      );
      // the first run's branch is intact, one change request
      expect(peers.show(branch, 'docs/race.md')).toBe('first\n');
      const open = openDescriptions(peers).filter(d => d === 'race');
      expect(open).toHaveLength(1);
    } finally {
      await first.cleanup();
      await second.cleanup();
    }
    // a later run (a new checkout) updates it
    const again = await publishOne(publisher, branch, 'race', 'docs/race.md');
    expect(again.updated).toBe(true);
    expect(peers.show(branch, 'docs/race.md')).toBe(`${branch}\n`);
  });
});
