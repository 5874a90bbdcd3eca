import { posix } from 'node:path';
import type {
  ArgoApplicationSet,
  GitopsSnapshot,
  NewInstanceInput,
  Problem,
} from '../model/types';
import { GitopsValidationError } from '../model/errors';
import {
  gitFileParams,
  gitPathMatcher,
  matchGitFiles,
} from '../argocd/gitFiles';
import { renderApplication, valuesFilesOf } from '../argocd/generate';
import { TemplateRenderError } from '../argocd/goTemplate';

/**
 * Where a new instance is written so that the instances ApplicationSet of its
 * usage reads it: a Git files generator path whose wildcards are filled from
 * the instance's region, usage and name. Which wildcard is which is learned
 * from the instances the generator reads today (every one must agree), or,
 * when it reads none yet, from today's layout
 * `instances/<region>/<usage>/<name>/instance.json` segment by segment. A
 * field the path does not hold (a `sandbox` folder) tells the usage the
 * generator serves: the one all its instances have. What cannot be filled
 * that way is refused, never guessed.
 */

/** Where a new instance goes. @public */
export interface NewInstancePaths {
  /** Its `instance.json` (or the generator's file name). */
  file: string;
  /** The values file its Application names (`$values/...`), else none. */
  valuesFile?: string;
  /** The instances ApplicationSet that reads it (none: today's layout). */
  applicationSet?: string;
  /** The generator path filled. */
  glob?: string;
}

type Field = 'region' | 'usage' | 'name';
/**
 * What places a new instance in the repository: its region, usage and name.
 *
 * @public
 */
export type NewInstancePlacement = Pick<
  NewInstanceInput,
  'region' | 'usage' | 'name'
>;

const DEFAULT_LAYOUT = [
  'instances',
  '{region}',
  '{usage}',
  '{name}',
  'instance.json',
];

/** A segment of a generator path: a literal, or `prefix*suffix`. */
type Segment = { literal: string } | { prefix: string; suffix: string };

const WILDCARDS = /[*?[\]{}\\]/;

function segmentsOf(glob: string): Segment[] | undefined {
  const out: Segment[] = [];
  for (const s of glob.split('/')) {
    if (!WILDCARDS.test(s)) {
      out.push({ literal: s });
      continue;
    }
    const m = /^([^*?[\]{}\\]*)\*([^*?[\]{}\\]*)$/.exec(s);
    if (!m) return undefined;
    out.push({ prefix: m[1], suffix: m[2] });
  }
  return out;
}

/** What one generator path says about a new instance. */
type Route =
  | { ok: true; path: string }
  | { ok: false; why: string; unknown?: boolean };

interface Example {
  file: string;
  region?: string;
  usage?: string;
  name: string;
}

/** The fields of the wildcard segments, or why they cannot be told. */
type Learned =
  | { fields: Array<Field | undefined> }
  | { why: string; unknown: boolean };

/** The field each wildcard segment holds, learned from the instances read. */
function learnFields(segs: Segment[], examples: Example[]): Learned {
  const fields: Array<Field | undefined> = [];
  for (let j = 0; j < segs.length; j++) {
    const seg = segs[j];
    if ('literal' in seg) {
      fields.push(undefined);
      continue;
    }
    let candidates: Field[] = ['region', 'usage', 'name'];
    for (const e of examples) {
      const part = e.file.split('/')[j];
      const fits =
        part.startsWith(seg.prefix) &&
        part.endsWith(seg.suffix) &&
        part.length >= seg.prefix.length + seg.suffix.length;
      const v = part.slice(seg.prefix.length, part.length - seg.suffix.length);
      candidates = candidates.filter(f => fits && e[f] === v);
    }
    const wildcard = `'${seg.prefix}*${seg.suffix}' (segment ${j + 1})`;
    if (candidates.length === 0)
      return {
        unknown: true,
        why: `its wildcard ${wildcard} holds none of region, usage and name in every instance it reads`,
      };
    if (candidates.length > 1)
      return {
        unknown: true,
        why: `its wildcard ${wildcard} could be the ${candidates.join(
          ' or the ',
        )} in the instances it reads`,
      };
    fields.push(candidates[0]);
  }
  return { fields };
}

