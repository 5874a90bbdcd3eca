import type { GitopsSnapshot, Problem } from '../model/types';
import { comparePaths, uniqueProblems } from '../util/parse';

/**
 * Stage "assemble": the snapshot, its problems without repeats, sorted by
 * file then line, and the files with errors.
 */
export function assemble(
  parts: Omit<GitopsSnapshot, 'problems' | 'filesWithErrors'>,
  all: Problem[],
): GitopsSnapshot {
  const problems = uniqueProblems(all);
  problems.sort(
    (a, b) => comparePaths(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0),
  );
  const filesWithErrors = [
    ...new Set(problems.filter(p => p.severity === 'error').map(p => p.file)),
  ].sort();
  const snapshot: GitopsSnapshot = {
    releases: parts.releases,
    clusters: parts.clusters,
    instances: parts.instances,
    dbaas: parts.dbaas,
    kaas: parts.kaas,
    vault: parts.vault,
    problems,
    filesWithErrors,
  };
  if (parts.chart) snapshot.chart = parts.chart;
  if (parts.applicationSets) snapshot.applicationSets = parts.applicationSets;
  if (parts.applications) snapshot.applications = parts.applications;
  if (parts.generatedApplications)
    snapshot.generatedApplications = parts.generatedApplications;
  if (parts.addons) snapshot.addons = parts.addons;
  if (parts.inventory) snapshot.inventory = parts.inventory;
  return snapshot;
}
