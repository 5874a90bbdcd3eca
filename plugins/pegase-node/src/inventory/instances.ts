import { z } from 'zod';
import {
  INSTANCE_USAGES,
  type InstanceDefinition,
  type InstanceUsage,
  type Problem,
} from '../model/types';
import {
  isValidEntityName,
  isValidInstanceName,
  INSTANCE_NAME_MAX_LENGTH,
} from '../model/names';
import { isRecord, lineOf, problem, type FileCtx } from '../util/parse';

/** zod schema of one `instance.json` object (unknown fields kept). */
export const instanceSchema = z.looseObject({
  name: z.string({ error: 'name is required and must be a string' }),
  university: z.string().optional(),
  usage: z
    .enum(INSTANCE_USAGES as [InstanceUsage, ...InstanceUsage[]])
    .optional(),
  region: z.string().min(1).optional(),
  cluster: z
    .string({ error: 'cluster is required and must be a string' })
    .min(1),
  namespace: z.string().optional(),
  chartVersion: z.string().min(1).optional(),
  disabledComponents: z.array(z.string()).optional(),
  ttl: z.string().optional(),
  owner: z.string().min(1).optional(),
});

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether `v` is an ISO-8601 date or date-time (`2025-06-30`, `2025-06-30T12:00:00Z`). */
export function isIsoDate(v: string): boolean {
  const m = ISO_DATE.exec(v);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return !Number.isNaN(Date.parse(m[4] ? v : `${v}T00:00:00Z`));
}

/** What the validator checks an instance against. */
export interface InstanceContext {
  clusters: ReadonlySet<string>;
  /** Known umbrella versions (current + index.yaml). */
  versions: ReadonlySet<string>;
  currentVersion?: string;
  defaultOwner: string;
  /**
   * Folder fields from the path `instances/<region>/<usage>/<name>/instance.json`;
   * `outside`: the file is at another depth, and declares no instance.
   */
  folder?: {
    region?: string;
    usage?: string;
    name?: string;
    outside?: boolean;
  };
  /** Position in an array file. */
  index?: number;
  /** Full file text, to find lines of fields. */
  text?: string;
}

/** Line of `"field":` in a JSON text (in the index-th element of an array file). */
export function fieldLine(
  text: string | undefined,
  field: string,
  index?: number,
): number | undefined {
  if (!text) return undefined;
  let from = 0;
  if (index !== undefined) {
    // start of the index-th object of the array
    let depth = 0;
    let count = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '"') {
        i++;
        while (i < text.length && text[i] !== '"')
          i += text[i] === '\\' ? 2 : 1;
      } else if (c === '{' || c === '[') {
        if (depth === 1 && c === '{') {
          count++;
          if (count === index) {
            from = i;
            break;
          }
        }
        depth++;
      } else if (c === '}' || c === ']') depth--;
    }
  }
  const re = new RegExp(
    `"${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`,
    'g',
  );
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? lineOf(text, m.index).line : undefined;
}

/**
 * Validates one instance object and applies defaults. Returns the instance
 * unless there is an error; warnings are returned either way.
 */
