/*
 * What the self-service benches share: a generated GitOps repository behind a
 * real git remote over HTTP (git http-backend on loopback) and the GitLab
 * stand-in, the actions' options, and a scaffolder action context that records
 * outputs with their time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { generateFleet } from '@pcscol/demo-fleet';
import { startGitHttpServer } from '@pcscol/stand-ins';
import { startGitlabApi } from '@pcscol/stand-ins/gitlab';
import {
  EntityAuthorizer,
  GitopsChangePublisher,
} from '@pcscol/plugin-pegase-node';
import {
  readSelfServiceSettings,
  type PegaseActionOptions,
} from '@pcscol/plugin-scaffolder-backend-module-pegase';

export const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A fleet of `instances` behind git over HTTP and the GitLab stand-in. */
export async function startSelfServicePeers(instances: number) {
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), `pegase-bench-${instances}-`),
  );
  const fleet = generateFleet({ outDir: dir, instances });
  const git = await startGitHttpServer({
    port: 0,
    gitopsDir: dir,
    token: 'git-token',
  });
  const gitlab = await startGitlabApi({ port: 0, token: 'gitlab-token' });
  const host = new URL(gitlab.url).host;
  const config = new ConfigReader({
    integrations: {
      gitlab: [
        { host, apiBaseUrl: `${gitlab.url}/api/v4`, token: 'gitlab-token' },
      ],
    },
    pegase: {
      gitops: {
        repoUrl: git.repoUrl,
        project: 'pegase/gitops',
        forgeHost: host,
        token: 'git-token',
      },
    },
  });
  // every permission allowed: the bench measures the work, not the policy
  const permissions = {
    authorize: async (r: unknown[]) =>
      r.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async (r: unknown[]) =>
      r.map(() => ({ result: AuthorizeResult.ALLOW })),
  } as any;
  const options: PegaseActionOptions = {
    publisher: GitopsChangePublisher.fromConfig(config),
    permissions,
    // every check allowed, so the http credentials and the auditor are never used
    authorizer: new EntityAuthorizer({
      httpAuth: {} as any,
      permissions,
      auditor: {} as any,
      refusalEventId: 'bench-refused',
    }),
    selfService: readSelfServiceSettings(config),
  };
  return {
    dir,
    files: fleet.files,
    options,
    async stop() {
      await git.stop();
      await gitlab.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A scaffolder action context; `marks` holds each output's time since creation. */
export function benchContext(input: Record<string, unknown>, taskId: string) {
  const t0 = performance.now();
  const outputs: Record<string, unknown> = {};
  const marks: Array<[string, number]> = [];
  const logger: any = {
    info: () => {},
    warn: () => {},
    error: () => {},
    debug: () => {},
    child: () => logger,
  };
  const ctx = {
    input,
    logger,
    workspacePath: os.tmpdir(),
    output: (k: string, v: unknown) => {
      outputs[k] = v;
      marks.push([k, performance.now() - t0]);
    },
    checkpoint: async ({ fn }: any) => fn(),
    createTemporaryDirectory: async () => os.tmpdir(),
    getInitiatorCredentials: async () => ({} as any),
    task: { id: taskId },
    user: { ref: 'user:default/guest' },
  } as any;
  return { ctx, outputs, marks, elapsed: () => performance.now() - t0 };
}
