import semver from 'semver';
import type { ChartRelease, Problem } from '../model/types';
import { isRecord, parseYamlFile, problem, type FileCtx } from '../util/parse';
import { maxSatisfying, parseDependencies } from './dependencies';
import type { GitopsReadCache } from '../util/readCache';

/** Result of {@link parseHelmIndex}. @public */
export interface HelmIndexReadResult {
  /** Releases of the umbrella chart, newest first (`current` is false). */
  releases: ChartRelease[];
  /** Versions of every chart of the index (sub-charts too), to resolve ranges. */
  versions: Record<string, string[]>;
  problems: Problem[];
}

/**
 * Parses a Helm repository `index.yaml`: `entries.<chartName>[]` become
 * releases (with their dependencies); a bad entry is an error and skipped.
 * Dependency ranges are resolved against the index's other entries when it
 * lists the sub-charts.
 * @public
 */
export function parseHelmIndex(
  text: string,
  ctx: { file: string; location?: string; cache?: GitopsReadCache },
  options?: { chartName?: string },
): HelmIndexReadResult {
  const fctx: FileCtx = {
    file: ctx.file,
    location: ctx.location ?? ctx.file,
    cache: ctx.cache,
  };
  const chartName = options?.chartName ?? 'pegase';
  const out: HelmIndexReadResult = { releases: [], versions: {}, problems: [] };
  const { parsed, problems } = parseYamlFile(text, fctx);
  out.problems.push(...problems);
  if (!parsed) return out;
  const v = parsed.value;
  if (!isRecord(v) || !isRecord(v.entries)) {
    out.problems.push(
      problem(fctx, 'error', 'not a Helm repository index: no entries', {
        field: 'entries',
      }),
    );
    return out;
  }
  for (const [name, list] of Object.entries(v.entries)) {
    if (!Array.isArray(list)) continue;
    out.versions[name] = list
      .filter(isRecord)
      .map(e => (e.version === undefined ? '' : String(e.version)))
      .filter(x => !!semver.valid(x));
  }
  const list = v.entries[chartName];
  if (!Array.isArray(list)) {
    out.problems.push(
      problem(fctx, 'warning', `no entries for chart '${chartName}'`, {
        field: `entries.${chartName}`,
      }),
    );
    return out;
  }
  const seen = new Set<string>();
  list.forEach((e, i) => {
    const field = `entries.${chartName}[${i}]`;
    const line = parsed.lineAt(['entries', chartName, i]);
    const version =
      isRecord(e) && e.version !== undefined ? String(e.version) : '';
    if (!isRecord(e) || !semver.valid(version)) {
      out.problems.push(
        problem(
          fctx,
          'error',
          `entry without a valid semver version ('${version}'); ignored`,
          { field: `${field}.version`, line },
        ),
      );
      return;
    }
    if (seen.has(version)) {
      out.problems.push(
        problem(
          fctx,
          'warning',
          `version ${version} is listed twice; the first is kept`,
          { field, line },
        ),
      );
      return;
    }
    const deps = parseDependencies(
      e.dependencies,
      fctx,
      `${field}.dependencies`,
      p => parsed.lineAt(p),
      ['entries', chartName, i, 'dependencies'],
      `${chartName}@${version}`,
    );
    if (deps.problems.some(p => p.severity === 'error')) {
      out.problems.push(
        ...deps.problems.map(p => ({
          ...p,
          message: `${p.message} (release ${version} ignored)`,
        })),
      );
      return;
    }
    seen.add(version);
    for (const d of deps.dependencies) {
      if (!d.version && out.versions[d.name]) {
        const best = maxSatisfying(out.versions[d.name], d.versionRange);
        if (best) d.version = best;
      }
    }
    const r: ChartRelease = {
      version,
      urls: Array.isArray(e.urls)
        ? e.urls.filter((u): u is string => typeof u === 'string')
        : [],
      dependencies: deps.dependencies,
      current: false,
      file: fctx.file,
    };
    if (e.appVersion !== undefined && e.appVersion !== null)
      r.appVersion = String(e.appVersion);
    if (e.created !== undefined)
      r.created =
        e.created instanceof Date ? e.created.toISOString() : String(e.created);
    if (typeof e.digest === 'string') r.digest = e.digest;
    out.releases.push(r);
  });
  out.releases.sort((a, b) => semver.rcompare(a.version, b.version));
  return out;
}
