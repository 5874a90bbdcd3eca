import { execFile } from 'node:child_process';

/**
 * Credentials for git over HTTP (sent as a Basic header, never in the URL or argv).
 *
 * @public
 */
export interface GitAuth {
  username: string;
  password: string;
}

/** Options of {@link runGit}. */
export interface RunGitOptions {
  cwd?: string;
  auth?: GitAuth;
  timeoutMs: number;
  author?: { name: string; email: string };
}

/**
 * Runs the git CLI. Credentials go through `http.extraHeader` in the
 * environment (`GIT_CONFIG_*`), so they appear neither in the process list nor
 * in error messages. Rejects with git's stderr (the token masked) on failure
 * or timeout.
 */
export function runGit(
  args: string[],
  options: RunGitOptions,
): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'true',
    LC_ALL: 'C',
    // every path is a literal path: a folder named `instances/e*` from the
    // repository is not a glob matching every region (git reads pathspecs as
    // globs by default)
    GIT_LITERAL_PATHSPECS: '1',
  };
  const config: Array<[string, string]> = [
    ['core.hooksPath', '/dev/null'],
    ['commit.gpgsign', 'false'],
    ['init.defaultBranch', 'main'],
  ];
  if (options.auth) {
    const basic = Buffer.from(
      `${options.auth.username}:${options.auth.password}`,
    ).toString('base64');
    config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
  }
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  if (options.author) {
    env.GIT_AUTHOR_NAME = options.author.name;
    env.GIT_AUTHOR_EMAIL = options.author.email;
    env.GIT_COMMITTER_NAME = options.author.name;
    env.GIT_COMMITTER_EMAIL = options.author.email;
  }
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        env,
        timeout: options.timeoutMs,
        maxBuffer: 256 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          let why = (stderr || error.message).trim();
          if (options.auth?.password)
            why = why.split(options.auth.password).join('***');
          if ((error as { killed?: boolean }).killed) {
            why = `timed out after ${options.timeoutMs} ms`;
          }
          reject(new Error(`git ${args[0]} failed: ${why}`));
          return;
        }
        resolve(stdout);
      },
    );
  });
}
