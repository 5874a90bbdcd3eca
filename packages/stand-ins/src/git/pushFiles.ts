import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git } from './gitCommand';

/**
 * Commits `files` (path -> content) on `branch` of a repository and pushes
 * the commit, as a person pushing to the git server does; answers the
 * branch's commit before and after (a forge stand-in's `sendPush` takes
 * `before`).
 *
 * @public
 */
export function pushFiles(
  repositoryDir: string,
  files: Record<string, string>,
  message: string,
  branch = 'main',
): { before: string; after: string } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-push-'));
  try {
    git(['clone', '--quiet', '--branch', branch, repositoryDir, work]);
    const head = () => git(['-C', work, 'rev-parse', 'HEAD']).trim();
    const before = head();
    for (const [file, content] of Object.entries(files)) {
      const full = path.join(work, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
    git(['-C', work, 'add', '--all', '.']);
    git(['-C', work, 'commit', '--quiet', '-m', message]);
    git(['-C', work, 'push', '--quiet', 'origin', `HEAD:${branch}`]);
    return { before, after: head() };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
