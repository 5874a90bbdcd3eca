/*
 * Reading the umbrella chart (a folder or a packaged .tgz): its Chart.yaml,
 * values and lock (chartFiles.ts), its sub-charts (subCharts.ts), and the
 * version chosen for each dependency.
 */
import { posix } from 'node:path';
import semver from 'semver';
import type {
  ChartDependency,
  GitopsFileSource,
  Problem,
  ReadGitopsOptions,
  SubChart,
  UmbrellaChart,
} from '../model/types';
import {
  comparePaths,
  problem,
  readFailureProblem,
  uniqueProblems,
} from '../util/parse';
import { isGitopsFileRefusedError } from '../source/refused';
import { dirFromArchive, dirFromSource, type ChartDir } from './chartDir';
import { maxSatisfying, satisfies } from './dependencies';
import { mapLimit } from '../util/concurrency';
import { resolveReadLimits } from '../source/limits';
import { ReadBudget } from '../source/budget';
import {
  type Candidate,
  type Env,
  ctxOf,
  readChartMeta,
  readValues,
  readLock,
} from './chartFiles';
import {
  vendoredCharts,
  fileRepoFolder,
  buildSubChart,
  checkFileCycles,
  cycleTargets,
} from './subCharts';
import { umbrellaTree } from './chartTree';

/** Result of {@link readUmbrellaChart} and {@link readPackagedChart}. @public */
export interface UmbrellaReadResult {
  /** The chart, unless its Chart.yaml is missing or invalid. */
  chart?: UmbrellaChart;
  problems: Problem[];
}

