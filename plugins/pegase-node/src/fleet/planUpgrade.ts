import semver from 'semver';
import type { GitopsSnapshot, ResolvedInstance } from '../model/types';
import {
  componentsOfInstance,
  type ComponentsCache,
} from '../inventory/components';
import { FleetPlanError } from './errors';
import { selectInstances, type InstanceSelection } from './selection';
import { latestVersion, releaseOf } from './versions';

/** A sub-chart whose version an upgrade changes (absent side: added or removed). @public */
export interface SubChartChange {
  entityName: string;
  from?: string;
  to?: string;
}

/** One instance of a plan. @public */
export interface PlannedUpgrade {
  name: string;
  /** Repository-relative `instance.json` (the only file the upgrade edits). */
  file: string;
  /** Position in the file when `instance.json` is an array. */
  index?: number;
  region?: string;
  usage?: string;
  cluster: string;
  from: string;
  to: string;
  subCharts: SubChartChange[];
}

/** One change request of a plan. @public */
export interface UpgradeWave {
  /** The usage of the wave, or `all`. */
  name: string;
  instances: PlannedUpgrade[];
}

/** Input of {@link planUpgrade}. @public */
export interface UpgradePlanInput {
  /** Target umbrella version: the current chart or a release of `charts/index.yaml`. */
  to: string;
  selection: InstanceSelection;
  /** Usages in wave order (`['sandbox', 'construction', 'production']`); default one wave. */
  waves?: string[];
  /** Allow moving instances to an older version. Default false. */
  allowDowngrade?: boolean;
}

/** What an upgrade would do; nothing is written. @public */
export interface UpgradePlan {
  to: string;
  latest?: string;
  waves: UpgradeWave[];
  /** Every planned instance, in wave order. */
  instances: PlannedUpgrade[];
  skipped: Array<{ name: string; reason: string }>;
  warnings: string[];
}

function subChartChanges(
  before: Record<string, string>,
  after: Record<string, string>,
): SubChartChange[] {
  const out: SubChartChange[] = [];
  for (const [entityName, to] of Object.entries(after)) {
    const from = before[entityName];
    if (from !== to)
      out.push(from ? { entityName, from, to } : { entityName, to });
  }
  for (const [entityName, from] of Object.entries(before)) {
    if (!(entityName in after)) out.push({ entityName, from });
  }
  return out.sort((a, b) => a.entityName.localeCompare(b.entityName));
}

function isDowngrade(from: string, to: string): boolean {
  const a = semver.valid(from);
  const b = semver.valid(to);
  return a !== null && b !== null && semver.gt(a, b);
}

/**
 * The plan of moving a selection of instances to an umbrella version: every
 * instance with from -> to and the sub-charts whose version changes, grouped
 * in waves (one change request each). Instances already at the target are
 * skipped and reported; components the target no longer has but an instance
 * disables are warnings. Throws {@link FleetPlanError} for an unknown target,
 * an empty selection, or a downgrade without `allowDowngrade`.
 * @public
 */
export function planUpgrade(
  snapshot: Pick<GitopsSnapshot, 'chart' | 'releases' | 'instances'>,
  input: UpgradePlanInput,
): UpgradePlan {
  const { to } = input;
  if (!releaseOf(snapshot, to)) {
    const known = snapshot.releases.map(r => r.version).slice(0, 5);
    throw new FleetPlanError(
      `unknown target version '${to}': not in charts/index.yaml nor the current chart (known: ${known.join(
        ', ',
      )}${snapshot.releases.length > 5 ? ', …' : ''})`,
    );
  }
  const selected = selectInstances(snapshot.instances, input.selection);
  if (selected.length === 0) {
    throw new FleetPlanError('the selection matches no instance');
  }
  const downgrades = selected.filter(i => isDowngrade(i.chartVersion, to));
  if (downgrades.length > 0 && !input.allowDowngrade) {
    const names = downgrades
      .slice(0, 5)
      .map(i => `${i.name} (${i.chartVersion})`);
    throw new FleetPlanError(
      `${
        downgrades.length
      } selected instance(s) run a version newer than ${to}: ${names.join(
        ', ',
      )}${
        downgrades.length > 5 ? ', …' : ''
      }; set allowDowngrade to move them back`,
    );
  }

  const skipped: UpgradePlan['skipped'] = [];
  const warnings: string[] = [];
  const waveNames =
    input.waves && input.waves.length > 0 ? input.waves : undefined;
  const order = (i: ResolvedInstance) =>
    waveNames ? waveNames.indexOf(i.usage ?? '') : 0;
  const candidates: ResolvedInstance[] = [];
  for (const i of selected) {
    if (i.chartVersion === to) {
      skipped.push({ name: i.name, reason: `already at ${to}` });
    } else if (order(i) < 0) {
      skipped.push({
        name: i.name,
        reason: `usage '${
          i.usage ?? 'unknown'
        }' is in no wave (${waveNames!.join(', ')})`,
      });
    } else candidates.push(i);
  }
  candidates.sort(
    (a, b) => order(a) - order(b) || a.name.localeCompare(b.name),
  );
  const max = input.selection.max;
  const taken =
    max !== undefined && max >= 0 ? candidates.slice(0, max) : candidates;
  for (const i of candidates.slice(taken.length)) {
    skipped.push({
      name: i.name,
      reason: `beyond the maximum of ${max} instances`,
    });
  }

  const cache: ComponentsCache = new WeakMap();
  const instances = taken.map(i => {
    const common = {
      disabledComponents: i.disabledComponents,
      values: i.values,
    };
    const before = componentsOfInstance(
      snapshot,
      { ...common, chartVersion: i.chartVersion },
      cache,
    );
    const after = componentsOfInstance(
      snapshot,
      { ...common, chartVersion: to },
      cache,
    );
    for (const d of after.unknownDisabled) {
      warnings.push(
        `${i.name} disables '${d}', which ${to} does not have (left in its disabledComponents)`,
      );
    }
    const planned: PlannedUpgrade = {
      name: i.name,
      file: i.file,
      region: i.region,
      usage: i.usage,
      cluster: i.cluster,
      from: i.chartVersion,
      to,
      subCharts: subChartChanges(
        before.subChartVersions,
        after.subChartVersions,
      ),
    };
    if (i.index !== undefined) planned.index = i.index;
    return planned;
  });

  const waves: UpgradeWave[] = (
    waveNames
      ? waveNames.map(name => ({
          name,
          instances: instances.filter(i => i.usage === name),
        }))
      : [{ name: 'all', instances }]
  ).filter(w => w.instances.length > 0);
  return {
    to,
    latest: latestVersion(snapshot),
    waves,
    instances,
    skipped,
    warnings,
  };
}