export function validateInstance(
  raw: unknown,
  ctx: FileCtx,
  ictx: InstanceContext,
): { instance?: InstanceDefinition; problems: Problem[] } {
  const problems: Problem[] = [];
  const prefix = ictx.index !== undefined ? `[${ictx.index}].` : '';
  const subjectName =
    isRecord(raw) && typeof raw.name === 'string' ? raw.name : undefined;
  const err = (
    field: string,
    message: string,
    severity: Problem['severity'] = 'error',
  ) =>
    problems.push(
      problem(
        ctx,
        severity,
        subjectName ? `instance '${subjectName}': ${message}` : message,
        {
          field: `${prefix}${field}`,
          line: fieldLine(ictx.text, field.split('.')[0], ictx.index),
          subject: subjectName,
        },
      ),
    );
  if (!isRecord(raw)) {
    problems.push(
      problem(ctx, 'error', `an instance must be a JSON object`, {
        field: prefix ? prefix.slice(0, -1) : undefined,
      }),
    );
    return { problems };
  }
  if (ictx.folder?.outside) {
    problems.push(
      problem(
        ctx,
        'error',
        `${
          subjectName ? `instance '${subjectName}': ` : ''
        }an instance.json must be at instances/<region>/<usage>/<instance>/instance.json; this one is at another depth and is ignored`,
        { subject: subjectName },
      ),
    );
    return { problems };
  }
  const parsed = instanceSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('.') || '(root)';
      err(field, issue.message);
    }
    return { problems };
  }
  const v = parsed.data;
  if (!isValidInstanceName(v.name)) {
    err(
      'name',
      `'${v.name}' is not a valid instance name: a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most ${INSTANCE_NAME_MAX_LENGTH} characters`,
    );
  }
  const namespace = v.namespace ?? v.name;
  if (
    v.namespace !== undefined &&
    !(
      v.namespace.length <= 63 &&
      /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v.namespace)
    )
  ) {
    err(
      'namespace',
      `'${v.namespace}' is not a valid Kubernetes namespace (DNS-1123 label)`,
    );
  }
  if (!ictx.clusters.has(v.cluster)) {
    const known = [...ictx.clusters].sort();
    err(
      'cluster',
      `cluster '${v.cluster}' is not defined in clusters/ (known: ${
        known.length ? known.join(', ') : 'none'
      })`,
    );
  }
  const chartVersion = v.chartVersion ?? ictx.currentVersion;
  if (chartVersion === undefined) {
    err(
      'chartVersion',
      'no chartVersion and no current umbrella chart to default to',
    );
  } else if (!ictx.versions.has(chartVersion)) {
    err(
      'chartVersion',
      `chartVersion '${chartVersion}' is neither the current chart version${
        ictx.currentVersion ? ` (${ictx.currentVersion})` : ''
      } nor a version of charts/index.yaml`,
    );
  }
  if (v.ttl !== undefined && !isIsoDate(v.ttl)) {
    err(
      'ttl',
      `ttl '${v.ttl}' is not an ISO-8601 date (YYYY-MM-DD or a date-time)`,
    );
  }
  const owner = v.owner ?? ictx.defaultOwner;
  if (
    !isValidEntityName(owner.replace(/^[a-z]+:/i, '').replace(/^[^/]+\//, ''))
  ) {
    err('owner', `owner '${owner}' is not a valid group reference`);
  }
  // folder vs fields
  const folder = ictx.folder ?? {};
  let usage: InstanceUsage | undefined = v.usage;
  let region = v.region;
  if (usage === undefined && folder.usage !== undefined) {
    if ((INSTANCE_USAGES as readonly string[]).includes(folder.usage))
      usage = folder.usage as InstanceUsage;
    else
      err(
        'usage',
        `no usage field and the folder '${
          folder.usage
        }' is not one of ${INSTANCE_USAGES.join(', ')}`,
        'warning',
      );
  } else if (
    usage !== undefined &&
    folder.usage !== undefined &&
    folder.usage !== usage
  ) {
    err(
      'usage',
      `usage '${usage}' disagrees with its folder '${folder.usage}'; the field wins`,
      'warning',
    );
  }
  if (region === undefined) region = folder.region;
  else if (folder.region !== undefined && folder.region !== region) {
    err(
      'region',
      `region '${region}' disagrees with its folder '${folder.region}'; the field wins`,
      'warning',
    );
  }
  if (
    ictx.index === undefined &&
    folder.name !== undefined &&
    folder.name !== v.name
  ) {
    err(
      'name',
      `name '${v.name}' disagrees with its folder '${folder.name}'; the field wins`,
      'warning',
    );
  }
  if (problems.some(p => p.severity === 'error')) return { problems };
  const instance: InstanceDefinition = {
    name: v.name,
    cluster: v.cluster,
    namespace,
    chartVersion: chartVersion!,
    disabledComponents: v.disabledComponents ?? [],
    owner,
    file: ctx.file,
    location: ctx.location,
    raw,
  };
  if (v.university !== undefined) instance.university = v.university;
  if (usage !== undefined) instance.usage = usage;
  if (region !== undefined) instance.region = region;
  if (v.ttl !== undefined) instance.ttl = v.ttl;
  if (ictx.index !== undefined) instance.index = ictx.index;
  return { instance, problems };
}

/**
 * Folder fields of `instances/<region>/<usage>/<name>/instance.json`. At any
 * other depth, `outside` says so: the contract's depth is the only one an
 * instance is read from (a file higher up would make its folder, and every
 * instance under it, "the instance's folder").
 */
export function folderOf(file: string): {
  region?: string;
  usage?: string;
  name?: string;
  outside?: boolean;
} {
  const segs = file.split('/').slice(1, -1); // drop 'instances' and 'instance.json'
  if (segs.length === 3)
    return { region: segs[0], usage: segs[1], name: segs[2] };
  return { outside: true };
}
