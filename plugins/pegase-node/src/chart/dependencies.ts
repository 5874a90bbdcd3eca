import semver from 'semver';
import type { ChartDependency, Problem } from '../model/types';
import { isValidEntityName } from '../model/names';
import { isRecord, problem, type FileCtx } from '../util/parse';

/** Parses a `dependencies` list (Chart.yaml or index.yaml entry); bad entries are errors and skipped. */
export function parseDependencies(
  raw: unknown,
  ctx: FileCtx,
  fieldPrefix: string,
  lineAt: (path: Array<string | number>) => number | undefined,
  pathPrefix: Array<string | number>,
  subject?: string,
): { dependencies: ChartDependency[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const dependencies: ChartDependency[] = [];
  if (raw === undefined || raw === null) return { dependencies, problems };
  if (!Array.isArray(raw)) {
    problems.push(
      problem(ctx, 'error', 'dependencies must be a list', {
        field: fieldPrefix,
        line: lineAt(pathPrefix),
        subject,
      }),
    );
    return { dependencies, problems };
  }
  const seen = new Map<string, number>();
  raw.forEach((d, i) => {
    const field = `${fieldPrefix}[${i}]`;
    const line = (k?: string) =>
      lineAt(k ? [...pathPrefix, i, k] : [...pathPrefix, i]);
    if (!isRecord(d) || typeof d.name !== 'string' || !d.name) {
      problems.push(
        problem(ctx, 'error', 'a dependency needs a name; ignored', {
          field: `${field}.name`,
          line: line(),
          subject,
        }),
      );
      return;
    }
    const name = d.name;
    const alias = typeof d.alias === 'string' && d.alias ? d.alias : undefined;
    const entityName = alias ?? name;
    const versionRange =
      d.version === undefined || d.version === null ? '*' : String(d.version);
    if (!semver.validRange(versionRange)) {
      problems.push(
        problem(
          ctx,
          'error',
          `dependency '${entityName}': version '${versionRange}' is not a valid semver version or range; ignored`,
          {
            field: `${field}.version`,
            line: line('version'),
            subject: entityName,
          },
        ),
      );
      return;
    }
    if (!isValidEntityName(entityName)) {
      problems.push(
        problem(
          ctx,
          'error',
          `dependency '${entityName}' is not a valid entity name; ignored`,
          {
            field: `${field}.${alias ? 'alias' : 'name'}`,
            line: line(alias ? 'alias' : 'name'),
            subject: entityName,
          },
        ),
      );
      return;
    }
    if (seen.has(entityName)) {
      problems.push(
        problem(
          ctx,
          'error',
          `dependency '${entityName}' is declared twice (also at index ${seen.get(
            entityName,
          )}); the second is ignored`,
          {
            field: `${field}.${alias ? 'alias' : 'name'}`,
            line: line(),
            subject: entityName,
          },
        ),
      );
      return;
    }
    seen.set(entityName, i);
    const conditions =
      typeof d.condition === 'string'
        ? // as Helm: only the whole string is trimmed, so in `a.x, b.x` the
          // second path starts with a space and never resolves
          // (pkg/chart/v2/util/dependencies.go, v4.2.4)
          d.condition.trim().split(',').filter(Boolean)
        : [];
    const tags = Array.isArray(d.tags)
      ? d.tags.filter((t): t is string => typeof t === 'string')
      : [];
    const dep: ChartDependency = {
      name,
      entityName,
      versionRange,
      conditions,
      tags,
    };
    if (alias) dep.alias = alias;
    if (typeof d.repository === 'string' && d.repository)
      dep.repository = d.repository;
    const exact = semver.valid(versionRange);
    if (exact) dep.version = exact;
    dependencies.push(dep);
  });
  return { dependencies, problems };
}

/** Highest version of `versions` satisfying `range` (pre-releases included). */
export function maxSatisfying(
  versions: string[],
  range: string,
): string | undefined {
  return (
    semver.maxSatisfying(versions, range, { includePrerelease: true }) ??
    undefined
  );
}

export function satisfies(version: string, range: string): boolean {
  return semver.satisfies(version, range, { includePrerelease: true });
}
