import type { Entity } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { VaultKvView } from '@pcscol/plugin-vault-common';
import { part } from './parts';
import { readContext, readKvTree } from './vaultReads';
import type { VaultViewDeps } from './viewDeps';

/** The KV v2 tree of an instance: component folders and key metadata (never a value). */
export async function buildKvView(
  deps: VaultViewDeps,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<VaultKvView> {
  const instance = await deps.catalog.instance(entity, credentials);
  const client = deps.clientFor(instance.region, instance.entityRef);
  const ctx = readContext(client, {
    concurrency: deps.concurrency,
    now: deps.now(),
  });
  const mount = `${instance.vaultPath}/kv`;
  const kv = await part(() => readKvTree(ctx, mount), client);
  return {
    entityRef: instance.entityRef,
    mount,
    vault: client.info(),
    kv,
    upstreamCalls: ctx.counter.calls,
    fetchedAt: new Date(deps.now()).toISOString(),
  };
}
