import fs from 'node:fs';
import http from 'node:http';
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

/**
 * A bare repository for merges: `main` (README.md, clusters/a.yaml), branch
 * `pegase/upgrade` (one commit changing instances/x/instance.json, adding
 * clusters/b.yaml), branch `pegase/conflict` (README.md changed, as `main`
 * changes it after the fork).
 */
export async function createMergeRepository(root: string) {
  const work = path.join(root, 'work');
  fs.mkdirSync(path.join(work, 'clusters'), { recursive: true });
  fs.mkdirSync(path.join(work, 'instances/x'), { recursive: true });
  fs.writeFileSync(path.join(work, 'README.md'), 'GitOps\n');
  fs.writeFileSync(path.join(work, 'clusters/a.yaml'), 'name: a\n');
  fs.writeFileSync(path.join(work, 'instances/x/instance.json'), '{"v":1}\n');
  await run('git', ['init', '-q', '-b', 'main', work]);
  await git(work, 'add', '-A');
  await git(work, 'commit', '-qm', 'Initial commit');
  await git(work, 'checkout', '-qb', 'pegase/upgrade');
  fs.writeFileSync(path.join(work, 'instances/x/instance.json'), '{"v":2}\n');
  fs.writeFileSync(path.join(work, 'clusters/b.yaml'), 'name: b\n');
  await git(work, 'add', '-A');
  await git(work, 'commit', '-qm', 'Upgrade x');
  await git(work, 'checkout', '-q', 'main');
  await git(work, 'checkout', '-qb', 'pegase/conflict');
  fs.writeFileSync(path.join(work, 'README.md'), 'GitOps (branch)\n');
  await git(work, 'commit', '-qam', 'README on a branch');
  await git(work, 'checkout', '-q', 'main');
  fs.writeFileSync(path.join(work, 'README.md'), 'GitOps (main)\n');
  await git(work, 'commit', '-qam', 'README on main');
  const bare = path.join(root, 'gitops.git');
  await run('git', ['clone', '-q', '--bare', work, bare]);
  return {
    bare,
    head: (branch: string) => git(bare, 'rev-parse', `refs/heads/${branch}`),
    git: (...args: string[]) => git(bare, ...args),
  };
}

/** An HTTP receiver of webhooks that records each delivery and answers `status`. */
export async function startWebhookReceiver(status = 202) {
  const received: Array<{
    headers: Record<string, string>;
    body: string;
  }> = [];
  // the answer's status, changeable while it runs
  const answer = { status };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      received.push({
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end('{"status":"accepted"}');
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/api/events/http/gitops`,
    received,
    get status() {
      return answer.status;
    },
    set status(s: number) {
      answer.status = s;
    },
    stop: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
