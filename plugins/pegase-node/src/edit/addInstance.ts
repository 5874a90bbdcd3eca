import { stringify } from 'yaml';
import type {
  AddInstanceResult,
  GitopsSnapshot,
  NewInstanceInput,
  Problem,
} from '../model/types';
import { GitopsValidationError } from '../model/errors';
import { folderOf, validateInstance } from '../inventory/instances';
import { componentsOfInstance } from '../inventory/components';
import { problem } from '../util/parse';
import { formatJson } from './jsonEdit';
import { newInstancePaths } from './instancePaths';

/**
 * Folder of a new instance in today's layout: `instances/<region>/<usage>/<name>`
 * (see {@link newInstancePaths} for the layout an ApplicationSet reads).
 * @public
 */
export function instanceFolder(
  input: Pick<NewInstanceInput, 'region' | 'usage' | 'name'>,
): string {
  return `instances/${input.region}/${input.usage}/${input.name}`;
}

/**
 * Renders a new instance (its `instance.json` and values file) where the
 * instances ApplicationSet of its usage reads it ({@link newInstancePaths};
 * today's layout, {@link instanceFolder}, without one) after validating it
 * against the repository with the reader's own rules (name, unique, cluster,
 * chartVersion, ttl, owner); `disabledComponents` unknown to its chart
 * version are warnings. Throws a GitopsValidationError listing the errors.
 * @public
 */
export function addInstance(
  repo: Pick<
    GitopsSnapshot,
    | 'chart'
    | 'releases'
    | 'clusters'
    | 'instances'
    | 'applicationSets'
    | 'inventory'
  >,
  input: NewInstanceInput,
  options?: {
    defaultOwner?: string;
    /** As the repository was read (GitopsArgocdOptions.newGitFileGlobbing). */
    newGitFileGlobbing?: boolean;
  },
): AddInstanceResult {
  const obj: Record<string, unknown> = { name: input.name };
  if (input.university !== undefined) obj.university = input.university;
  obj.usage = input.usage;
  obj.region = input.region;
  obj.cluster = input.cluster;
  if (input.namespace !== undefined) obj.namespace = input.namespace;
  obj.chartVersion = input.chartVersion ?? repo.chart?.version;
  if (input.disabledComponents?.length)
    obj.disabledComponents = [...input.disabledComponents];
  if (input.ttl !== undefined) obj.ttl = input.ttl;
  if (input.owner !== undefined) obj.owner = input.owner;
  if (obj.chartVersion === undefined) delete obj.chartVersion;
  const paths = newInstancePaths(repo, input, obj, {
    newGitFileGlobbing: options?.newGitFileGlobbing,
  });
  const file = paths.file;
  const ctx = { file, location: file };
  const fromSets = paths.applicationSet !== undefined;
  const folder = folderOf(file);
  const text = formatJson(obj);
  const problems: Problem[] = [];
  const r = validateInstance(obj, ctx, {
    clusters: new Set(repo.clusters.map(c => c.name)),
    versions: new Set(repo.releases.map(x => x.version)),
    currentVersion: repo.chart?.version,
    defaultOwner: options?.defaultOwner ?? 'ops',
    // as the reader sees the file
    folder: fromSets && folder.outside ? {} : folder,
    text,
  });
  problems.push(...r.problems);
  const clash = repo.instances.find(i => i.name === input.name);
  if (clash) {
    problems.push(
      problem(
        ctx,
        'error',
        `instance '${input.name}' already exists in ${clash.file}`,
        { field: 'name', subject: input.name },
      ),
    );
  }
  const existingFile =
    repo.instances.some(i => i.file === file) ||
    (repo.inventory?.files ?? []).includes(file);
  if (existingFile && !clash) {
    problems.push(
      problem(ctx, 'error', `${file} already exists`, { subject: input.name }),
    );
  }
  if (problems.some(p => p.severity === 'error') || !r.instance) {
    throw new GitopsValidationError(problems);
  }
  const comp = componentsOfInstance(repo, {
    chartVersion: r.instance.chartVersion,
    disabledComponents: r.instance.disabledComponents,
    values: input.values,
  });
  for (const u of comp.unknownDisabled) {
    problems.push(
      problem(
        ctx,
        'warning',
        `disabledComponents names '${u}', which is no dependency of chart version ${r.instance.chartVersion}`,
        {
          field: 'disabledComponents',
          subject: input.name,
        },
      ),
    );
  }
  const header = (
    input.valuesComment ??
    `Helm values of Pégase instance ${input.name} (merged over the umbrella chart's values.yaml)`
  )
    .split('\n')
    .map(l => `# ${l}`.trimEnd())
    .join('\n');
  const hasValues = input.values && Object.keys(input.values).length > 0;
  const body = hasValues ? stringify(input.values, { lineWidth: 0 }) : '{}\n';
  const files: Record<string, string> = { [file]: text };
  if (paths.valuesFile !== undefined)
    files[paths.valuesFile] = `${header}\n${body}`;
  else if (hasValues)
    throw new GitopsValidationError([
      problem(
        ctx,
        'error',
        `the Application ApplicationSet '${paths.applicationSet}' generates for ${input.name} names no $values file: its values cannot be written`,
        { field: 'values', subject: input.name },
      ),
    ]);
  return {
    files,
    instance: r.instance,
    problems,
  };
}
