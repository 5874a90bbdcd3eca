/*
 * Starts every stand-in on its fixed demo port, fed from one GitOps repository,
 * and stays up until SIGINT/SIGTERM. Used by scripts/start.sh and scripts/test.sh.
 *
 *   yarn workspace @pcscol/stand-ins start-all [--gitops <dir>] [--latency <ms>]
 */
import path from 'node:path';
import { loadStandInModules } from '../modules';
import { RunningStandIn } from '../types';

/**
 * The demo's reconciliation interval of the ArgoCD stand-in (ms), when
 * `PEGASE_ARGOCD_RECONCILIATION_MS` is unset: a few seconds, so that a merge
 * shows in the portal at once (ArgoCD's own default is 180 s).
 */
const DEMO_RECONCILIATION_MS = 3000;

/**
 * Where the forges' merges deliver their push webhook: the portal backend's
 * events route (app-config.yaml, `events.http.topics: [gitops]`), with the
 * secret `pegase.gitops.webhook.secret` reads from `GITOPS_WEBHOOK_SECRET`
 * (same demo default as app-config.yaml).
 */
const DEMO_WEBHOOK_URL = 'http://127.0.0.1:7007/api/events/http/gitops';
const DEMO_WEBHOOK_SECRET = 'pegase-demo-webhook-secret';

/** The GitLab project / GitHub repository the demo's change requests target. */
const DEMO_PROJECT = 'pegase/gitops';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  // Never bundled: this CLI always runs from its source folder.
  // eslint-disable-next-line no-restricted-syntax
  const root = path.resolve(__dirname, '../../../..');
  const gitopsDir = path.resolve(
    argument('gitops') ?? path.join(root, 'catalog/demo-gitops'),
  );
  const latencyMs = Number(argument('latency') ?? 0);
  const running: Array<{ name: string; server: RunningStandIn }> = [];

  const stopAll = async () => {
    await Promise.all(running.map(r => r.server.stop().catch(() => {})));
    process.exit(0);
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);

  // The world moves: ArgoCD follows the git server's repository (which the
  // forges' merges move), the exporter follows what ArgoCD runs.
  let gitDir: string | undefined;
  let gitUrl: string | undefined;
  let liveVersions: (() => Record<string, string>) | undefined;
  const extras = (name: string): Record<string, unknown> => {
    if (name === 'argocd')
      return {
        gitDir,
        reconciliationMs: Number(
          process.env.PEGASE_ARGOCD_RECONCILIATION_MS ?? DEMO_RECONCILIATION_MS,
        ),
      };
    if (name === 'exporter') return { liveVersions };
    if ((name === 'gitlab' || name === 'github') && gitDir)
      // a merge in the forge moves the git server's branch, which ArgoCD follows
      return {
        repositories: { [DEMO_PROJECT]: gitDir },
        // where the project's repository is cloned from: the git server
        ...(gitUrl ? { cloneUrls: { [DEMO_PROJECT]: gitUrl } } : {}),
        webhook: {
          url: process.env.GITOPS_WEBHOOK_URL ?? DEMO_WEBHOOK_URL,
          secret: process.env.GITOPS_WEBHOOK_SECRET ?? DEMO_WEBHOOK_SECRET,
        },
      };
    return {};
  };

  let failures = 0;
  for (const module of loadStandInModules()) {
    const token = module.tokenEnv ? process.env[module.tokenEnv] : undefined;
    let server: RunningStandIn;
    try {
      const options = {
        port: module.demoPort,
        gitopsDir,
        latencyMs,
        token,
        ...extras(module.name),
      };
      server = await module.start(options);
      const shared = server as RunningStandIn & {
        repositoryDir?: string;
        repoUrl?: string;
        liveVersions?: () => Record<string, string>;
      };
      if (module.name === 'git') {
        gitDir = shared.repositoryDir;
        gitUrl = shared.repoUrl;
      }
      if (module.name === 'argocd') liveVersions = shared.liveVersions;
    } catch (error) {
      // The others keep running, so that one broken upstream never hides the rest.
      failures += 1;
      console.error(`stand-in ${module.name} failed to start: ${error}`);
      continue;
    }
    running.push({ name: module.name, server });
    console.log(
      `stand-in ${module.name.padEnd(10)} ${server.url}${
        module.urlPath ?? ''
      }` +
        `  (${module.urlEnv}${module.tokenEnv ? `, ${module.tokenEnv}` : ''})`,
    );
  }
  console.log(
    `stand-ins ready (${running.length} running, ${failures} failed), fed from ${gitopsDir}`,
  );
}

main().catch(error => {
  console.error(`stand-ins failed to start: ${error.stack ?? error}`);
  process.exit(1);
});
