/*
 * Reading the files of one chart folder (Chart.yaml, values.yaml, Chart.lock)
 * for the umbrella reader (umbrella.ts).
 */
import semver from 'semver';
import type {
  ChartDependency,
  ChartLock,
  ChartMaintainer,
  GitopsFileSource,
  Problem,
  ReadGitopsOptions,
} from '../model/types';
import {
  isRecord,
  parseYamlFile,
  problem,
  readFailureProblem,
  stringRecord,
  type FileCtx,
  type ParsedYaml,
  type YamlReadOptions,
} from '../util/parse';
import { dirFromSource, type ChartDir } from './chartDir';
import { parseDependencies } from './dependencies';
import type { ReadBudget } from '../source/budget';

export interface ChartMeta {
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

export interface Candidate {
  meta: ChartMeta;
  dir: ChartDir;
  values?: Promise<Record<string, unknown> | undefined>;
}

export interface Env {
  problems: Problem[];
  options: ReadGitopsOptions;
  source?: GitopsFileSource;
  files?: Set<string>;
  /** The same files, sorted (for {@link dirFromSource}). */
  sortedFiles?: string[];
  metaCache: Map<string, Promise<ChartMeta | undefined>>;
  /** The read's `maxReadBytes`, charged with every archive's unpacked bytes. */
  budget: ReadBudget;
}

export const ctxOf = (dir: ChartDir, rel: string): FileCtx => ({
  file: dir.file(rel),
  location: dir.location(rel),
});

/**
 * One YAML file of the chart folder, read and parsed (through the read's
 * parse cache), with the problems of its parse for the caller to keep;
 * `undefined` when it exists but cannot be read (an error problem is kept).
 */
async function readYamlOf(
  dir: ChartDir,
  env: Env,
  rel: string,
  options?: YamlReadOptions,
): Promise<
  { ctx: FileCtx; parsed?: ParsedYaml; problems: Problem[] } | undefined
> {
  const ctx = ctxOf(dir, rel);
  let text: string;
  try {
    text = (await dir.read(rel)).toString('utf8');
  } catch (e) {
    env.problems.push(readFailureProblem(ctx, e));
    return undefined;
  }
  return {
    ctx,
    ...parseYamlFile(text, { ...ctx, cache: env.options.cache }, options),
  };
}

export function readChartMeta(
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
  if (!dir.files.has('Chart.yaml')) {
    env.problems.push(
      problem(ctxOf(dir, 'Chart.yaml'), 'error', 'Chart.yaml not found'),
    );
    return undefined;
  }
  const read = await readYamlOf(dir, env, 'Chart.yaml');
  if (!read) return undefined;
  const { ctx, parsed, problems } = read;
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

/**
 * The chart's `values.yaml` (`{}` when absent, broken or not a mapping, with a
 * problem of `severity`); `undefined` when the file exists but cannot be read
 * (a refused symlink...: an error problem, and the caller drops what depends
 * on it so that its previous state is kept).
 */
export async function readValues(
  dir: ChartDir,
  env: Env,
  severity: Problem['severity'],
): Promise<Record<string, unknown> | undefined> {
  if (!dir.files.has('values.yaml')) return {};
  // values are read as Helm reads them: YAML 1.1 (`enabled: yes` is true)
  const read = await readYamlOf(dir, env, 'values.yaml', { yaml11: true });
  if (!read) return undefined;
  const { ctx, parsed, problems } = read;
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

export async function readLock(
  dir: ChartDir,
  env: Env,
): Promise<ChartLock | undefined> {
  if (!dir.files.has('Chart.lock')) return undefined;
  const read = await readYamlOf(dir, env, 'Chart.lock');
  if (!read) return undefined;
  const { ctx, parsed, problems } = read;
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
