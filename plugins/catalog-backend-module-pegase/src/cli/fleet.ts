import path from 'node:path';
import {
  declaredFleet,
  directoryFileSource,
  FleetPlanError,
  parseWhere,
  planUpgrade,
  readGitopsRepository,
} from '@pcscol/plugin-pegase-node';
import { withoutVault } from '../source/openSource';
import { Out, parseArgs, table } from './common';

export const FLEET_USAGE = `Usage: pegase-catalog fleet --repo <gitops-dir> [--format json|table]
Prints the declared fleet: every instance with region, usage, cluster, umbrella version and TTL,
and the number of instances per version.

Usage: pegase-catalog plan-upgrade --repo <gitops-dir> --to <version> [--where key=value]... [--format json]
Prints the plan of moving the selected instances to <version>; writes nothing.
  --where  region=, usage=, cluster=, from= (a version or semver range), name= (repeatable;
           comma-separated values)
Exits 1 naming the problem for an unknown version or an empty selection.`;

async function readRepo(repo: string | undefined) {
  if (!repo) throw new Error('--repo is required');
  return readGitopsRepository(
    withoutVault(directoryFileSource(path.resolve(repo))),
    {
      loadOpenApi: false,
    },
  );
}

/** `pegase-catalog fleet`. Returns the exit code. @public */
export async function runFleet(
  argv: string[],
  out: Out,
  err: Out,
): Promise<number> {
  try {
    const args = parseArgs(argv, ['--repo', '--format']);
    const format = args['--format']?.[0] ?? 'json';
    if (format !== 'json' && format !== 'table') {
      throw new Error(`--format must be json or table, not ${format}`);
    }
    const fleet = declaredFleet(await readRepo(args['--repo']?.[0]));
    const json = {
      latest: fleet.latest,
      instances: fleet.instances.map(i => ({
        name: i.name,
        region: i.region,
        usage: i.usage,
        cluster: i.cluster,
        chartVersion: i.chartVersion,
        ...(i.ttl ? { ttl: i.ttl } : {}),
        expired: i.expired,
      })),
      versions: fleet.versions,
    };
    if (format === 'json') {
      out(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      out(
        table([
          ['NAME', 'REGION', 'USAGE', 'CLUSTER', 'VERSION', 'TTL'],
          ...json.instances.map(i => [
            i.name,
            i.region ?? '',
            i.usage ?? '',
            i.cluster,
            i.chartVersion,
            i.ttl ? `${i.ttl}${i.expired ? ' (expired)' : ''}` : '',
          ]),
        ]),
      );
      out(
        `\n${json.versions
          .map(v => `${v.version}: ${v.count}`)
          .join('\n')}\nnewest: ${json.latest ?? '?'}\n`,
      );
    }
    return 0;
  } catch (e) {
    err(`error: ${(e as Error).message}`);
    return 1;
  }
}

/** `pegase-catalog plan-upgrade`. Returns the exit code. @public */
export async function runPlanUpgrade(
  argv: string[],
  out: Out,
  err: Out,
): Promise<number> {
  try {
    const args = parseArgs(argv, ['--repo', '--to', '--where', '--format']);
    const to = args['--to']?.[0];
    if (!to) throw new Error('--to is required');
    if ((args['--format']?.[0] ?? 'json') !== 'json') {
      throw new Error('--format must be json');
    }
    const snapshot = await readRepo(args['--repo']?.[0]);
    const plan = planUpgrade(snapshot, {
      to,
      selection: parseWhere(args['--where'] ?? []),
    });
    out(
      `${JSON.stringify(
        {
          to: plan.to,
          instances: plan.instances.map(i => ({
            name: i.name,
            from: i.from,
            file: i.file,
          })),
          skipped: plan.skipped,
          warnings: plan.warnings,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  } catch (e) {
    err(
      `error: ${
        e instanceof FleetPlanError ? e.message : (e as Error).message
      }`,
    );
    return 1;
  }
}
