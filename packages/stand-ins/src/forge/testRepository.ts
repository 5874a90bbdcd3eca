import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// Test helpers of the forge stand-ins' repository endpoints.

// async: the stand-in serves from this process
const run = promisify(execFile);
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Ada',
  GIT_AUTHOR_EMAIL: 'ada@pegase.invalid',
  GIT_COMMITTER_NAME: 'Bob',
  GIT_COMMITTER_EMAIL: 'bob@pegase.invalid',
};
const git = async (dir: string, ...args: string[]) =>
  (await run('git', ['-C', dir, ...args], { env: gitEnv })).stdout.trim();

/** A real repository: two commits on main (the second under charts/), a branch feature/x. */
export async function createTestRepository(root: string) {
  const dir = path.join(root, 'repo');
  fs.mkdirSync(path.join(dir, 'charts/pegase'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.md'), 'GitOps\n');
  await run('git', ['init', '-q', '-b', 'main', dir]);
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', 'Initial commit');
  fs.writeFileSync(
    path.join(dir, 'charts/pegase/Chart.yaml'),
    'name: pegase\n',
  );
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', 'Add the umbrella chart\n\nWith its body.');
  await git(dir, 'branch', 'feature/x', 'HEAD~1');
  return {
    dir,
    head: await git(dir, 'rev-parse', 'HEAD'),
    first: await git(dir, 'rev-parse', 'HEAD~1'),
  };
}

/** The entries of a .tar.gz, listed by the system tar. */
export async function tarEntries(archive: ArrayBuffer, root: string) {
  const file = path.join(root, `archive-${Math.random()}.tar.gz`);
  fs.writeFileSync(file, Buffer.from(archive));
  const { stdout } = await run('tar', ['-tzf', file]);
  return stdout.split('\n').filter(Boolean).sort();
}
