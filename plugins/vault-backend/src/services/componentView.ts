import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mapLimit } from '@pcscol/plugin-pegase-node';
import { serviceAccountOf } from '@pcscol/plugin-pegase-common';
import type {
  VaultComponentDatabaseRole,
  VaultComponentInstance,
  VaultComponentPage,
  VaultComponentView,
  VaultFinding,
  VaultPart,
  VaultPartError,
  VaultPolicy,
} from '@pcscol/plugin-vault-common';
import { clusterAmong, instanceBasics } from './catalogContext';
import { policyFindings, sharedServiceAccountFinding } from './findings';
import { anyPartFailed, part, partAfter } from './parts';
import {
  listDatabaseRoles,
  readAuthRole,
  readContext,
  readPolicies,
  type VaultReadContext,
} from './vaultReads';
import type { CallCounter } from './VaultClusterClient';
import type { VaultViewDeps } from './viewDeps';

/**
 * The Vault view of a component across the instances that run it (one page
 * of them): in each, the Kubernetes auth role of the instance and whether it
 * is bound to the component's serviceAccount, the policies it carries, and
 * the database roles those policies let it read.
 */
export async function buildComponentView(
  deps: VaultViewDeps,
  entity: Entity,
  credentials: BackstageCredentials,
  page: VaultComponentPage,
): Promise<VaultComponentView> {
  const entityRef = stringifyEntityRef(entity);
  const serviceAccount = serviceAccountOf(entity);
  const counter: CallCounter = { calls: 0 };
  const offset = Math.max(0, page.offset ?? 0);
  const limit = Math.min(
    100,
    Math.max(1, page.limit ?? deps.componentPageSize),
  );

  const [accounts, all, clusterNames] = await Promise.all([
    deps.catalog.serviceAccounts(credentials),
    deps.catalog.instancesRunning(entityRef, credentials),
    deps.catalog.clusterNames(credentials),
  ]);
  const sharedWith = (accounts.get(serviceAccount) ?? []).filter(
    r => r !== entityRef,
  );
  const instances = await mapLimit(
    all.slice(offset, offset + limit),
    Math.max(1, Math.floor(deps.concurrency / 2)),
    inst =>
      componentInInstance(deps, inst, serviceAccount, clusterNames, counter),
  );

  const findings: VaultFinding[] = [];
  if (sharedWith.length)
    findings.push(
      sharedServiceAccountFinding(serviceAccount, [entityRef, ...sharedWith]),
    );
  const seen = new Set<string>();
  for (const i of instances) {
    for (const f of policyFindings(i.policies.data ?? [])) {
      if (seen.has(f.subject)) continue;
      seen.add(f.subject);
      findings.push(f);
    }
  }
  return {
    entityRef,
    component: entity.metadata.name,
    serviceAccount,
    sharedWith,
    totalInstances: all.length,
    offset,
    limit,
    instances,
    findings,
    upstreamCalls: counter.calls,
    fetchedAt: new Date(deps.now()).toISOString(),
  };
}

/** True when a part of the view failed in one of its instances (the view is then not cached). */
export function componentViewFailed(view: VaultComponentView): boolean {
  return view.instances.some(i =>
    anyPartFailed([i.authRole, i.policies, i.databaseRoles]),
  );
}

async function componentInInstance(
  deps: VaultViewDeps,
  inst: Entity,
  serviceAccount: string,
  clusterNames: ReadonlySet<string>,
  counter: CallCounter,
): Promise<VaultComponentInstance> {
  // instancesRunning keeps only the instances with a Vault path
  const instance = instanceBasics(inst)!;
  const { namespace, vaultPath } = instance;
  const cluster = clusterAmong(inst, clusterNames);
  const base = {
    instance: inst.metadata.name,
    entityRef: instance.entityRef,
    namespace,
    cluster,
  };
  let ctx: VaultReadContext;
  try {
    ctx = readContext(deps.clientFor(instance.region, base.entityRef), {
      concurrency: deps.concurrency,
      now: deps.now(),
      counter,
    });
  } catch (e) {
    const error: VaultPartError = {
      code: 'no-vault',
      message: (e as Error).message,
    };
    return {
      ...base,
      bound: false,
      authRole: { error },
      policies: { error },
      databaseRoles: { error },
    };
  }
  const { client } = ctx;
  const authRole = await part(
    () => readAuthRole(ctx, cluster, inst.metadata.name),
    client,
  );
  const role = authRole.data;
  const bound = Boolean(
    role &&
      (role.boundServiceAccountNames.includes(serviceAccount) ||
        role.boundServiceAccountNames.includes('*')) &&
      (role.boundServiceAccountNamespaces.includes(namespace) ||
        role.boundServiceAccountNamespaces.includes('*')),
  );
  const policies: VaultPart<VaultPolicy[]> = await partAfter(authRole, () =>
    part(() => readPolicies(ctx, bound && role ? role.policies : []), client),
  );
  const databaseRoles: VaultPart<VaultComponentDatabaseRole[]> =
    await partAfter(policies, data =>
      part(
        () => grantedDatabaseRoles(ctx, `${vaultPath}/database`, data),
        client,
      ),
    );
  return {
    ...base,
    vault: client.info(),
    authRole,
    bound,
    policies,
    databaseRoles,
    kvFolderUiUrl: ctx.links.kvFolder(`${vaultPath}/kv`, serviceAccount),
  };
}

/**
 * The database roles of `mount` whose credentials the policies let a token
 * read (a `read` or `sudo` rule on `<mount>/static-creds/…` or
 * `<mount>/creds/…`, or a glob covering them). Lists a mount's roles only
 * when a rule reaches them.
 */
async function grantedDatabaseRoles(
  ctx: VaultReadContext,
  mount: string,
  policies: VaultPolicy[],
): Promise<VaultComponentDatabaseRole[]> {
  const out = new Map<string, VaultComponentDatabaseRole>();
  const lists: Partial<Record<'static' | 'dynamic', Promise<string[]>>> = {};
  const names = (type: 'static' | 'dynamic') =>
    (lists[type] ??= listDatabaseRoles(ctx, mount, type));
  for (const p of policies) {
    for (const rule of p.rules) {
      if (
        !rule.capabilities.includes('read') &&
        !rule.capabilities.includes('sudo')
      )
        continue;
      for (const [seg, type] of [
        ['static-creds', 'static'],
        ['creds', 'dynamic'],
      ] as const) {
        const prefix = `${mount}/${seg}/`;
        const glob = rule.path;
        if (
          !glob.startsWith(prefix) &&
          !(glob.endsWith('*') && prefix.startsWith(glob.slice(0, -1)))
        )
          continue;
        const pattern = glob.startsWith(prefix)
          ? glob.slice(prefix.length)
          : '*';
        for (const n of await names(type)) {
          const match = pattern.endsWith('*')
            ? n.startsWith(pattern.slice(0, -1))
            : n === pattern;
          const key = `${type}:${n}`;
          if (!match || out.has(key)) continue;
          out.set(key, {
            name: n,
            type,
            grantedBy: `${p.name}: ${glob}`,
            uiUrl: ctx.links.role(mount, n, type),
          });
        }
      }
    }
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}
