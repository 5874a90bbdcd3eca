/*
 * Bench of issue 13: `pegase:fleet:upgrade` from submit to change requests
 * opened (clone, read, plan, edit every selected instance.json, validate,
 * commit, push, MR API), one change request per wave, against a real git
 * remote over HTTP and the GitLab stand-in. Prints JSON.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/fleet/upgrade.ts [--sizes 100,1000,5000] [--select 400] [--runs 3]
 *
 * Each run moves a different version range of the fleet, so that every run
 * plans and edits `--select` instances (a run with the same input would only
 * update the same branches).
 */
import { createPegaseFleetUpgradeAction } from '@pcscol/plugin-scaffolder-backend-module-pegase';
import {
  directoryFileSource,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import {
  benchContext,
  median,
  startSelfServicePeers,
} from '../lib/selfServicePeers';
import { arg, runBench } from '../lib/benchCli';

async function benchSize(instances: number, select: number, runs: number) {
  const peers = await startSelfServicePeers(instances);
  try {
    const snapshot = await readGitopsRepository(
      directoryFileSource(peers.dir),
      { loadOpenApi: false },
    );
    // releases, newest first: run i moves instances to the i-th newest one
    const targets = snapshot.releases.slice(0, runs).map(r => r.version);
    const action = createPegaseFleetUpgradeAction(peers.options);
    const results = [];
    for (const [i, to] of targets.entries()) {
      const { ctx, outputs, elapsed } = benchContext(
        {
          to,
          max: select,
          allowDowngrade: true,
          waves: ['sandbox', 'construction', 'production'],
        },
        `bench-upgrade-${i}`,
      );
      await action.handler(ctx);
      const changeRequests = outputs.changeRequests as Array<{
        url: string;
        instances: number;
      }>;
      if (!changeRequests.every(c => c.url.includes('/merge_requests/')))
        throw new Error('a wave opened no merge request');
      results.push({
        to,
        planned: (outputs.instances as unknown[]).length,
        changeRequests: changeRequests.length,
        ms: Math.round(elapsed()),
      });
    }
    const times = results.map(r => r.ms);
    return {
      instances,
      repositoryFiles: peers.files,
      select,
      medianMs: median(times),
      // the first run also builds the publisher's local mirror and parse cache
      firstRunMs: times[0],
      runs: results,
    };
  } finally {
    await peers.stop();
  }
}

const select = Number(arg('select', '400'));
const runs = Number(arg('runs', '3'));
runBench('fleet upgrade: submit pegase:fleet:upgrade -> change requests', n =>
  benchSize(n, select, runs),
);