async function readChartFromDir(
  dir: ChartDir,
  env: Env,
): Promise<UmbrellaChart | undefined> {
  const meta = await readChartMeta(dir, env);
  if (!meta) return undefined;
  const [values = {}, lock, candidates] = await Promise.all([
    // an unreadable umbrella values.yaml is an error, as a broken one
    readValues(dir, env, 'error'),
    readLock(dir, env),
    vendoredCharts(dir, env),
  ]);
  await checkFileCycles(dir, meta, env);
  const cyclic = cycleTargets(env.problems);
  const lockCtx = ctxOf(dir, 'Chart.lock');
  const dependencies: ChartDependency[] = [];
  const chosenOf: Array<Candidate | undefined> = [];
  const built = await mapLimit(
    meta.dependencies,
    env.options.concurrency ?? 64,
    async (declared, i) => {
      const dep: ChartDependency = { ...declared };
      dependencies[i] = dep;
      const rawIndex =
        (
          meta.parsed.value as {
            dependencies?: Array<{ name?: unknown; alias?: unknown }>;
          }
        ).dependencies?.findIndex(
          d => (d.alias ?? d.name) === dep.entityName,
        ) ?? i;
      const field = `dependencies[${rawIndex}]`;
      // locked version
      let locked: string | undefined;
      if (lock) {
        const byIndex =
          lock.dependencies.length === meta.dependencies.length
            ? lock.dependencies[i]
            : undefined;
        const entry =
          byIndex?.name === dep.name
            ? byIndex
            : lock.dependencies.find(l => l.name === dep.name);
        if (entry) {
          if (satisfies(entry.version, dep.versionRange))
            locked = entry.version;
          else
            env.problems.push(
              problem(
                lockCtx,
                'warning',
                `locked version ${entry.version} of '${dep.name}' does not satisfy the range '${dep.versionRange}' of Chart.yaml: run helm dependency update`,
                {
                  field: 'dependencies',
                  subject: dep.entityName,
                },
              ),
            );
        }
      }
      // candidates
      let pool: Candidate[] = [];
      const folder = fileRepoFolder(dir, dep.repository);
      if (
        folder !== undefined &&
        !cyclic.has(`${meta.ctx.file}|${dep.entityName}`) &&
        env.files?.has(`${folder}/Chart.yaml`) &&
        env.sortedFiles &&
        env.source
      ) {
        const sub = dirFromSource(env.source, env.sortedFiles, folder, true);
        const subMeta = await readChartMeta(sub, env);
        if (subMeta) {
          if (subMeta.name !== dep.name) {
            env.problems.push(
              problem(
                meta.ctx,
                'error',
                `dependency '${dep.entityName}': the chart in ${folder} is named '${subMeta.name}', not '${dep.name}'`,
                {
                  field: `${field}.name`,
                  line: meta.parsed.lineAt(['dependencies', rawIndex, 'name']),
                  subject: dep.entityName,
                },
              ),
            );
            return undefined;
          }
          pool = [{ meta: subMeta, dir: sub }];
        } else return undefined;
      } else if (cyclic.has(`${meta.ctx.file}|${dep.entityName}`)) {
        return undefined;
      }
      if (pool.length === 0)
        pool = candidates.filter(c => c.meta.name === dep.name);
      if (pool.length === 0) {
        if (locked) dep.version = locked;
        env.problems.push(
          problem(
            meta.ctx,
            'warning',
            `dependency '${dep.entityName}' (chart '${dep.name}' ${
              dep.versionRange
            }) is not vendored under charts/${
              folder !== undefined ? ` nor found in ${folder}` : ''
            }: no sub-chart metadata`,
            {
              field,
              line: meta.parsed.lineAt(['dependencies', rawIndex]),
              subject: dep.entityName,
            },
          ),
        );
        return undefined;
      }
      let chosen = locked
        ? pool.find(c => c.meta.version === locked)
        : undefined;
      if (!chosen) {
        const best = maxSatisfying(
          pool.map(c => c.meta.version),
          dep.versionRange,
        );
        chosen = best ? pool.find(c => c.meta.version === best) : undefined;
      }
      if (!chosen) {
        const found = pool
          .map(c => `${c.meta.version} (${c.meta.ctx.file})`)
          .join(', ');
        env.problems.push(
          problem(
            meta.ctx,
            'error',
            `dependency '${dep.entityName}' requires chart '${dep.name}' ${dep.versionRange}, but the vendored sub-chart is ${found}`,
            {
              field: `${field}.version`,
              line: meta.parsed.lineAt(['dependencies', rawIndex, 'version']),
              subject: dep.entityName,
            },
          ),
        );
        return undefined;
      }
      dep.version = chosen.meta.version;
      chosenOf[i] = chosen;
      return buildSubChart(dep, chosen, env);
    },
  );
  const chart: UmbrellaChart = {
    name: meta.name,
    version: meta.version,
    annotations: meta.annotations,
    file: meta.ctx.file,
    location: meta.ctx.location,
    dependencies,
    values,
    subCharts: built.filter((s): s is SubChart => !!s),
    tree: await umbrellaTree(
      meta,
      values,
      dependencies,
      candidates,
      chosenOf,
      env,
    ),
  };
  if (meta.appVersion !== undefined) chart.appVersion = meta.appVersion;
  if (meta.description !== undefined) chart.description = meta.description;
  if (lock) chart.lock = lock;
  return chart;
}

function sorted(problems: Problem[]): Problem[] {
  return uniqueProblems(problems).sort(
    (a, b) => comparePaths(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0),
  );
}

function newEnv(
  options: (ReadGitopsOptions & { budget?: ReadBudget }) | undefined,
  source?: GitopsFileSource,
  files?: string[],
): Env {
  return {
    problems: [],
    options: options ?? {},
    source,
    files: files ? new Set(files) : undefined,
    sortedFiles: files ? [...files].sort() : undefined,
    metaCache: new Map(),
    budget:
      options?.budget ??
      new ReadBudget(resolveReadLimits(options?.limits).maxReadBytes),
  };
}

/**
 * Reads the current umbrella chart of a repository: `<chartPath>/` (default
 * `charts/pegase/`: Chart.yaml, Chart.lock, values.yaml, sub-charts under
 * `charts/` as folders or `.tgz`, `file://` repositories), or else the
 * highest packaged `<dirname(chartPath)>/<chartName>-<version>.tgz`.
 * @public
 */
