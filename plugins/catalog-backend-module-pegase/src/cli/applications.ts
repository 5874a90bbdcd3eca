import { stringify as toYaml } from 'yaml';
import type {
  GeneratedApplication,
  GitopsSnapshot,
} from '@pcscol/plugin-pegase-node';
import { formatProblem } from '../transform';
import { formatOf, Out, parseArgs, readRepoEntities } from './common';

export const APPLICATIONS_USAGE = `Usage: pegase-catalog applications --repo <gitops-dir> [--instance <name>]... [--addon <name>]...
         [--cluster <name>]... [--applicationset <name>]... [--format json|yaml]
Prints the Applications the ApplicationSets of argocd/ generate, rendered as the backend renders
them: one per instance (its instances ApplicationSet), one per add-on and cluster it targets.
  --instance, --addon  only those instances / add-ons (an add-on is named after its ApplicationSet)
  --cluster            only the Applications deployed to those clusters
  --applicationset     only the Applications of those ApplicationSets
  --format             json (default: a list of Applications) or yaml (one document each, after a
                       comment naming its ApplicationSet and what it deploys)
Problems go to stderr; exits 1 when a file has an error or a name given is unknown.`;

/** One generated Application and what it deploys. @public */
export interface GeneratedApplicationRow {
  applicationSet: string;
  /** The instance it deploys (instances ApplicationSets). */
  instance?: string;
  /** The add-on it deploys (add-on ApplicationSets). */
  addon?: string;
  /** The cluster it deploys to. */
  cluster?: string;
  /** The Application as ArgoCD would create it. */
  application: Record<string, unknown>;
}

function manifest(app: GeneratedApplication): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      ...app.metadata,
      name: app.name,
      ...(app.namespace ? { namespace: app.namespace } : {}),
    },
    spec: app.spec,
  };
}

/**
 * Every Application the snapshot's ApplicationSets generate: the instances'
 * (in instance order), then each add-on's (in cluster order).
 * @public
 */
export function generatedApplications(
  snapshot: GitopsSnapshot,
): GeneratedApplicationRow[] {
  const clusterOf = new Map(snapshot.instances.map(i => [i.name, i.cluster]));
  const rows: GeneratedApplicationRow[] = [];
  for (const app of snapshot.generatedApplications ?? []) {
    const cluster =
      app.cluster ?? (app.instance ? clusterOf.get(app.instance) : undefined);
    rows.push({
      applicationSet: app.applicationSet,
      ...(app.instance ? { instance: app.instance } : {}),
      ...(cluster ? { cluster } : {}),
      application: manifest(app),
    });
  }
  for (const addon of snapshot.addons ?? []) {
    for (const app of addon.applications) {
      rows.push({
        applicationSet: app.applicationSet,
        addon: addon.name,
        ...(app.cluster ? { cluster: app.cluster } : {}),
        application: manifest(app),
      });
    }
  }
  return rows;
}

/** Names given to a filter that the repository does not have. */
function unknownNames(
  given: string[] | undefined,
  known: Iterable<string>,
  what: string,
): string[] {
  const set = new Set(known);
  return (given ?? [])
    .filter(n => !set.has(n))
    .map(n => `unknown ${what} ${JSON.stringify(n)}`);
}

/** `pegase-catalog applications`. Returns the exit code. @public */
export async function runApplications(
  argv: string[],
  out: Out,
  err: Out,
): Promise<number> {
  let args: Record<string, string[]>;
  let format: 'json' | 'yaml';
  try {
    args = parseArgs(argv, [
      '--repo',
      '--instance',
      '--addon',
      '--cluster',
      '--applicationset',
      '--format',
    ]);
    format = formatOf(args, ['json', 'yaml'] as const);
  } catch (e) {
    err(
      `pegase-catalog applications: ${
        (e as Error).message
      }\n${APPLICATIONS_USAGE}`,
    );
    return 2;
  }
  let snapshot: GitopsSnapshot;
  let problems;
  try {
    const read = await readRepoEntities(args['--repo']?.[0]);
    snapshot = read.snapshot;
    problems = read.problems;
  } catch (e) {
    err(`error: ${(e as Error).message}`);
    return 1;
  }
  const unknown = [
    ...unknownNames(
      args['--instance'],
      snapshot.instances.map(i => i.name),
      'instance',
    ),
    ...unknownNames(
      args['--addon'],
      (snapshot.addons ?? []).map(a => a.name),
      'add-on',
    ),
    ...unknownNames(
      args['--cluster'],
      snapshot.clusters.map(c => c.name),
      'cluster',
    ),
    ...unknownNames(
      args['--applicationset'],
      (snapshot.applicationSets ?? []).map(s => s.name),
      'ApplicationSet',
    ),
  ];
  if (unknown.length) {
    for (const u of unknown) err(`error: ${u}`);
    return 1;
  }
  const instances = args['--instance'] ?? [];
  const addons = args['--addon'] ?? [];
  const rows = generatedApplications(snapshot).filter(
    r =>
      (!instances.length && !addons.length
        ? true
        : (r.instance !== undefined && instances.includes(r.instance)) ||
          (r.addon !== undefined && addons.includes(r.addon))) &&
      (!args['--cluster'] ||
        (r.cluster !== undefined && args['--cluster'].includes(r.cluster))) &&
      (!args['--applicationset'] ||
        args['--applicationset'].includes(r.applicationSet)),
  );
  if (!snapshot.applicationSets?.length) {
    err(
      'no ApplicationSet in argocd/: the repository generates no Application the portal can render',
    );
  }
  if (format === 'json') {
    out(
      `${JSON.stringify(
        rows.map(r => r.application),
        null,
        2,
      )}\n`,
    );
  } else {
    out(
      rows
        .map(r => {
          const what = r.instance
            ? `instance ${r.instance}`
            : `add-on ${r.addon}`;
          const where = r.cluster ? ` on cluster ${r.cluster}` : '';
          return `---\n# ApplicationSet ${
            r.applicationSet
          }: ${what}${where}\n${toYaml(r.application, { lineWidth: 0 })}`;
        })
        .join(''),
    );
  }
  for (const p of problems) err(formatProblem(p));
  return problems.some(p => p.severity === 'error') ? 1 : 0;
}
