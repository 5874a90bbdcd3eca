import { ttlState } from '@pcscol/plugin-pegase-common';
import type { GitopsSnapshot } from '../model/types';
import { compareUmbrellaVersionsDesc, latestVersion } from './versions';

/** One instance as `instance.json` declares it. @public */
export interface DeclaredInstance {
  name: string;
  region?: string;
  usage?: string;
  cluster: string;
  university?: string;
  owner: string;
  chartVersion: string;
  ttl?: string;
  /** True from the day after its TTL. */
  expired: boolean;
  /** Repository-relative `instance.json`. */
  file: string;
}

/** The declared fleet: what `pegase-catalog fleet` prints. @public */
export interface DeclaredFleet {
  /** Newest umbrella version known (index.yaml or the current chart). */
  latest?: string;
  instances: DeclaredInstance[];
  /** Instances per declared umbrella version, newest first. */
  versions: Array<{ version: string; count: number }>;
}

/**
 * The fleet as the inventory declares it: every instance with its umbrella
 * version and TTL state, and the version distribution.
 * @public
 */
export function declaredFleet(
  snapshot: Pick<GitopsSnapshot, 'releases' | 'instances'>,
  options: { now?: Date } = {},
): DeclaredFleet {
  const now = options.now ?? new Date();
  const counts = new Map<string, number>();
  const instances = snapshot.instances.map(i => {
    counts.set(i.chartVersion, (counts.get(i.chartVersion) ?? 0) + 1);
    const out: DeclaredInstance = {
      name: i.name,
      region: i.region,
      usage: i.usage,
      cluster: i.cluster,
      university: i.university,
      owner: i.owner,
      chartVersion: i.chartVersion,
      expired: ttlState(i.ttl, now).kind === 'expired',
      file: i.file,
    };
    if (i.ttl) out.ttl = i.ttl;
    return out;
  });
  const versions = [...counts.entries()]
    .map(([version, count]) => ({ version, count }))
    .sort((a, b) => compareUmbrellaVersionsDesc(a.version, b.version));
  return { latest: latestVersion(snapshot), instances, versions };
}
