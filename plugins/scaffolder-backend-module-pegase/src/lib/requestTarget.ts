import { InputError } from '@backstage/errors';
import {
  pegaseDbaasCreatePermission,
  pegaseKaasCreatePermission,
} from '@pcscol/plugin-pegase-common';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  FileChanges,
  GitopsCheckout,
  InstanceUsage,
  ResolvedInstance,
} from '@pcscol/plugin-pegase-node';
import {
  assertWithin,
  authorizeUsage,
  linkToInstanceValues,
  nameOf,
  PegaseActionOptions,
  proposeChange,
  requireCluster,
} from './flow';
import { assertDnsLabel, quantityToGi, requestedForLabel } from './validation';
import { authorizeEntities } from './access';

const PERMISSIONS = {
  dbaas: pegaseDbaasCreatePermission,
  kaas: pegaseKaasCreatePermission,
} as const;

/**
 * Where a DBaaS or KaaS request goes, as its inputs say (checked, before
 * the clone): whom it serves, its usage, and the namespace and cluster
 * when they are given.
 */
export interface RequestTarget {
  requestedFor: { ref: string; label: string };
  usage: InstanceUsage;
  namespace?: string;
  clusterName?: string;
}

/** Checks the inputs every DBaaS/KaaS request shares (`requestedResourceInputs`). */
export function parseRequestTarget(input: {
  requestedFor: string;
  usage?: string;
  namespace?: string;
  cluster?: string;
}): RequestTarget {
  const requestedFor = requestedForLabel(input.requestedFor);
  const usage = (input.usage ?? 'construction') as InstanceUsage;
  if (input.namespace) assertDnsLabel(input.namespace, 'namespace');
  const clusterName = input.cluster
    ? nameOf(input.cluster, 'cluster')
    : undefined;
  if (clusterName) assertDnsLabel(clusterName, 'cluster');
  return { requestedFor, usage, namespace: input.namespace, clusterName };
}

/** What {@link resolveRequestTarget} finds in the repository. */
export interface ResolvedTarget {
  /** The instance of the inventory the request serves, if it serves one. */
  instance?: ResolvedInstance;
  /** The Kubernetes cluster: the one asked for, else the instance's. */
  cluster?: string;
  /** The namespace: the one asked for, else the instance's. */
  namespace: string;
  /** The file the request adds: `<kind>/<name>.yaml`. */
  file: string;
}

const LABELS = { dbaas: 'DBaaS', kaas: 'KaaS' } as const;
const MAIN_DOCUMENT = { dbaas: 'postgresql', kaas: 'Kafka' } as const;

/**
 * Resolves a DBaaS/KaaS request against the checked-out repository: the
 * instance it serves, its cluster (which must be in the inventory) and
 * namespace (required when it serves no instance), and refuses a name that
 * is already taken (its file, or a cluster of that name in any file).
 */
export async function resolveRequestTarget(
  checkout: GitopsCheckout,
  target: RequestTarget,
  request: { kind: 'dbaas' | 'kaas'; name: string },
): Promise<ResolvedTarget> {
  const { snapshot } = checkout;
  const instance = snapshot.instances.find(
    i => target.requestedFor.ref === `resource:default/${i.name}`,
  );
  if (instance?.usage && instance.usage !== target.usage) {
    // the limits and the production permission go by the instance's usage
    throw new InputError(
      `usage '${target.usage}' is not the usage of the instance ${instance.name} it serves: ${instance.file} says '${instance.usage}'; ask with usage ${instance.usage}`,
    );
  }
  const cluster = target.clusterName ?? instance?.cluster;
  if (cluster) requireCluster(snapshot, cluster);
  const namespace = target.namespace ?? instance?.namespace;
  if (!namespace) {
    throw new InputError(
      `namespace is required when requestedFor is not an instance of the inventory`,
    );
  }
  const what = `The ${LABELS[request.kind]} cluster '${request.name}'`;
  const file = `${request.kind}/${request.name}.yaml`;
  if ((await checkout.readFile(file)) !== undefined) {
    throw new InputError(`${what} already exists (${file})`);
  }
  for (const f of snapshot[request.kind]) {
    for (const d of f.documents) {
      if (d.kind === MAIN_DOCUMENT[request.kind] && d.name === request.name) {
        throw new InputError(`${what} already exists (${f.file})`);
      }
    }
  }
  return { instance, cluster, namespace, file };
}

/**
 * Checks the size of a DBaaS/KaaS request (its pods or nodes, and the volume
 * of each) against the limits of its usage; returns the sizes, defaults
 * applied.
 */
export function checkSize(
  input: { count?: number; volumeSize?: string },
  rule: {
    countField: string;
    defaultCount: number;
    maxCount: number;
    maxVolumeGi: number;
    usage: InstanceUsage;
  },
): { count: number; volumeSize: string } {
  const count = input.count ?? rule.defaultCount;
  if (!Number.isInteger(count) || count < 1) {
    throw new InputError(`${rule.countField} must be a whole number >= 1`);
  }
  const volumeSize = input.volumeSize ?? '10Gi';
  const volumeGi = quantityToGi(volumeSize, 'volumeSize');
  assertWithin(count, rule.maxCount, rule.countField, rule.usage);
  assertWithin(volumeGi, rule.maxVolumeGi, 'volumeSize (GiB)', rule.usage);
  return { count, volumeSize };
}

/**
 * The change of a DBaaS/KaaS request: checks `pegase.dbaas.create` /
 * `pegase.kaas.create` against the entity it serves, authorizes its usage,
 * resolves its target in the checkout ({@link resolveRequestTarget}: the
 * usage of the instance it serves is the repository's), checks the
 * production permission again with that usage, lets `check` refuse it,
 * records its `connection` in the values of the instance it serves, and adds
 * the files `render` returns, as one change request.
 */
export async function proposeRequestedResource(
  ctx: ActionContext<any, any>,
  options: PegaseActionOptions,
  target: RequestTarget,
  request: {
    kind: 'dbaas' | 'kaas';
    name: string;
    title: string;
    description: string[];
    check?: (resolved: ResolvedTarget, checkout: GitopsCheckout) => void;
    connection: (namespace: string) => Record<string, unknown>;
    render: (resolved: ResolvedTarget) => FileChanges;
  },
): Promise<void> {
  await authorizeEntities(
    ctx,
    options.authorizer,
    PERMISSIONS[request.kind],
    [target.requestedFor.ref],
    `pegase:${request.kind}:create`,
  );
  await authorizeUsage(ctx, options.permissions, target.usage);
  await proposeChange(ctx, options, {
    kind: request.kind,
    name: request.name,
    entityRef: `resource:default/${request.name}`,
    title: request.title,
    description: request.description,
    build: async checkout => {
      const resolved = await resolveRequestTarget(checkout, target, request);
      if (resolved.instance?.usage) {
        await authorizeUsage(ctx, options.permissions, resolved.instance.usage);
      }
      request.check?.(resolved, checkout);
      const link = await linkToInstanceValues(
        checkout,
        resolved.instance,
        request.kind,
        request.name,
        request.connection(resolved.namespace),
      );
      return { ...link, ...request.render(resolved) };
    },
  });
}
