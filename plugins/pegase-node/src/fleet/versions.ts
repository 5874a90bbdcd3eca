import semver from 'semver';
import type { ChartRelease, GitopsSnapshot } from '../model/types';

/**
 * Compares two umbrella versions, newest first (semver, else numeric-aware text).
 *
 * @public
 */
export function compareUmbrellaVersionsDesc(a: string, b: string): number {
  const va = semver.valid(a);
  const vb = semver.valid(b);
  if (va && vb) return semver.rcompare(va, vb);
  return b.localeCompare(a, 'en', { numeric: true, sensitivity: 'base' });
}

/**
 * The newest umbrella version the repository knows (`charts/index.yaml` or the current chart).
 *
 * @public
 */
export function latestVersion(
  snapshot: Pick<GitopsSnapshot, 'releases'>,
): string | undefined {
  return [...snapshot.releases.map(r => r.version)].sort(
    compareUmbrellaVersionsDesc,
  )[0];
}

/** The release of a version, or undefined. */
export function releaseOf(
  snapshot: Pick<GitopsSnapshot, 'releases'>,
  version: string,
): ChartRelease | undefined {
  return snapshot.releases.find(r => r.version === version);
}

/**
 * How far `from` is behind `to`: majors, minors, patches (semver), when both parse.
 *
 * @public
 */
export function versionLag(
  from: string,
  to: string,
): { majors: number; minors: number; patches: number } | undefined {
  const a = semver.parse(from);
  const b = semver.parse(to);
  if (!a || !b) return undefined;
  if (a.major !== b.major) {
    return { majors: b.major - a.major, minors: 0, patches: 0 };
  }
  if (a.minor !== b.minor) {
    return { majors: 0, minors: b.minor - a.minor, patches: 0 };
  }
  return { majors: 0, minors: 0, patches: b.patch - a.patch };
}

/**
 * True when `version` is `spec` or satisfies the semver range `spec`.
 *
 * @public
 */
export function versionMatches(version: string, spec: string): boolean {
  if (version === spec) return true;
  const range = semver.validRange(spec);
  if (!range || semver.valid(spec)) return false;
  return semver.valid(version) !== null && semver.satisfies(version, range);
}
