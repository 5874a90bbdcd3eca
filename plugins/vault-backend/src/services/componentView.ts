import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mapLimit } from '@pcscol/plugin-pegase-node';
import { serviceAccountOf } from '@pcscol/plugin-pegase-common';
import {
  isVaultPartFailure,
  type VaultComponentDatabaseRole,
  type VaultComponentInstance,
  type VaultComponentPage,
  type VaultComponentView,
  type VaultFinding,
  type VaultPart,
  type VaultPartError,
  type VaultPolicy,
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
import { fillMountTemplate } from '../config';
import { mountValues } from './instanceView';
import {
  aclCapabilities,
  aclPathMatches,
  allows,
  resolveTemplates,
  type PolicyTemplateValues,
} from './policy';
import { knownNamespaceLabels, roleBinding } from './roleBinding';

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
  const values = mountValues({
    vaultPath,
    namespace,
    name: inst.metadata.name,
    cluster,
  });
  const authRole = await part(
    () =>
      readAuthRole(
        ctx,
        deps.mounts.kubernetesAuth,
        cluster,
        inst.metadata.name,
        values,
      ),
    client,
  );
  const role = authRole.data;
  // the portal knows the namespace's name label, not all its labels: a
  // selector that needs another one says "bound by selector, labels unknown"
  const binding = isVaultPartFailure(authRole)
    ? undefined
    : roleBinding(
        role,
        serviceAccount,
        namespace,
        knownNamespaceLabels(namespace),
      );
  const bound = binding === 'bound' || binding === 'namespace-selector';
  const policies: VaultPart<VaultPolicy[]> = await partAfter(authRole, () =>
    part(() => readPolicies(ctx, bound && role ? role.policies : []), client),
  );
  const databaseRoles: VaultPart<VaultComponentDatabaseRole[]> =
    await partAfter(policies, data =>
      part(
        () =>
          grantedDatabaseRoles(
            ctx,
            fillMountTemplate(deps.mounts.database, values),
            data,
            {
              serviceAccountNamespace: namespace,
              serviceAccountName: serviceAccount,
            },
          ),
        client,
      ),
    );
  return {
    ...base,
    vault: client.info(),
    authRole,
    bound,
    ...(binding ? { binding } : {}),
    policies,
    databaseRoles,
    kvFolderUiUrl: ctx.links.kvFolder(
      fillMountTemplate(deps.mounts.kv, values),
      serviceAccount,
    ),
  };
}

/**
 * The database roles of `mount` whose credentials the policies let a token
 * read: `read` on `<mount>/static-creds/<role>` or `<mount>/creds/<role>`
 * as Vault's ACL decides it (merged rules, exact first, then the most
 * specific `+`/`*` rule, deny wins; see policy.ts). Lists a mount's roles
 * only when a rule could reach them.
 */
async function grantedDatabaseRoles(
  ctx: VaultReadContext,
  mount: string,
  policies: VaultPolicy[],
  values: PolicyTemplateValues,
): Promise<VaultComponentDatabaseRole[]> {
  const out: VaultComponentDatabaseRole[] = [];
  const rules = policies.flatMap(p => p.rules);
  for (const [seg, type] of [
    ['static-creds', 'static'],
    ['creds', 'dynamic'],
  ] as const) {
    const prefix = `${mount}/${seg}/`;
    // a rule that can cover something under the prefix, or the prefix itself
    const reaches = rules.some(r => {
      const path = resolveTemplates(r.path, values);
      if (path === undefined || r.capabilities.includes('deny')) return false;
      const stem = path.replace(/\*$/, '');
      return (
        aclPathMatches(path, `${prefix}x`) ||
        path.startsWith(prefix) ||
        prefix.startsWith(stem) ||
        path.includes('+')
      );
    });
    if (!reaches) continue;
    for (const n of await listDatabaseRoles(ctx, mount, type)) {
      const d = aclCapabilities(policies, `${prefix}${n}`, values);
      if (!allows(d, 'read') && !allows(d, 'sudo')) continue;
      out.push({
        name: n,
        type,
        grantedBy: `${d.rule!.policies.join(', ')}: ${d.rule!.path}`,
        uiUrl: ctx.links.role(mount, n, type),
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
