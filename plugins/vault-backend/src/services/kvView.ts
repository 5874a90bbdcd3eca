import type { Entity } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { VaultKvView } from '@pcscol/plugin-vault-common';
import { part } from './parts';
import { readContext, readEngines, readKvTree } from './vaultReads';
import type { VaultViewDeps } from './viewDeps';
import { fillMountTemplate } from '../config';
import { mountValues } from './instanceView';

/**
 * The KV tree of an instance: component folders and key metadata (KV v2) or
 * key names (KV v1, listed only), never a value. The version is the mount's
 * `options.version` in sys/mounts.
 */
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
  const mount = fillMountTemplate(deps.mounts.kv, mountValues(instance));
  let version: '1' | '2' | undefined;
  const kv = await part(async () => {
    const parent = mount.split('/').slice(0, -1).join('/');
    const engine = (await readEngines(ctx, parent)).find(e => e.path === mount);
    if (!engine) return [];
    version = engine.version === '2' ? '2' : '1';
    return readKvTree(ctx, mount, version, deps.kv);
  }, client);
  return {
    entityRef: instance.entityRef,
    mount,
    ...(version ? { version } : {}),
    vault: client.info(),
    kv,
    upstreamCalls: ctx.counter.calls,
    fetchedAt: new Date(deps.now()).toISOString(),
  };
}
