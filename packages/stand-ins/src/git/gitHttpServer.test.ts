import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHttpServer } from './gitHttpServer';

// Async on purpose: the server answers from this same process.
const git = async (cwd: string, ...args: string[]) =>
  (
    await promisify(execFile)(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', ...args],
      { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
    )
  ).stdout;

describe('git over HTTP (real git http-backend)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-git-test-'));
  const source = path.join(work, 'source');
  let server: Awaited<ReturnType<typeof startGitHttpServer>>;

  beforeAll(async () => {
    fs.mkdirSync(path.join(source, 'clusters'), { recursive: true });
    fs.writeFileSync(
      path.join(source, 'clusters', 'sxb-prod-1.yaml'),
      'name: sxb-prod-1\n',
    );
    server = await startGitHttpServer({
      port: 0,
      gitopsDir: source,
      token: 's3cret',
    });
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('serves the folder as the main branch, and accepts a pushed branch', async () => {
    const authUrl = server.repoUrl.replace('http://', 'http://demo:s3cret@');
    const clone = path.join(work, 'clone');
    await git(work, 'clone', '--quiet', authUrl, clone);
    expect(
      fs.readFileSync(path.join(clone, 'clusters', 'sxb-prod-1.yaml'), 'utf8'),
    ).toBe('name: sxb-prod-1\n');

    await git(clone, 'checkout', '--quiet', '-b', 'add-cluster');
    fs.writeFileSync(
      path.join(clone, 'clusters', 'uca-prod-1.yaml'),
      'name: uca-prod-1\n',
    );
    await git(clone, 'add', '.');
    await git(clone, 'commit', '--quiet', '-m', 'Add uca-prod-1');
    await git(clone, 'push', '--quiet', 'origin', 'add-cluster');

    const branches = await git(
      work,
      '--git-dir',
      server.repositoryDir,
      'branch',
      '--list',
    );
    expect(branches).toMatch(/add-cluster/);
    expect(branches).toMatch(/main/);
  });

  it('refuses a client without the token', async () => {
    await expect(git(work, 'ls-remote', server.repoUrl)).rejects.toThrow(
      /401|Authentication failed|could not read Username/,
    );
  });
});