export async function readUmbrellaChart(
  source: GitopsFileSource,
  options?: ReadGitopsOptions & {
    files?: string[];
    /** The read's budget, when the umbrella is read as part of a repository. */
    budget?: ReadBudget;
  },
): Promise<UmbrellaReadResult> {
  const files = options?.files ?? (await source.list());
  const chartPath = (options?.chartPath ?? 'charts/pegase').replace(/\/+$/, '');
  const chartName = options?.chartName ?? 'pegase';
  const env = newEnv(options, source, files);
  if (env.files!.has(`${chartPath}/Chart.yaml`)) {
    const chart = await readChartFromDir(
      dirFromSource(source, env.sortedFiles!, chartPath, true),
      env,
    );
    return { chart, problems: sorted(env.problems) };
  }
  const parent = posix.dirname(chartPath);
  const re = new RegExp(
    `^${parent.replace(
      /[.*+?^${}()|[\]\\]/g,
      '\\$&',
    )}/${chartName}-(.+)\\.tgz$`,
  );
  const packaged = files
    .map(f => ({ f, v: re.exec(f)?.[1] }))
    .filter((x): x is { f: string; v: string } => !!x.v && !!semver.valid(x.v))
    .sort((a, b) => semver.rcompare(a.v, b.v));
  if (packaged.length > 0) {
    const path = packaged[0].f;
    const ctx = { file: path, location: source.describe(path) };
    try {
      const dir = await dirFromArchive(
        await source.read(path),
        path,
        source.describe(path),
        env.options.limits,
        env.budget,
      );
      if (!dir) {
        env.problems.push(
          problem(ctx, 'error', 'the archive holds no <chart>/Chart.yaml'),
        );
        return { problems: sorted(env.problems) };
      }
      const chart = await readChartFromDir(dir, env);
      return { chart, problems: sorted(env.problems) };
    } catch (e) {
      env.problems.push(
        isGitopsFileRefusedError(e)
          ? readFailureProblem(ctx, e)
          : problem(
              ctx,
              'error',
              `cannot read the chart archive: ${(e as Error).message}`,
            ),
      );
      return { problems: sorted(env.problems) };
    }
  }
  env.problems.push(
    problem(
      {
        file: `${chartPath}/Chart.yaml`,
        location: source.describe(`${chartPath}/Chart.yaml`),
      },
      'error',
      `no umbrella chart: neither ${chartPath}/Chart.yaml nor ${parent}/${chartName}-<version>.tgz exists`,
    ),
  );
  return { problems: sorted(env.problems) };
}

/**
 * Reads a packaged umbrella chart (`helm package` output: `<chart>/Chart.yaml`,
 * values.yaml, Chart.lock, `charts/<sub>-<version>.tgz`). `location` names the
 * archive in problems and locations (`<location>#pegase/Chart.yaml`).
 * @public
 */
export async function readPackagedChart(
  archive: Buffer,
  location: string,
  options?: ReadGitopsOptions,
): Promise<UmbrellaReadResult> {
  const env = newEnv(options);
  let dir: ChartDir | undefined;
  try {
    dir = await dirFromArchive(
      archive,
      location,
      location,
      options?.limits,
      env.budget,
    );
  } catch (e) {
    const ctx = { file: location, location };
    env.problems.push(
      isGitopsFileRefusedError(e)
        ? readFailureProblem(ctx, e)
        : problem(
            ctx,
            'error',
            `cannot read the chart archive: ${(e as Error).message}`,
          ),
    );
    return { problems: sorted(env.problems) };
  }
  if (!dir) {
    env.problems.push(
      problem(
        { file: location, location },
        'error',
        'the archive holds no <chart>/Chart.yaml',
      ),
    );
    return { problems: sorted(env.problems) };
  }
  const chart = await readChartFromDir(dir, env);
  return { chart, problems: sorted(env.problems) };
}
