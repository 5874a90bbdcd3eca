import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { EntityAuthorizer } from '@pcscol/plugin-pegase-node';
import { REFUSAL_EVENT_ID } from '../lib/access';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { generateFleet } from '@pcscol/demo-fleet';
import { startGitHttpServer } from '@pcscol/stand-ins';
import { startGitlabApi, GitlabStandIn } from '@pcscol/stand-ins/gitlab';
import { startGithubApi, GithubStandIn } from '@pcscol/stand-ins/github';
import { GitopsChangePublisher } from '../git/GitopsChangePublisher';
import { readSelfServiceSettings } from '../config';
import { PegaseActionOptions } from '../lib/flow';

/** Reference date of the generated fleet's TTLs; tests run "now" at this date. */
export const NOW = new Date('2026-11-25T12:00:00Z');

const fleets = new Map<number, string>();

/** A generated GitOps repository of `instances` instances (cached per worker). */
export function fleetDir(instances = 5): string {
  let dir = fleets.get(instances);
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `pegase-fleet-${instances}-`));
    generateFleet({ outDir: dir, instances });
    fleets.set(instances, dir);
  }
  return dir;
}

export interface Peers {
  git: Awaited<ReturnType<typeof startGitHttpServer>>;
  gitlab?: GitlabStandIn;
  github?: GithubStandIn;
  config: ConfigReader;
  /** File of a branch of the remote, `undefined` if absent. */
  show(branch: string, file: string): string | undefined;
  /** Every file path of a branch of the remote (sorted). */
  files(branch: string): string[];
  branches(): string[];
  stop(): Promise<void>;
}

/** A real git remote over HTTP, fed with a fleet, and the GitLab or GitHub stand-in, on port 0. */
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

/**
 * A permissions service that allows everything but the production
 * permissions (`*.production`), which it allows only when `allowProduction`
 * is true. The tests of who may write what use the real policy instead
 * (`policyPermissions`).
 */
export function fakePermissions(
  allowProduction: boolean,
): PermissionsService & { calls: string[] } {
  const calls: string[] = [];
  const decide = (name: string) =>
    allowProduction || !name.endsWith('.production')
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  return {
    calls,
    async authorize(requests: any[]) {
      return requests.map(r => {
        calls.push(r.permission.name);
        return { result: decide(r.permission.name) };
      });
    },
    async authorizeConditional(requests: any[]) {
      return requests.map(r => ({ result: decide(r.permission.name) }));
    },
  } as any;
}

/** An auditor that keeps the events it is given (`events`). */
export function recordingAuditor() {
  const events: Array<{ eventId: string; meta: any; error?: Error }> = [];
  const auditor: AuditorService = {
    async createEvent(options: any) {
      return {
        async success() {},
        async fail(f: { error: Error; meta?: any }) {
          events.push({
            eventId: options.eventId,
            meta: f.meta ?? options.meta,
            error: f.error,
          });
        },
      };
    },
  } as any;
  return { auditor, events };
}

export function actionOptions(
  peers: Peers,
  allowProduction = true,
  permissions?: PermissionsService,
): PegaseActionOptions & {
  permissions: PermissionsService & { calls?: string[] };
  audited: ReturnType<typeof recordingAuditor>['events'];
} {
  const { auditor, events } = recordingAuditor();
  const perms = permissions ?? fakePermissions(allowProduction);
  return {
    publisher: GitopsChangePublisher.fromConfig(peers.config),
    permissions: perms,
    authorizer: new EntityAuthorizer({
      httpAuth: mockServices.httpAuth(),
      permissions: perms,
      auditor,
      refusalEventId: REFUSAL_EVENT_ID,
    }),
    selfService: readSelfServiceSettings(peers.config),
    now: () => NOW,
    audited: events,
  };
}

/**
 * An action context (the scaffolder's `createMockActionContext` lives in
 * `@backstage/plugin-scaffolder-node-test-utils`, whose published versions
 * still require scaffolder-node 0.x: a second copy; this is the same shape).
 */
export function mockContext<T>(
  input: T,
  options?: { isDryRun?: boolean; userRef?: string },
) {
  const outputs: Record<string, any> = {};
  const logs: string[] = [];
  const logger: any = {
    info: (m: string) => logs.push(m),
    warn: (m: string) => logs.push(m),
    error: (m: string) => logs.push(m),
    debug: () => {},
    child: () => logger,
  };
  const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-ws-'));
  const ctx: any = {
    input,
    logger,
    workspacePath,
    isDryRun: options?.isDryRun ?? false,
    task: { id: 'task-1' },
    user: { ref: options?.userRef ?? 'user:default/guest' },
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    checkpoint: async ({ fn }: { fn: () => Promise<any> }) => fn(),
    createTemporaryDirectory: async () =>
      fs.mkdtempSync(path.join(os.tmpdir(), 'pegase-tmp-')),
    getInitiatorCredentials: async () =>
      mockCredentials.user(options?.userRef ?? 'user:default/guest'),
  };
  return { ctx, outputs, logs };
}
