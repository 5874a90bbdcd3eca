/*
 * The umbrella's sub-charts: vendored charts (folders and .tgz), `file://`
 * repositories and their cycles, and one SubChart built from its chart.
 */
import { posix } from 'node:path';
import type { ChartDependency, Problem, SubChart } from '../model/types';
import { problem, readFailureProblem } from '../util/parse';
import { isGitopsFileRefusedError } from '../source/refused';
import {
  dirFromArchive,
  dirFromSource,
  subDir,
  type ChartDir,
} from './chartDir';
import {
  ANNOTATIONS,
  DEFAULT_OPENAPI_PATH,
  parseSubChartAnnotations,
} from './annotations';
import { mapLimit } from '../util/concurrency';
import { resolveReadLimits } from '../source/limits';

import {
  ctxOf,
  readChartMeta,
  readValues,
  type Candidate,
  type ChartMeta,
  type Env,
} from './chartFiles';

/** Sub-charts vendored under `charts/`: unpacked folders and `.tgz` files. */
export async function vendoredCharts(
  dir: ChartDir,
  env: Env,
): Promise<Candidate[]> {
  const folders = new Set<string>();
  const archives: string[] = [];
  for (const f of dir.files) {
    const m = /^charts\/([^/]+)\/Chart\.yaml$/.exec(f);
    if (m) folders.add(m[1]);
    else if (/^charts\/[^/]+\.tgz$/.test(f)) archives.push(f);
  }
  const out: Candidate[] = [];
  const concurrency = env.options.concurrency ?? 64;
  // each archive unpacked holds up to maxArchiveBytes: few at once
  const archivesAtOnce = resolveReadLimits(
    env.options.limits,
  ).maxArchivesAtOnce;
  await mapLimit([...folders].sort(), concurrency, async folder => {
    const sub = subDir(dir, `charts/${folder}`);
    const meta = await readChartMeta(sub, env);
    if (meta) out.push({ meta, dir: sub });
  });
  await mapLimit(archives.sort(), archivesAtOnce, async path => {
    let sub: ChartDir | undefined;
    try {
      sub = await dirFromArchive(
        await dir.read(path),
        dir.file(path),
        dir.location(path),
        env.options.limits,
        env.budget,
      );
    } catch (e) {
      env.problems.push(
        isGitopsFileRefusedError(e)
          ? readFailureProblem(ctxOf(dir, path), e)
          : problem(
              ctxOf(dir, path),
              'error',
              `cannot read the chart archive: ${(e as Error).message}`,
            ),
      );
      return;
    }
    if (!sub) {
      env.problems.push(
        problem(
          ctxOf(dir, path),
          'error',
          'the archive holds no <chart>/Chart.yaml',
        ),
      );
      return;
    }
    const meta = await readChartMeta(sub, env);
    if (meta) out.push({ meta, dir: sub });
  });
  return out.sort((a, b) => a.meta.ctx.file.localeCompare(b.meta.ctx.file));
}

export function fileRepoFolder(
  dir: ChartDir,
  repository: string | undefined,
): string | undefined {
  if (!repository?.startsWith('file://') || dir.repoRoot === undefined)
    return undefined;
  return posix.normalize(
    posix.join(dir.repoRoot, repository.slice('file://'.length)),
  );
}

