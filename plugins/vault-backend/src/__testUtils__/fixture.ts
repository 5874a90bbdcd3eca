import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import type { CacheService } from '@backstage/backend-plugin-api';
import {
  KUBERNETES_CLUSTER_TYPE,
  PEGASE_ANNOTATIONS,
} from '@pcscol/plugin-pegase-common';
import {
  makeInstanceEntity,
  makeSubChartEntity,
} from '@pcscol/plugin-pegase-common/testUtils';
import {
  renderVaultClusterManifests,
  renderVaultInstanceManifests,
} from '@pcscol/plugin-pegase-node';

/**
 * A small GitOps tree (Vault CRs rendered by pegase-node, as the scaffolder
 * writes them) and the catalog entities the providers would emit for it.
 * Instances univ-a..univ-d on cluster prod-1 (region eu-sxb-1), univ-e on
 * cluster uca-1 (region fr-cfe-uca). The stand-in's deliberate findings land
 * on univ-a (broad policy), univ-b (no max TTL), univ-c (missing postgres-rw),
 * univ-d (rotation overdue).
 */
export function writeGitops(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-backend-'));
  const comps = ['ins-backend', 'ref-backend'];
  const files = {
    ...renderVaultClusterManifests({ name: 'prod-1' }),
    ...renderVaultClusterManifests({ name: 'uca-1' }),
    ...renderVaultInstanceManifests({ name: 'univ-a' }, comps, {
      name: 'prod-1',
    }),
    ...renderVaultInstanceManifests({ name: 'univ-b' }, comps, {
      name: 'prod-1',
    }),
    ...renderVaultInstanceManifests({ name: 'univ-c' }, comps, {
      name: 'prod-1',
    }),
    ...renderVaultInstanceManifests({ name: 'univ-d' }, comps, {
      name: 'prod-1',
    }),
    ...renderVaultInstanceManifests(
      { name: 'univ-e', namespace: 'ns-e' },
      comps,
      { name: 'uca-1' },
    ),
  };
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), content);
  }
  return dir;
}

const subChart = (name: string, serviceAccount?: string): Entity =>
  makeSubChartEntity(name, {
    annotations: serviceAccount
      ? { [PEGASE_ANNOTATIONS.serviceAccount]: serviceAccount }
      : {},
  });

const cluster = (name: string, region: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: { [PEGASE_ANNOTATIONS.region]: region },
  },
  spec: { type: KUBERNETES_CLUSTER_TYPE, owner: 'group:default/ops' },
});

const instance = (
  name: string,
  clusterName: string,
  region: string,
  namespace = name,
  components = ['ins-backend', 'ref-backend', 'ins-batch'],
): Entity =>
  makeInstanceEntity(name, {
    cluster: clusterName,
    region,
    components,
    annotations: {
      [PEGASE_ANNOTATIONS.namespace]: namespace,
      [PEGASE_ANNOTATIONS.vaultPath]: `pegase/${namespace}`,
    },
  });

/** Catalog entities matching {@link writeGitops}. */
export function catalogEntities(): Entity[] {
  return [
    cluster('prod-1', 'eu-sxb-1'),
    cluster('uca-1', 'fr-cfe-uca'),
    subChart('ins-backend'),
    subChart('ref-backend'),
    // shares the serviceAccount of ins-backend
    subChart('ins-batch', 'ins-backend'),
    instance('univ-a', 'prod-1', 'eu-sxb-1'),
    instance('univ-b', 'prod-1', 'eu-sxb-1'),
    instance('univ-c', 'prod-1', 'eu-sxb-1'),
    instance('univ-d', 'prod-1', 'eu-sxb-1'),
    instance('univ-e', 'uca-1', 'fr-cfe-uca', 'ns-e'),
  ];
}

/**
 * An instance whose KV mount `pegase/univ-v1/kv` is a KV **v1** mount (added
 * to the stand-in by the test with `addKvV1Mount`); it runs no component, so
 * the component views of the fixture are unchanged.
 */
export function kvV1Instance(): Entity {
  return instance('univ-v1', 'prod-1', 'eu-sxb-1', 'univ-v1', []);
}

/** `pegase.vault.*` config for the stand-in serving both regions. */
export function vaultConfig(
  url: string,
  extra: Record<string, unknown> = {},
  auth: Record<string, unknown> = {
    method: 'token',
    token: 'stand-in-vault-token',
  },
): any {
  return {
    pegase: {
      vault: {
        clusters: [
          {
            name: 'vault-sxb',
            region: 'eu-sxb-1',
            url,
            auth,
            timeoutMs: 2000,
            ...extra,
          },
          {
            name: 'vault-uca',
            region: 'fr-cfe-uca',
            url,
            auth,
            timeoutMs: 2000,
            ...extra,
          },
        ],
      },
    },
  };
}

/** A cache that never hits (every call goes upstream). */
export function noCache(): CacheService {
  const c: CacheService = {
    get: async () => undefined,
    set: async () => {},
    delete: async () => {},
    withOptions: () => c,
  };
  return c;
}

/** A cache in memory, without expiry (what it keeps is what the views chose to keep). */
export function memoryCache(): CacheService {
  const values = new Map<string, unknown>();
  const c: CacheService = {
    get: async key => values.get(key) as any,
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async key => {
      values.delete(key);
    },
    withOptions: () => c,
  };
  return c;
}
