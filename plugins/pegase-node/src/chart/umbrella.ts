import { posix } from 'node:path';
import semver from 'semver';
import type {
  ChartDependency,
  ChartLock,
  ChartMaintainer,
  GitopsFileSource,
  Problem,
  ReadGitopsOptions,
  SubChart,
  UmbrellaChart,
} from '../model/types';
import {
  comparePaths,
  isRecord,
  parseYamlFile,
  problem,
  stringRecord,
  type FileCtx,
  type ParsedYaml,
} from '../util/parse';
import {
  dirFromArchive,
  dirFromSource,
  subDir,
  type ChartDir,
} from './chartDir';
import { parseDependencies, maxSatisfying, satisfies } from './dependencies';
import {
  ANNOTATIONS,
  DEFAULT_OPENAPI_PATH,
  parseSubChartAnnotations,
} from './annotations';
import { mapLimit } from '../util/concurrency';

/** Result of {@link readUmbrellaChart} and {@link readPackagedChart}. @public */
export interface UmbrellaReadResult {
  /** The chart, unless its Chart.yaml is missing or invalid. */
  chart?: UmbrellaChart;
  problems: Problem[];
}

interface ChartMeta {
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  annotations: Record<string, string>;
  maintainers: ChartMaintainer[];
  dependencies: ChartDependency[];
  parsed: ParsedYaml;
  ctx: FileCtx;
}

interface Candidate {
  meta: ChartMeta;
  dir: ChartDir;
  values?: Promise<Record<string, unknown>>;
}

interface Env {
  problems: Problem[];
  options: ReadGitopsOptions;
  source?: GitopsFileSource;
  files?: Set<string>;
  /** The same files, sorted (for {@link dirFromSource}). */
  sortedFiles?: string[];
  metaCache: Map<string, Promise<ChartMeta | undefined>>;
}

const ctxOf = (dir: ChartDir, rel: string): FileCtx => ({
  file: dir.file(rel),
  location: dir.location(rel),
});

function readChartMeta(
  dir: ChartDir,
  env: Env,
): Promise<ChartMeta | undefined> {
  const key = dir.file('Chart.yaml');
  let pending = env.metaCache.get(key);
  if (!pending) {
    pending = doReadChartMeta(dir, env);
    env.metaCache.set(key, pending);
  }
  return pending;
}

async function doReadChartMeta(
  dir: ChartDir,
  env: Env,
): Promise<ChartMeta | undefined> {
  const ctx = ctxOf(dir, 'Chart.yaml');
  if (!dir.files.has('Chart.yaml')) {
    env.problems.push(problem(ctx, 'error', 'Chart.yaml not found'));
    return undefined;
  }
  const text = (await dir.read('Chart.yaml')).toString('utf8');
  const { parsed, problems } = parseYamlFile(text, {
    ...ctx,
    cache: env.options.cache,
  });
  env.problems.push(...problems);
  if (!parsed) return undefined;
  const v = parsed.value;
  if (!isRecord(v)) {
    env.problems.push(problem(ctx, 'error', 'Chart.yaml must be a mapping'));
    return undefined;
  }
  if (typeof v.name !== 'string' || !v.name) {
    env.problems.push(
      problem(ctx, 'error', 'the chart has no name', {
        field: 'name',
        line: parsed.lineAt(['name']),
      }),
    );
    return undefined;
  }
  const version =
    v.version === undefined || v.version === null ? '' : String(v.version);
  if (!semver.valid(version)) {
    env.problems.push(
      problem(
        ctx,
        'error',
        `chart '${v.name}': version '${version}' is not a valid semver version`,
        {
          field: 'version',
          line: parsed.lineAt(['version']),
          subject: v.name,
        },
      ),
    );
    return undefined;
  }
  const deps = parseDependencies(
    v.dependencies,
    ctx,
    'dependencies',
    p => parsed.lineAt(p),
    ['dependencies'],
    v.name,
  );
  env.problems.push(...deps.problems);
  const maintainers: ChartMaintainer[] = Array.isArray(v.maintainers)
    ? v.maintainers
        .filter(isRecord)
        .filter(m => typeof m.name === 'string')
        .map(m => {
          const out: ChartMaintainer = { name: m.name as string };
          if (typeof m.email === 'string') out.email = m.email;
          if (typeof m.url === 'string') out.url = m.url;
          return out;
        })
    : [];
  const meta: ChartMeta = {
    name: v.name,
    version,
    annotations: stringRecord(v.annotations),
    maintainers,
    dependencies: deps.dependencies,
    parsed,
    ctx,
  };
  if (v.appVersion !== undefined && v.appVersion !== null)
    meta.appVersion = String(v.appVersion);
  if (typeof v.description === 'string') meta.description = v.description;
  return meta;
}

async function readValues(
  dir: ChartDir,
  env: Env,
  severity: Problem['severity'],
): Promise<Record<string, unknown>> {
  if (!dir.files.has('values.yaml')) return {};
  const ctx = ctxOf(dir, 'values.yaml');
  const { parsed, problems } = parseYamlFile(
    (await dir.read('values.yaml')).toString('utf8'),
    { ...ctx, cache: env.options.cache },
  );
  env.problems.push(...problems.map(p => ({ ...p, severity })));
  if (!parsed) return {};
  if (parsed.value === null || parsed.value === undefined) return {};
  if (!isRecord(parsed.value)) {
    env.problems.push(
      problem(ctx, severity, 'values.yaml must be a mapping; ignored'),
    );
    return {};
  }
  return parsed.value;
}

