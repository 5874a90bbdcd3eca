import { execFileSync } from 'node:child_process';

/** Runs git, committing as the demo's author and committer; answers its output. */
export function git(args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Pégase Portal demo',
      GIT_AUTHOR_EMAIL: 'demo@pegase.invalid',
      GIT_COMMITTER_NAME: 'Pégase Portal demo',
      GIT_COMMITTER_EMAIL: 'demo@pegase.invalid',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
}
