/*
 * The peers of a GitOps change for tests: a generated fleet behind a real git
 * remote over HTTP and the GitLab or GitHub stand-in, each on port 0. Used by
 * the publisher's tests here, the scaffolder module's and fleet-backend's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { generateFleet } from '@pcscol/demo-fleet';
import { startGitHttpServer } from '@pcscol/stand-ins';
import { startGitlabApi, GitlabStandIn } from '@pcscol/stand-ins/gitlab';
import { startGithubApi, GithubStandIn } from '@pcscol/stand-ins/github';

const fleets = new Map<number, string>();

/**
 * A generated GitOps repository of `instances` instances (cached per worker).
 *
 * @public
 */
export function fleetDir(instances = 5): string {
  let dir = fleets.get(instances);
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `pegase-fleet-${instances}-`));
    generateFleet({ outDir: dir, instances });
    fleets.set(instances, dir);
  }
  return dir;
}

/**
 * The peers of a GitOps change: a git remote over HTTP holding a fleet, the
 * GitLab or GitHub stand-in, and the config (`integrations`, `pegase.gitops`)
 * that points at them.
 *
 * @public
 */
export interface Peers {
  /** The git remote over HTTP (`repoUrl`, `repositoryDir`). */
  git: Awaited<ReturnType<typeof startGitHttpServer>>;
  /** The GitLab stand-in, when `forge` is `gitlab`. */
  gitlab?: GitlabStandIn;
  /** The GitHub stand-in, when `forge` is `github`. */
  github?: GithubStandIn;
  /** `integrations` and `pegase.gitops` pointing at the peers. */
  config: ConfigReader;
  /** File of a branch of the remote, `undefined` if absent. */
  show(branch: string, file: string): string | undefined;
  /** Every file path of a branch of the remote (sorted). */
  files(branch: string): string[];
  /** The remote's branches (sorted). */
  branches(): string[];
  /** Stops the remote and the stand-in. */
  stop(): Promise<void>;
}

/**
 * A real git remote over HTTP, fed with a fleet, and the GitLab or GitHub
 * stand-in, on port 0.
 *
 * @public
 */
export async function startPeers(options?: {
  forge?: 'gitlab' | 'github';
  instances?: number;
  /** The repository's files (default: the generated fleet of `instances`). */
  gitopsDir?: string;
  selfService?: Record<string, unknown>;
}): Promise<Peers> {
  const forge = options?.forge ?? 'gitlab';
  const git = await startGitHttpServer({
    port: 0,
    gitopsDir: options?.gitopsDir ?? fleetDir(options?.instances),
    token: 'git-token',
  });
  const gitlab =
    forge === 'gitlab'
      ? await startGitlabApi({ port: 0, token: 'gitlab-token' })
      : undefined;
  const github =
    forge === 'github'
      ? await startGithubApi({ port: 0, token: 'github-token' })
      : undefined;
  const forgeUrl = (gitlab ?? github)!.url;
  const host = new URL(forgeUrl).host;
  const config = new ConfigReader({
    integrations:
      forge === 'gitlab'
        ? {
            gitlab: [
              {
                host,
                apiBaseUrl: `${forgeUrl}/api/v4`,
                baseUrl: forgeUrl,
                token: 'gitlab-token',
              },
            ],
          }
        : { github: [{ host, apiBaseUrl: forgeUrl, token: 'github-token' }] },
    pegase: {
      gitops: {
        repoUrl: git.repoUrl,
        branch: 'main',
        forge,
        project: 'pegase/gitops',
        forgeHost: host,
        token: 'git-token',
        timeoutMs: 30000,
      },
      selfService: (options?.selfService ?? {}) as any,
    },
  });
  const gitArgs = (args: string[]) =>
    execFileSync('git', ['--git-dir', git.repositoryDir, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
  return {
    git,
    gitlab,
    github,
    config,
    show(branch, file) {
      try {
        return gitArgs(['show', `${branch}:${file}`]);
      } catch {
        return undefined;
      }
    },
    files(branch) {
      return gitArgs(['ls-tree', '-r', '--name-only', branch])
        .split('\n')
        .filter(Boolean)
        .sort();
    },
    branches() {
      return gitArgs([
        'for-each-ref',
        '--format=%(refname:short)',
        'refs/heads',
      ])
        .split('\n')
        .filter(Boolean)
        .sort();
    },
    async stop() {
      await Promise.all([git.stop(), gitlab?.stop(), github?.stop()]);
    },
  };
}