async function readLock(
  dir: ChartDir,
  env: Env,
): Promise<ChartLock | undefined> {
  if (!dir.files.has('Chart.lock')) return undefined;
  const ctx = ctxOf(dir, 'Chart.lock');
  const { parsed, problems } = parseYamlFile(
    (await dir.read('Chart.lock')).toString('utf8'),
    { ...ctx, cache: env.options.cache },
  );
  env.problems.push(...problems);
  if (!parsed) return undefined;
  const v = parsed.value;
  if (!isRecord(v) || !Array.isArray(v.dependencies)) {
    env.problems.push(
      problem(ctx, 'error', 'Chart.lock has no dependencies list; ignored', {
        field: 'dependencies',
      }),
    );
    return undefined;
  }
  const lock: ChartLock = {
    dependencies: v.dependencies
      .filter(isRecord)
      .filter(d => typeof d.name === 'string' && d.version !== undefined)
      .map(d => {
        const e: ChartLock['dependencies'][number] = {
          name: d.name as string,
          version: String(d.version),
        };
        if (typeof d.repository === 'string') e.repository = d.repository;
        return e;
      }),
  };
  if (typeof v.digest === 'string') lock.digest = v.digest;
  if (v.generated !== undefined)
    lock.generated =
      v.generated instanceof Date
        ? v.generated.toISOString()
        : String(v.generated);
  return lock;
}

/** Sub-charts vendored under `charts/`: unpacked folders and `.tgz` files. */
async function vendoredCharts(dir: ChartDir, env: Env): Promise<Candidate[]> {
  const folders = new Set<string>();
  const archives: string[] = [];
  for (const f of dir.files) {
    const m = /^charts\/([^/]+)\/Chart\.yaml$/.exec(f);
    if (m) folders.add(m[1]);
    else if (/^charts\/[^/]+\.tgz$/.test(f)) archives.push(f);
  }
  const out: Candidate[] = [];
  const concurrency = env.options.concurrency ?? 64;
  await mapLimit([...folders].sort(), concurrency, async folder => {
    const sub = subDir(dir, `charts/${folder}`);
    const meta = await readChartMeta(sub, env);
    if (meta) out.push({ meta, dir: sub });
  });
  await mapLimit(archives.sort(), concurrency, async path => {
    let sub: ChartDir | undefined;
    try {
      sub = await dirFromArchive(
        await dir.read(path),
        dir.file(path),
        dir.location(path),
      );
    } catch (e) {
      env.problems.push(
        problem(
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

function fileRepoFolder(
  dir: ChartDir,
  repository: string | undefined,
): string | undefined {
  if (!repository?.startsWith('file://') || dir.repoRoot === undefined)
    return undefined;
  return posix.normalize(
    posix.join(dir.repoRoot, repository.slice('file://'.length)),
  );
}

async function buildSubChart(
  dep: ChartDependency,
  cand: Candidate,
  env: Env,
): Promise<SubChart> {
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
  const sub: SubChart = {
    entityName: dep.entityName,
    chartName: meta.name,
    version: meta.version,
    maintainers: meta.maintainers,
    ...value,
    annotations: meta.annotations,
    values: await cand.values,
    file: meta.ctx.file,
    location: meta.ctx.location,
    dependency: dep,
  };
  if (dep.alias) sub.alias = dep.alias;
  if (meta.appVersion !== undefined) sub.appVersion = meta.appVersion;
  if (meta.description !== undefined) sub.description = meta.description;
  if (present && env.options.loadOpenApi !== false)
    sub.openapi = (await dir.read(openapiPath)).toString('utf8');
  return sub;
}

async function checkFileCycles(
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
function cycleTargets(problems: Problem[]): Set<string> {
  const out = new Set<string>();
  for (const p of problems)
    if (p.message.includes('dependency cycle') && p.subject)
      out.add(`${p.file}|${p.subject}`);
  return out;
}

async function readChartFromDir(
  dir: ChartDir,
  env: Env,
): Promise<UmbrellaChart | undefined> {
  const meta = await readChartMeta(dir, env);
  if (!meta) return undefined;
  const [values, lock, candidates] = await Promise.all([
    readValues(dir, env, 'error'),
    readLock(dir, env),
    vendoredCharts(dir, env),
  ]);
  await checkFileCycles(dir, meta, env);
  const cyclic = cycleTargets(env.problems);
  const lockCtx = ctxOf(dir, 'Chart.lock');
  const dependencies: ChartDependency[] = [];
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
  };
  if (meta.appVersion !== undefined) chart.appVersion = meta.appVersion;
  if (meta.description !== undefined) chart.description = meta.description;
  if (lock) chart.lock = lock;
  return chart;
}

function sorted(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) => comparePaths(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0),
  );
}

function newEnv(
  options: ReadGitopsOptions | undefined,
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
  options?: ReadGitopsOptions & { files?: string[] },
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
        problem(
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
    dir = await dirFromArchive(archive, location, location);
  } catch (e) {
    env.problems.push(
      problem(
        { file: location, location },
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