/** The same from today's layout, segment by segment. */
function defaultFields(segs: Segment[], input: NewInstancePlacement): Learned {
  if (segs.length !== DEFAULT_LAYOUT.length)
    return {
      unknown: true,
      why: `it reads no instance yet and is not shaped as ${DEFAULT_LAYOUT.join(
        '/',
      )}`,
    };
  const fields: Array<Field | undefined> = [];
  for (let j = 0; j < segs.length; j++) {
    const seg = segs[j];
    const d = DEFAULT_LAYOUT[j];
    const variable = /^\{(\w+)\}$/.exec(d)?.[1] as Field | undefined;
    if ('literal' in seg) {
      if (variable && seg.literal !== input[variable])
        return {
          unknown: false,
          why: `it reads the ${variable} '${seg.literal}' (its folder where today's layout has the ${variable}), not '${input[variable]}'`,
        };
      if (!variable && seg.literal !== d)
        return {
          unknown: true,
          why: `it reads no instance yet and '${seg.literal}' is not '${d}' of today's layout`,
        };
      fields.push(undefined);
    } else {
      if (!variable)
        return {
          unknown: true,
          why: `it reads no instance yet and its wildcard stands where today's layout has '${d}'`,
        };
      fields.push(variable);
    }
  }
  return { fields };
}

/** One include path of a generator, for the new instance. */
function route(
  glob: string,
  excludes: Array<{ path: string; exclude?: boolean }>,
  examplesOfSet: Example[],
  input: NewInstancePlacement,
  newGitFileGlobbing: boolean,
): Route {
  const segs = segmentsOf(glob);
  if (!segs)
    return {
      ok: false,
      unknown: true,
      why: 'it has wildcards other than one * a folder',
    };
  const matches = gitPathMatcher(glob, newGitFileGlobbing);
  const examples = examplesOfSet.filter(
    e => matches(e.file) && e.file.split('/').length === segs.length,
  );
  const r =
    examples.length > 0
      ? learnFields(segs, examples)
      : defaultFields(segs, input);
  if ('why' in r) return { ok: false, unknown: r.unknown, why: r.why };
  const learned = r.fields;
  if (!learned.includes('name'))
    return {
      ok: false,
      unknown: true,
      why: 'no wildcard holds the instance name',
    };
  // a field the path does not hold: the generator serves what its instances have
  for (const f of ['usage', 'region'] as const) {
    if (learned.includes(f) || examples.length === 0) continue;
    const seen = new Set(examples.map(e => e[f]));
    if (seen.size === 1 && !seen.has(input[f]))
      return {
        ok: false,
        why: `it reads the instances of ${f} ${[...seen][0]}, not ${input[f]}`,
      };
  }
  const path = segs
    .map((s, j) =>
      'literal' in s
        ? s.literal
        : `${s.prefix}${input[learned[j]!]}${s.suffix}`,
    )
    .join('/');
  if (!matches(path))
    return { ok: false, unknown: true, why: `it does not match ${path}` };
  const excluded = excludes.find(
    x => x.exclude && gitPathMatcher(x.path, newGitFileGlobbing)(path),
  );
  if (excluded)
    return {
      ok: false,
      why: `its exclude '${excluded.path}' leaves out ${path}`,
    };
  return { ok: true, path };
}

function refusal(file: string, message: string): GitopsValidationError {
  const p: Problem = { severity: 'error', file, message, field: 'name' };
  return new GitopsValidationError([p]);
}