export async function buildSubChart(
  dep: ChartDependency,
  cand: Candidate,
  env: Env,
): Promise<SubChart | undefined> {
  const { meta, dir } = cand;
  const rawOpenapi =
    meta.annotations[ANNOTATIONS.openapi]?.trim() || DEFAULT_OPENAPI_PATH;
  const openapiPath = rawOpenapi.replace(/^\.?\/+/, '');
  const present = dir.files.has(openapiPath);
  const { value, issues } = parseSubChartAnnotations(meta.annotations, {
    entityName: dep.entityName,
    defaultOwner: env.options.defaultOwner,
    openapiPresent: present,
  });
  for (const i of issues) {
    env.problems.push(
      problem(
        meta.ctx,
        'warning',
        `sub-chart '${dep.entityName}': ${i.message}`,
        {
          field: i.field,
          line: meta.parsed.lineAt(
            i.field.split('.').length > 1
              ? ['annotations', i.field.slice('annotations.'.length)]
              : [i.field],
          ),
          subject: dep.entityName,
        },
      ),
    );
  }
  if (meta.annotations[ANNOTATIONS.openapi] && !present) {
    env.problems.push(
      problem(
        meta.ctx,
        'warning',
        `sub-chart '${dep.entityName}': OpenAPI file '${openapiPath}' not found in the chart`,
        {
          field: `annotations.${ANNOTATIONS.openapi}`,
          subject: dep.entityName,
        },
      ),
    );
  }
  if (!cand.values) cand.values = readValues(dir, env, 'warning');
  const values = await cand.values;
  let openapi: string | undefined;
  let unreadable: string | undefined;
  if (values === undefined) unreadable = 'values.yaml';
  else if (present && env.options.loadOpenApi !== false) {
    try {
      openapi = (await dir.read(openapiPath)).toString('utf8');
    } catch (e) {
      env.problems.push(readFailureProblem(ctxOf(dir, openapiPath), e));
      unreadable = openapiPath;
    }
  }
  if (unreadable !== undefined) {
    // its entities come from its Chart.yaml: an error there keeps them as they were
    env.problems.push(
      problem(
        meta.ctx,
        'error',
        `sub-chart '${dep.entityName}' not read: ${dir.file(
          unreadable,
        )} cannot be read; its entities keep their previous state`,
        { subject: dep.entityName },
      ),
    );
    return undefined;
  }
  const sub: SubChart = {
    entityName: dep.entityName,
    chartName: meta.name,
    version: meta.version,
    maintainers: meta.maintainers,
    ...value,
    annotations: meta.annotations,
    values: values!,
    file: meta.ctx.file,
    location: meta.ctx.location,
    dependency: dep,
  };
  if (dep.alias) sub.alias = dep.alias;
  if (meta.appVersion !== undefined) sub.appVersion = meta.appVersion;
  if (meta.description !== undefined) sub.description = meta.description;
  if (openapi !== undefined) sub.openapi = openapi;
  return sub;
}

export async function checkFileCycles(
  root: ChartDir,
  rootMeta: ChartMeta,
  env: Env,
): Promise<void> {
  if (
    !env.source ||
    !env.files ||
    !env.sortedFiles ||
    root.repoRoot === undefined
  )
    return;
  const source = env.source;
  const files = env.files;
  const allFiles = env.sortedFiles;
  const done = new Set<string>();
  const reported = new Set<string>();
  const visit = async (
    folder: string,
    meta: ChartMeta,
    stack: string[],
  ): Promise<void> => {
    const path = [...stack, folder];
    for (let i = 0; i < meta.dependencies.length; i++) {
      const dep = meta.dependencies[i];
      if (!dep.repository?.startsWith('file://')) continue;
      const target = posix.normalize(
        posix.join(folder, dep.repository.slice('file://'.length)),
      );
      const idx = path.indexOf(target);
      if (idx >= 0) {
        const cycle = [...path.slice(idx), target];
        const key = [...path.slice(idx)].sort().join('|');
        if (!reported.has(key)) {
          reported.add(key);
          const depIndex = (
            meta.parsed.value as {
              dependencies?: Array<{ name?: unknown; alias?: unknown }>;
            }
          ).dependencies?.findIndex(
            d => (d.alias ?? d.name) === dep.entityName,
          );
          env.problems.push(
            problem(
              meta.ctx,
              'error',
              `dependency cycle through file:// repositories: ${cycle.join(
                ' -> ',
              )}; dependency '${dep.entityName}' ignored`,
              {
                field: `dependencies[${depIndex}].repository`,
                line:
                  depIndex !== undefined && depIndex >= 0
                    ? meta.parsed.lineAt([
                        'dependencies',
                        depIndex,
                        'repository',
                      ])
                    : undefined,
                subject: dep.entityName,
              },
            ),
          );
        }
        continue;
      }
      if (done.has(target) || !files.has(`${target}/Chart.yaml`)) continue;
      const sub = dirFromSource(source, allFiles, target, true);
      const subMeta = await readChartMeta(sub, env);
      if (subMeta) await visit(target, subMeta, path);
    }
    done.add(folder);
  };
  await visit(root.repoRoot, rootMeta, []);
}

/** Whether following `dep` from `folder` closes a file:// cycle already reported. */
export function cycleTargets(problems: Problem[]): Set<string> {
  const out = new Set<string>();
  for (const p of problems)
    if (p.message.includes('dependency cycle') && p.subject)
      out.add(`${p.file}|${p.subject}`);
  return out;
}
