import type { ResolvedInstance } from '../model/types';
import { versionMatches } from './versions';

/**
 * Which instances a fleet operation takes. Every criterion given must hold;
 * lists match any of their values.
 * @public
 */
export interface InstanceSelection {
  region?: string[];
  usage?: string[];
  cluster?: string[];
  /** Declared umbrella version, or a semver range of it (`<25.0.0`, `24.x`). */
  from?: string;
  /** Explicit instance names. */
  names?: string[];
  /** At most this many instances (the first by wave order, then name). */
  max?: number;
}

const within = (value: string | undefined, list: string[] | undefined) =>
  !list || list.length === 0 || (value !== undefined && list.includes(value));

/**
 * The instances matching a selection, in input order (`max` is applied by the plan).
 *
 * @public
 */
export function selectInstances(
  instances: readonly ResolvedInstance[],
  selection: InstanceSelection,
): ResolvedInstance[] {
  return instances.filter(
    i =>
      within(i.region, selection.region) &&
      within(i.usage, selection.usage) &&
      within(i.cluster, selection.cluster) &&
      within(i.name, selection.names) &&
      (!selection.from || versionMatches(i.chartVersion, selection.from)),
  );
}

/**
 * Reads `key=value` criteria (the preview command's `--where`): `region`,
 * `usage`, `cluster`, `from`, `name` (repeatable, comma-separated values).
 *
 * @public
 */
export function parseWhere(criteria: readonly string[]): InstanceSelection {
  const selection: InstanceSelection = {};
  const add = (key: 'region' | 'usage' | 'cluster' | 'names', v: string) => {
    selection[key] = [
      ...(selection[key] ?? []),
      ...v
        .split(',')
        .map(s => s.trim())
        .filter(Boolean),
    ];
  };
  for (const c of criteria) {
    const eq = c.indexOf('=');
    const key = eq > 0 ? c.slice(0, eq).trim() : '';
    const value = eq > 0 ? c.slice(eq + 1).trim() : '';
    if (!value) {
      throw new Error(`--where '${c}': expected key=value`);
    }
    if (key === 'region' || key === 'usage' || key === 'cluster')
      add(key, value);
    else if (key === 'name') add('names', value);
    else if (key === 'from') selection.from = value;
    else {
      throw new Error(
        `--where '${c}': unknown key '${key}' (region, usage, cluster, from, name)`,
      );
    }
  }
  return selection;
}
