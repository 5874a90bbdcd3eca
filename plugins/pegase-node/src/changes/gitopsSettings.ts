/*
 * `pegase.gitops`: where the GitOps changes go (the repository, its branch,
 * the forge and its project, the commits' author). Read by the scaffolder
 * actions and the fleet's rollouts, both through GitopsChangePublisher.
 */
import { Config } from '@backstage/config';
import { redactUrlCredentials } from '../util/redact';

/**
 * `pegase.gitops`, defaults applied: the GitOps repository the changes are
 * pushed to and the forge their merge/pull requests are opened on.
 *
 * @public
 */
export interface GitopsSettings {
  repoUrl: string;
  branch: string;
  forge: 'gitlab' | 'github';
  project: string;
  forgeHost: string;
  token?: string;
  branchPrefix: string;
  author: { name: string; email: string };
  timeoutMs: number;
}

/**
 * Reads `pegase.gitops`; throws a clear error when it is missing or wrong.
 *
 * @public
 */
export function readGitopsSettings(config: Config): GitopsSettings {
  const c = config.getOptionalConfig('pegase.gitops');
  if (!c) {
    throw new Error(
      'pegase.gitops is not configured: the Pégase self-service actions need repoUrl and project',
    );
  }
  const repoUrl = c.getString('repoUrl');
  let host: string;
  try {
    const url = new URL(repoUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`protocol ${url.protocol}`);
    }
    host = url.host;
  } catch (e) {
    throw new Error(
      `pegase.gitops.repoUrl '${redactUrlCredentials(
        repoUrl,
      )}' is not an http(s) URL (${(e as Error).message})`,
    );
  }
  const forge = c.getOptionalString('forge') ?? 'gitlab';
  if (forge !== 'gitlab' && forge !== 'github') {
    throw new Error(
      `pegase.gitops.forge must be gitlab or github, not '${forge}'`,
    );
  }
  const project = c.getString('project');
  if (
    !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/.test(project) ||
    project.includes('..')
  ) {
    throw new Error(
      `pegase.gitops.project '${project}' is not a project path like group/gitops`,
    );
  }
  if (forge === 'github' && project.split('/').length !== 2) {
    throw new Error(
      `pegase.gitops.project '${project}' must be owner/repo for GitHub`,
    );
  }
  return {
    repoUrl,
    branch: c.getOptionalString('branch') ?? 'main',
    forge,
    project,
    forgeHost: c.getOptionalString('forgeHost') ?? host,
    token: c.getOptionalString('token')?.trim() || undefined,
    branchPrefix: c.getOptionalString('branchPrefix') ?? 'pegase/',
    author: {
      name: c.getOptionalString('author.name') ?? 'Pégase Portal',
      email:
        c.getOptionalString('author.email') ??
        'pegase-portal@noreply.pc-scol.fr',
    },
    timeoutMs: c.getOptionalNumber('timeoutMs') ?? 60_000,
  };
}
