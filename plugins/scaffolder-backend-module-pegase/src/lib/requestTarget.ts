import { InputError } from '@backstage/errors';
import { InstanceUsage, ResolvedInstance } from '@pcscol/plugin-pegase-node';
import { GitopsCheckout } from '../git/GitopsChangePublisher';
import { nameOf, requireCluster } from './flow';
import { assertDnsLabel, requestedForLabel } from './validation';

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
