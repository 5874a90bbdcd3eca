import type { ChartDependency, GitopsSnapshot } from '../model/types';
import { FleetPlanError } from './errors';
import { releaseOf } from './versions';

/** A sub-chart of a release, as a diff lists it. @public */
export interface ReleaseSubChart {
  entityName: string;
  chartName: string;
  /** Exact version when known, else the declared range. */
  version: string;
}

/** What changes between two umbrella versions. @public */
export interface ReleaseDiff {
  from: string;
  to: string;
  added: ReleaseSubChart[];
  removed: ReleaseSubChart[];
  /** Sub-charts in both whose version differs. */
  changed: Array<{
    entityName: string;
    chartName: string;
    from: string;
    to: string;
  }>;
  /** Number of sub-charts in both at the same version. */
  unchanged: number;
}

function byEntity(deps: ChartDependency[]): Map<string, ReleaseSubChart> {
  return new Map(
    deps.map(d => [
      d.entityName,
      {
        entityName: d.entityName,
        chartName: d.name,
        version: d.version ?? d.versionRange,
      },
    ]),
  );
}

/**
 * The sub-charts added, removed and moved between two umbrella versions, read
 * from the chart and `charts/index.yaml`. Throws {@link FleetPlanError} for a
 * version neither knows.
 * @public
 */
export function releaseDiff(
  snapshot: Pick<GitopsSnapshot, 'releases'>,
  from: string,
  to: string,
): ReleaseDiff {
  const a = releaseOf(snapshot, from);
  const b = releaseOf(snapshot, to);
  for (const [version, release] of [
    [from, a],
    [to, b],
  ] as const) {
    if (!release) {
      throw new FleetPlanError(
        `unknown umbrella version '${version}': not in charts/index.yaml nor the current chart`,
      );
    }
  }
  const before = byEntity(a!.dependencies);
  const after = byEntity(b!.dependencies);
  const diff: ReleaseDiff = {
    from,
    to,
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
  };
  for (const [name, sub] of after) {
    const old = before.get(name);
    if (!old) diff.added.push(sub);
    else if (old.version !== sub.version) {
      diff.changed.push({
        entityName: name,
        chartName: sub.chartName,
        from: old.version,
        to: sub.version,
      });
    } else diff.unchanged++;
  }
  for (const [name, sub] of before) {
    if (!after.has(name)) diff.removed.push(sub);
  }
  const byName = (x: { entityName: string }, y: { entityName: string }) =>
    x.entityName.localeCompare(y.entityName);
  diff.added.sort(byName);
  diff.removed.sort(byName);
  diff.changed.sort(byName);
  return diff;
}