/**
 * The files of a new instance: the `instance.json` path the instances
 * ApplicationSet of its usage reads (its Git files generator filled) and the
 * values file the Application it generates names; today's layout when the
 * repository has no instances ApplicationSet.
 * @throws GitopsValidationError naming the ApplicationSets and paths when no
 *   path, or more than one, would be read, or the Application cannot be rendered
 * @public
 */
export function newInstancePaths(
  repo: Pick<GitopsSnapshot, 'applicationSets' | 'instances'>,
  input: NewInstancePlacement,
  object: Record<string, unknown>,
  options?: { newGitFileGlobbing?: boolean },
): NewInstancePaths {
  const glob = options?.newGitFileGlobbing ?? false;
  const sets = (repo.applicationSets ?? []).filter(s => s.role === 'instances');
  if (sets.length === 0) {
    const folder = `instances/${input.region}/${input.usage}/${input.name}`;
    return {
      file: `${folder}/instance.json`,
      valuesFile: `${folder}/values.yaml`,
    };
  }
  const examplesOf = (s: ArgoApplicationSet): Example[] => {
    const files = new Set(s.files ?? []);
    return repo.instances
      .filter(i => files.has(i.file) && i.index === undefined)
      .map(i => ({
        file: i.file,
        region: i.region,
        usage: i.usage,
        name: i.name,
      }));
  };
  const found: Array<{ set: ArgoApplicationSet; glob: string; path: string }> =
    [];
  const refused: string[] = [];
  let unknown = false;
  for (const s of sets) {
    const examples = examplesOf(s);
    for (const g of s.generators) {
      if (g.type !== 'git-files') continue;
      for (const p of g.files) {
        if (p.exclude) continue;
        const r = route(p.path, g.files, examples, input, glob);
        if (r.ok) found.push({ set: s, glob: p.path, path: r.path });
        else {
          unknown ||= r.unknown === true;
          refused.push(`ApplicationSet '${s.name}' path '${p.path}': ${r.why}`);
        }
      }
    }
  }
  const paths = [...new Set(found.map(f => f.path))];
  const where = `${input.region}/${input.usage}/${input.name}`;
  if (paths.length > 1)
    throw refusal(
      paths[0],
      `instance ${where}: the instances ApplicationSets would read it from several paths, none is chosen: ${found
        .map(f => `${f.path} (ApplicationSet '${f.set.name}' path '${f.glob}')`)
        .join('; ')}`,
    );
  if (paths.length === 0)
    throw refusal(
      '',
      `instance ${where}: no instances ApplicationSet reads an instance of usage ${
        input.usage
      } in region ${input.region}${
        unknown ? ' that the portal can place' : ''
      }: ${refused.join('; ')}`,
    );
  const file = paths[0];
  // the Application as the reader renders it: the first ApplicationSet reading
  // the file, its first Git files generator
  const readers = sets.filter(s =>
    s.generators.some(
      g =>
        g.type === 'git-files' &&
        matchGitFiles(g.files, [file], glob).length > 0,
    ),
  );
  const first = readers[0] ?? found[0].set;
  const g = first.generators.find(x => x.type === 'git-files');
  let valuesFile: string | undefined;
  try {
    const app = renderApplication(
      first,
      gitFileParams(
        file,
        object,
        g?.type === 'git-files' ? g.pathParamPrefix : undefined,
      ),
    );
    const named = valuesFilesOf(app);
    valuesFile = named[named.length - 1];
  } catch (e) {
    if (!(e instanceof TemplateRenderError)) throw e;
    throw refusal(
      file,
      `instance ${where}: ApplicationSet '${first.name}' cannot render its Application: ${e.message}`,
    );
  }
  if (valuesFile !== undefined && posix.normalize(valuesFile) !== valuesFile)
    throw refusal(
      file,
      `instance ${where}: the values file '${valuesFile}' the Application of ApplicationSet '${first.name}' names is not a plain repository path`,
    );
  return {
    file,
    valuesFile,
    applicationSet: first.name,
    glob: found.find(f => f.set === first)?.glob ?? found[0].glob,
  };
}
