import { posix } from 'node:path';
import type { GitopsFileSource } from '../model/types';
import { readTgzEntries, refusalError } from '../source/tgz';
import type { GitopsReadLimits } from '../source/limits';
import type { ReadBudget } from '../source/budget';

/** The files of one chart, wherever they live (repository folder or archive). */
export interface ChartDir {
  /** Repository-relative folder of the chart, when it is a folder of the source (for file:// repositories). */
  repoRoot?: string;
  /** Paths inside the chart. */
  files: Set<string>;
  read(rel: string): Promise<Buffer>;
  /** Label of a file for problems (repo-relative, `x.tgz#chart/Chart.yaml` inside archives). */
  file(rel: string): string;
  location(rel: string): string;
}

/** Index of the first element of sorted `list` that is not below `value`. */
function lowerBound(list: readonly string[], value: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A chart folder of the source. With `sorted` (`allFiles` in the default
 * `Array.prototype.sort` order), only the files under `root` are visited.
 */
export function dirFromSource(
  source: GitopsFileSource,
  allFiles: readonly string[],
  root: string,
  sorted = false,
): ChartDir {
  const prefix = `${root.replace(/\/+$/, '')}/`;
  const files = new Set<string>();
  if (sorted) {
    for (let i = lowerBound(allFiles, prefix); i < allFiles.length; i++) {
      const f = allFiles[i];
      if (!f.startsWith(prefix)) break;
      files.add(f.slice(prefix.length));
    }
  } else {
    for (const f of allFiles)
      if (f.startsWith(prefix)) files.add(f.slice(prefix.length));
  }
  return {
    repoRoot: root.replace(/\/+$/, ''),
    files,
    read: rel => source.read(prefix + rel),
    file: rel => prefix + rel,
    location: rel => source.describe(prefix + rel),
  };
}

/**
 * A packaged chart: the archive's top folder holding `Chart.yaml`.
 * `fileLabel`/`locationLabel` name the archive itself. Entries the archive
 * reader refuses (symlinks, hard links, files over the size limit) are in
 * `files`, and reading them rejects with a GitopsFileRefusedError naming
 * `<fileLabel>#<entry>`; an unsafe or oversized archive rejects here. Its
 * unpacked bytes are charged to `budget` (the read's `maxReadBytes`): past
 * it, the archive rejects with a GitopsFileRefusedError naming `fileLabel`.
 */
export async function dirFromArchive(
  archive: Buffer,
  fileLabel: string,
  locationLabel: string,
  limits?: GitopsReadLimits,
  budget?: ReadBudget,
): Promise<ChartDir | undefined> {
  const all = await readTgzEntries(archive, limits, {
    charge: budget ? bytes => budget.charge(fileLabel, bytes) : undefined,
  });
  const paths = [...all.files.keys(), ...all.refused.keys()];
  let top: string | undefined;
  for (const p of paths) {
    const m = /^([^/]+)\/Chart\.yaml$/.exec(p);
    if (m && (top === undefined || m[1] < top)) top = m[1];
  }
  if (top === undefined) return undefined;
  const prefix = `${top}/`;
  const files = new Set<string>();
  for (const p of paths)
    if (p.startsWith(prefix)) files.add(p.slice(prefix.length));
  return {
    files,
    read: async rel => {
      const refused = all.refused.get(prefix + rel);
      if (refused) throw refusalError(`${fileLabel}#${prefix}${rel}`, refused);
      const b = all.files.get(prefix + rel);
      if (!b) throw new Error(`${fileLabel}#${prefix}${rel} not found`);
      return b;
    },
    file: rel => `${fileLabel}#${prefix}${rel}`,
    location: rel => `${locationLabel}#${prefix}${rel}`,
  };
}

/** A sub-folder of a chart dir (an unpacked sub-chart under `charts/`). */
export function subDir(parent: ChartDir, folder: string): ChartDir {
  const prefix = `${folder}/`;
  const files = new Set<string>();
  for (const f of parent.files)
    if (f.startsWith(prefix)) files.add(f.slice(prefix.length));
  return {
    repoRoot:
      parent.repoRoot !== undefined
        ? posix.join(parent.repoRoot, folder)
        : undefined,
    files,
    read: rel => parent.read(prefix + rel),
    file: rel => parent.file(prefix + rel),
    location: rel => parent.location(prefix + rel),
  };
}
