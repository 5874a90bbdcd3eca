/*
 * Bench of issue 24: `pegase:fleet:upgrade` of `--select` instances in one wave
 * on GitHub and on GitLab (their stand-ins, which refuse a description over
 * 65,536 / 1,048,576 characters as the forges do), against a real git remote
 * over HTTP: submit → change request, the description's length and whether
 * it was cut (the whole plan then in `.pegase/changes/<branch>.md`). Prints JSON.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/fleet/upgradeForges.ts [--sizes 1000] [--select 400]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { generateFleet } from '@pcscol/demo-fleet';
import { startGitHttpServer } from '@pcscol/stand-ins';
import {
  GITLAB_DESCRIPTION_MAX,
  startGitlabApi,
} from '@pcscol/stand-ins/gitlab';
import { GITHUB_BODY_MAX, startGithubApi } from '@pcscol/stand-ins/github';
import { GitopsChangePublisher } from '@pcscol/plugin-pegase-node';
import {
  createPegaseFleetUpgradeAction,
  readSelfServiceSettings,
  type PegaseActionOptions,
} from '@pcscol/plugin-scaffolder-backend-module-pegase';
import { benchContext } from '../lib/selfServicePeers';
import { arg, runBench } from '../lib/benchCli';

async function upgradeOn(
  forge: 'github' | 'gitlab',
  dir: string,
  select: number,
) {
  const git = await startGitHttpServer({
    port: 0,
    gitopsDir: dir,
    token: 'git-token',
  });
  const gitlab =
    forge === 'gitlab'
      ? await startGitlabApi({ port: 0, token: 'forge-token' })
      : undefined;
  const github =
    forge === 'github'
      ? await startGithubApi({ port: 0, token: 'forge-token' })
      : undefined;
  try {
    const url = (gitlab ?? github)!.url;
    const host = new URL(url).host;
    const config = new ConfigReader({
      integrations:
        forge === 'gitlab'
          ? {
              gitlab: [
                { host, apiBaseUrl: `${url}/api/v4`, token: 'forge-token' },
              ],
            }
          : { github: [{ host, apiBaseUrl: url, token: 'forge-token' }] },
      pegase: {
        gitops: {
          repoUrl: git.repoUrl,
          project: 'pegase/gitops',
          forge,
          forgeHost: host,
          token: 'git-token',
        },
      },
    });
    // every permission allowed: the bench measures the work, not the policy
    const options: PegaseActionOptions = {
      publisher: GitopsChangePublisher.fromConfig(config),
      permissions: {
        authorize: async (r: unknown[]) =>
          r.map(() => ({ result: AuthorizeResult.ALLOW })),
      } as any,
      authorizer: {
        allowedRefs: async (_c: unknown, _p: unknown, refs: string[]) =>
          new Set(refs),
        auditRefusal: async () => {},
      } as any,
      selfService: readSelfServiceSettings(config),
    };
    const { ctx, outputs, elapsed } = benchContext(
      { to: 'current', max: select },
      `bench-upgrade-${forge}`,
    );
    await createPegaseFleetUpgradeAction(options).handler(ctx);
    const ms = Math.round(elapsed());
    const [cr] = outputs.changeRequests as Array<{ instances: number }>;
    const sent =
      forge === 'github'
        ? (github!.pullRequests.get('pegase/gitops') as any[])[0].body
        : (gitlab!.mergeRequests.get('pegase/gitops') as any[])[0].description;
    const limit = forge === 'github' ? GITHUB_BODY_MAX : GITLAB_DESCRIPTION_MAX;
    return {
      forge,
      instancesInWave: cr.instances,
      descriptionChars: sent.length as number,
      limit,
      withinLimit: sent.length <= limit,
      cut: /The whole description is in/.test(sent),
      seconds: ms / 1000,
    };
  } finally {
    await git.stop();
    await gitlab?.stop();
    await github?.stop();
  }
}

async function benchSize(instances: number, select: number) {
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), `pegase-bench-forges-${instances}-`),
  );
  try {
    generateFleet({ outDir: dir, instances });
    return {
      instances,
      select,
      forges: [
        await upgradeOn('github', dir, select),
        await upgradeOn('gitlab', dir, select),
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const select = Number(arg('select', '400'));
runBench(
  'fleet upgrade on GitHub and GitLab: one wave, change request within the limit',
  n => benchSize(n, select),
);
