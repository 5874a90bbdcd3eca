import { z } from 'zod';
import type { ClusterDefinition, Problem } from '../model/types';
import { isValidEntityName } from '../model/names';
import {
  isRecord,
  parseYamlFile,
  problem,
  stringRecord,
  type FileCtx,
} from '../util/parse';

const clusterSchema = z.looseObject({
  name: z.string().optional(),
  region: z.string().optional(),
  usage: z.string().optional(),
  argocd: z.string().optional(),
  apiServer: z.string().optional(),
  labels: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional(),
});

/** Parses `clusters/<name>.yaml`. The entity name is the file name. */
export function parseClusterFile(
  text: string,
  ctx: FileCtx,
): { cluster?: ClusterDefinition; problems: Problem[] } {
  const name = ctx.file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  const { parsed, problems } = parseYamlFile(text, ctx);
  if (!parsed) return { problems };
  if (!isValidEntityName(name)) {
    problems.push(
      problem(
        ctx,
        'error',
        `cluster file name '${name}' is not a valid entity name`,
        { subject: name },
      ),
    );
    return { problems };
  }
  const raw = parsed.value ?? {};
  if (!isRecord(raw)) {
    problems.push(
      problem(ctx, 'error', `cluster '${name}': the file must be a mapping`, {
        subject: name,
      }),
    );
    return { problems };
  }
  const r = clusterSchema.safeParse(raw);
  if (!r.success) {
    for (const i of r.error.issues) {
      const field = i.path.join('.');
      problems.push(
        problem(ctx, 'error', `cluster '${name}': ${i.message}`, {
          field,
          line: parsed.lineAt(
            i.path.map(s => (typeof s === 'symbol' ? String(s) : s)),
          ),
          subject: name,
        }),
      );
    }
    return { problems };
  }
  const v = r.data;
  if (v.name !== undefined && v.name !== name) {
    problems.push(
      problem(
        ctx,
        'warning',
        `cluster name '${v.name}' disagrees with its file name; the file name '${name}' is used`,
        {
          field: 'name',
          line: parsed.lineAt(['name']),
          subject: name,
        },
      ),
    );
  }
  const cluster: ClusterDefinition = {
    name,
    labels: stringRecord(v.labels),
    file: ctx.file,
    location: ctx.location,
    raw,
  };
  if (v.region !== undefined) cluster.region = v.region;
  if (v.usage !== undefined) cluster.usage = v.usage;
  if (v.argocd !== undefined) cluster.argocd = v.argocd;
  if (v.apiServer !== undefined) cluster.apiServer = v.apiServer;
  return { cluster, problems };
}
