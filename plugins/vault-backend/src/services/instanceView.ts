import { RELATION_DEPENDS_ON, type Entity } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  VaultFinding,
  VaultInstanceView,
} from '@pcscol/plugin-vault-common';
import {
  databaseFindings,
  policyFindings,
  sharedServiceAccountFinding,
} from './findings';
import { anyPartFailed, part, partAfter } from './parts';
import {
  readAuthRole,
  readContext,
  readDatabase,
  readEngines,
  readPolicies,
} from './vaultReads';
import type { VaultViewDeps } from './viewDeps';
import { fillMountTemplate } from '../config';
import type { InstanceContext } from './catalogContext';

/** The values of the mount templates for an instance. */
export function mountValues(
  instance: Pick<InstanceContext, 'vaultPath' | 'namespace' | 'name'> & {
    cluster?: string;
  },
): Record<string, string> {
  return {
    vaultPath: instance.vaultPath,
    namespace: instance.namespace,
    instance: instance.name,
    ...(instance.cluster ? { cluster: instance.cluster } : {}),
  };
}

/**
 * The Vault view of an instance: its secrets engines, database engine,
 * Kubernetes auth role and the policies that role carries, and the findings
 * on them. Each part loads on its own.
 */
export async function buildInstanceView(
  deps: VaultViewDeps,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<VaultInstanceView> {
  const instance = await deps.catalog.instance(entity, credentials);
  const client = deps.clientFor(instance.region, instance.entityRef);
  const ctx = readContext(client, {
    concurrency: deps.concurrency,
    now: deps.now(),
  });
  const values = mountValues(instance);
  const dbMount = fillMountTemplate(deps.mounts.database, values);

  const authRoleP = part(
    () =>
      readAuthRole(
        ctx,
        deps.mounts.kubernetesAuth,
        instance.cluster,
        instance.name,
        values,
      ),
    client,
  );
  const [engines, database, authRole, policies] = await Promise.all([
    part(() => readEngines(ctx, instance.vaultPath), client),
    part(() => readDatabase(ctx, dbMount), client),
    authRoleP,
    authRoleP.then(role =>
      partAfter(role, data =>
        part(() => readPolicies(ctx, data?.policies ?? []), client),
      ),
    ),
  ]);

  const findings: VaultFinding[] = [];
  if (database.data) {
    findings.push(
      ...databaseFindings(
        database.data.staticRoles,
        database.data.dynamicRoles,
        database.data.connections.map(c => c.name),
        ctx.links.engine(dbMount),
      ),
    );
  }
  if (policies.data) findings.push(...policyFindings(policies.data));
  findings.push(...(await sharedAccountsOf(deps, entity, credentials)));

  return {
    entityRef: instance.entityRef,
    instance: instance.name,
    namespace: instance.namespace,
    vaultPath: instance.vaultPath,
    cluster: instance.cluster,
    ...(instance.cluster || !deps.mounts.kubernetesAuth.includes('{cluster}')
      ? { authMount: fillMountTemplate(deps.mounts.kubernetesAuth, values) }
      : {}),
    vault: client.info(),
    engines,
    database,
    authRole,
    policies,
    findings,
    upstreamCalls: ctx.counter.calls,
    fetchedAt: new Date(deps.now()).toISOString(),
  };
}

/** True when a part of the view failed (the view is then not cached). */
export function instanceViewFailed(view: VaultInstanceView): boolean {
  return anyPartFailed([
    view.engines,
    view.database,
    view.authRole,
    view.policies,
  ]);
}

/** A finding per serviceAccount shared by several sub-charts the instance runs. */
async function sharedAccountsOf(
  deps: VaultViewDeps,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<VaultFinding[]> {
  const runs = new Set(
    (entity.relations ?? [])
      .filter(r => r.type === RELATION_DEPENDS_ON)
      .map(r => r.targetRef),
  );
  if (runs.size === 0) return [];
  const accounts = await deps.catalog.serviceAccounts(credentials);
  const out: VaultFinding[] = [];
  for (const [sa, refs] of accounts) {
    const inInstance = refs.filter(r => runs.has(r));
    if (inInstance.length > 1)
      out.push(sharedServiceAccountFinding(sa, inInstance));
  }
  return out;
}
