import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Peers, startPeers } from '../__testUtils__/gitopsPeers';
import { GitopsChangePublisher } from './GitopsChangePublisher';

jest.setTimeout(120_000);

/** Commits files on the remote's main branch, as another user would (straight into the bare repository). */
function commitOnRemote(peers: Peers, files: Record<string, string>) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-remote-edit-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.org',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.org',
      },
    });
  try {
    git('clone', '--quiet', '--depth', '1', peers.git.repositoryDir, '.');
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      fs.writeFileSync(path.join(work, file), content);
      git('add', file);
    }
    git('commit', '--quiet', '-m', `add ${Object.keys(files).join(', ')}`);
    git('push', '--quiet', 'origin', 'HEAD:main');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

describe('GitopsChangePublisher.checkout (through its local mirror)', () => {
  let peers: Peers;
  beforeAll(async () => {
    peers = await startPeers({ forge: 'gitlab' });
  });
  afterAll(() => peers.stop());

  it('sees every new commit of the branch, and pushes to the real remote', async () => {
    const publisher = GitopsChangePublisher.fromConfig(peers.config);
    const first = await publisher.checkout();
    const before = first.snapshot.instances.length;
    expect(before).toBeGreaterThan(0);
    expect(first.snapshot.instances[0].location).toMatch(
      new RegExp(`^${peers.git.repoUrl}#main/instances/`),
    );
    await first.cleanup();

    // an instance and the values file its Application names
    commitOnRemote(peers, {
      'instances/eu-sxb-1/construction/univ-new/instance.json': JSON.stringify({
        name: 'univ-new',
        usage: 'construction',
        region: 'eu-sxb-1',
        cluster: first.snapshot.clusters[0].name,
      }),
      'instances/eu-sxb-1/construction/univ-new/values.yaml': '{}\n',
    });
    const second = await publisher.checkout();
    try {
      expect(second.snapshot.instances).toHaveLength(before + 1);
      expect(second.snapshot.instances.map(i => i.name)).toContain('univ-new');
      // the work tree has the sparse layout, without vault/
      expect(fs.existsSync(path.join(second.dir, 'vault'))).toBe(false);
      await publisher.stage(second, { 'docs/mirror-test.md': 'hello\n' });
      const published = await publisher.publish(second, {
        branch: 'pegase/test/mirror',
        title: 'Mirror test',
        description: 'test',
        commitMessage: 'Mirror test',
      });
      expect(published.updated).toBe(false);
      expect(peers.show('pegase/test/mirror', 'docs/mirror-test.md')).toBe(
        'hello\n',
      );
      expect(
        peers.show(
          'pegase/test/mirror',
          'instances/eu-sxb-1/construction/univ-new/instance.json',
        ),
      ).toContain('univ-new');
    } finally {
      await second.cleanup();
    }
  });
});
