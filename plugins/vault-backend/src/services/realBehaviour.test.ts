import fs from 'node:fs';
import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { CacheService } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  RunningVaultStandIn,
  startVaultStandIn,
  X509_KEY_PEM,
} from '@pcscol/stand-ins/vault';
import {
  catalogEntities,
  memoryCache,
  noCache,
  vaultConfig,
  writeGitops,
} from '../__testUtils__/fixture';
import { readVaultConfig } from '../config';
import { VaultViewService } from './VaultViewService';

/*
 * The points of issue 24 against the stand-in, which answers as Vault does
 * (each behaviour's source is named in packages/stand-ins/src/vault): several
 * nodes with one sealed, glob and selector bindings, JSON policies and `+`
 * paths, scheduled rotations, deep KV keys, a MongoDB x509 connection, mount
 * templates.
 */

const credentials = mockCredentials.user();
const univA = 'resource:default/univ-a';
const univB = 'resource:default/univ-b';
const component = 'component:default/ins-backend';

/** A cache that records every value it is given. */
function recordingCache(): { cache: CacheService; values: unknown[] } {
  const inner = memoryCache();
  const values: unknown[] = [];
  const cache: CacheService = {
    get: k => inner.get(k),
    set: async (k, v, o) => {
      values.push(v);
      return inner.set(k, v, o);
    },
    delete: k => inner.delete(k),
    withOptions: () => cache,
  };
  return { cache, values };
}

describe('the Vault views against Vault as it really behaves', () => {
  let dir: string;
  let vault: RunningVaultStandIn;
  beforeEach(async () => {
    dir = writeGitops();
    vault = await startVaultStandIn({
      port: 0,
      gitopsDir: dir,
      faults: { nodes: ['sealed', 'standby', 'active'] },
    });
  });
  afterEach(async () => {
    const violations = vault.violations.length;
    await vault.stop();
    if (violations) throw new Error(`${violations} secret reads`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const service = (
    extra: Record<string, unknown> = {},
    cache: CacheService = noCache(),
    root: Record<string, unknown> = {},
  ) => {
    const config = vaultConfig(vault.url, {
      url: undefined,
      nodes: vault.nodes.map(n => n.url),
      ...extra,
    });
    Object.assign(config.pegase.vault, root);
    return new VaultViewService({
      config: readVaultConfig(new ConfigReader(config)),
      catalog: catalogServiceMock({ entities: catalogEntities() }),
      cache,
      logger: mockServices.logger.mock(),
    });
  };

  it('reads from the active node when another is sealed, says which node answered, and follows a failover', async () => {
    const [sealed, standby, active] = vault.nodes.map(n => n.url);
    const svc = service();
    const view = await svc.instanceView(univA, credentials);
    expect(view.engines.error).toBeUndefined();
    expect(view.vault.node).toBe(active);
    expect(view.vault.nodes).toEqual([
      { url: sealed, state: 'sealed', status: 503, version: '1.21.0' },
      { url: standby, state: 'standby', status: 429, version: '1.21.0' },
      { url: active, state: 'active', status: 200, version: '1.21.0' },
    ]);
    // the portal read nothing but sys/health from the sealed node
    expect(vault.requests.filter(r => r.node === 0).map(r => r.path)).toEqual([
      '/v1/sys/health',
    ]);

    // failover: the active node seals, the standby takes over
    vault.setNodeStatus(2, 'sealed');
    vault.setNodeStatus(1, 'active');
    const after = await svc.instanceView(univB, credentials);
    expect(after.engines.error).toBeUndefined();
    expect(after.vault.node).toBe(standby);

    // the whole region is sealed only when every node is
    vault.setNodeStatus(1, 'sealed');
    const down = await service().instanceView(univA, credentials);
    expect(down.engines.error).toMatchObject({ code: 'sealed', status: 503 });
  });

  it('keeps a MongoDB x509 private key out of the cache and the answer', async () => {
    const { cache, values } = recordingCache();
    const view = await service({}, cache).instanceView(univB, credentials);
    const mongo = view.database.data!.connections.find(
      c => c.name === 'mongodb',
    )!;
    expect(mongo.connectionUrl).toContain('authMechanism=MONGODB-X509');
    expect(Object.keys(mongo).sort()).toEqual([
      'allowedRoles',
      'connectionUrl',
      'name',
      'passwordPolicy',
      'pluginName',
      'uiUrl',
      'username',
    ]);
    const key = X509_KEY_PEM.split('\n')[1];
    expect(values.length).toBeGreaterThan(5);
    for (const text of [JSON.stringify(values), JSON.stringify(view)]) {
      expect(text).not.toContain('tls_certificate_key');
      expect(text).not.toContain('tls_ca');
      expect(text).not.toContain(key);
      expect(text).not.toContain('PRIVATE KEY');
    }
  });

  it('binds roles by glob, and says "bound by namespace selector" when only the selector can tell', async () => {
    const roles = vault.state.kubernetesRoles.get('kubernetes/prod-1')!;
    roles.get('univ-a')!.bound_service_account_names = ['ins-*', 'ref-*'];
    roles.get('univ-a')!.bound_service_account_namespaces = ['univ-*'];
    const b = roles.get('univ-b')!;
    b.bound_service_account_namespaces = [];
    b.bound_service_account_namespace_selector =
      '{"matchLabels":{"pc-scol.fr/platform":"pegase"}}';
    roles.get('univ-c')!.bound_service_account_names = ['other-*'];
    const view = await service().componentView(component, credentials, {
      limit: 3,
    });
    expect(view.instances.map(i => [i.instance, i.binding, i.bound])).toEqual([
      ['univ-a', 'bound', true],
      ['univ-b', 'namespace-selector', true],
      ['univ-c', 'not-bound', false],
    ]);
    expect(view.instances[0].databaseRoles.data?.length).toBeGreaterThan(0);
    expect(view.instances[1].authRole.data).toMatchObject({
      boundServiceAccountNamespaceSelector:
        '{"matchLabels":{"pc-scol.fr/platform":"pegase"}}',
    });
    expect(view.instances[1].policies.data?.map(p => p.name)).toContain(
      'univ-b-db',
    );
    expect(view.instances[2].policies.data).toEqual([]);
  });

  it('decides a namespace selector on the name label Kubernetes puts on every namespace, and says "labels unknown" otherwise', async () => {
    // kubernetes.io/metadata.name (k8s.io/api core/v1 well_known_labels.go, Kubernetes 1.21+)
    const roles = vault.state.kubernetesRoles.get('kubernetes/prod-1')!;
    const byName = (namespaces: string[], extra = {}) =>
      JSON.stringify({
        matchLabels: extra,
        matchExpressions: [
          {
            key: 'kubernetes.io/metadata.name',
            operator: 'In',
            values: namespaces,
          },
        ],
      });
    for (const [name, selector] of [
      ['univ-a', byName(['univ-a', 'univ-b'])],
      ['univ-b', byName(['univ-b'], { 'pc-scol.fr/platform': 'pegase' })],
      ['univ-c', byName(['univ-a'], { 'pc-scol.fr/platform': 'pegase' })],
    ]) {
      const r = roles.get(name)!;
      r.bound_service_account_namespaces = [];
      r.bound_service_account_namespace_selector = selector;
    }
    const view = await service().componentView(component, credentials, {
      limit: 3,
    });
    expect(view.instances.map(i => [i.instance, i.binding, i.bound])).toEqual([
      ['univ-a', 'bound', true],
      ['univ-b', 'namespace-selector', true],
      ['univ-c', 'not-bound', false],
    ]);
    expect(view.instances[2].policies.data).toEqual([]);
  });

  it('reads JSON policies and + paths, and matches them as Vault does', async () => {
    vault.state.policies.set(
      'univ-b-db',
      JSON.stringify({
        path: {
          'pegase/+/database/static-creds/mongodb-*': {
            capabilities: ['read'],
          },
          'pegase/univ-b/database/creds/+': { capabilities: ['read'] },
          'pegase/univ-b/database/creds/postgres-ro': {
            capabilities: ['deny'],
          },
        },
      }),
    );
    const view = await service().componentView(component, credentials, {
      offset: 1,
      limit: 1,
    });
    const b = view.instances[0];
    expect(b.instance).toBe('univ-b');
    expect(
      b.policies.data?.find(p => p.name === 'univ-b-db')?.rules.length,
    ).toBe(3);
    expect(
      b.databaseRoles.data?.map(r => `${r.type}:${r.name} <- ${r.grantedBy}`),
    ).toEqual([
      'static:mongodb-owner <- univ-b-db: pegase/+/database/static-creds/mongodb-*',
      'dynamic:mongodb-ro <- univ-b-db: pegase/univ-b/database/creds/+',
      'static:mongodb-rw <- univ-b-db: pegase/+/database/static-creds/mongodb-*',
    ]);
  });

  it('shows a rotation schedule and flags a missed scheduled rotation', async () => {
    const role = vault.state.staticRoles
      .get('pegase/univ-a/database')!
      .get('postgres-owner')!;
    role.rotation_period = 0;
    role.rotation_schedule = '0 0 * * *';
    role.rotation_window = 3600;
    role.lastRotationAgo = 3 * 86400;
    const view = await service().instanceView(univA, credentials);
    const r = view.database.data!.staticRoles.find(
      x => x.name === 'postgres-owner',
    )!;
    expect(r).toMatchObject({
      rotationSchedule: '0 0 * * *',
      rotationWindow: 3600,
      rotationOverdue: true,
    });
    expect(r.rotationPeriod).toBeUndefined();
    expect(r.nextScheduledRotation).toMatch(/T00:00:00\.000Z$/);
    expect(
      view.findings.find(f => f.subject === 'postgres-owner')?.params,
    ).toMatchObject({ schedule: '0 0 * * *' });
  });

  it('lists KV keys deeper than folder/key, within its bounds', async () => {
    const tree = vault.state.kv.get('pegase/univ-a/kv')!;
    const meta = [...tree.values()][0];
    tree.set('ins-backend/smtp/relay/credentials', meta);
    tree.set('ins-backend/smtp/sender', meta);
    const deep = await service().kvView(univA, credentials);
    const folder = deep.kv.data!.find(f => f.name === 'ins-backend')!;
    expect(folder.keys.map(k => k.path)).toEqual(
      expect.arrayContaining([
        'ins-backend/smtp/sender',
        'ins-backend/smtp/relay/credentials',
      ]),
    );
    expect(folder.truncated).toBeUndefined();
    const shallow = await service({}, noCache(), {
      kv: { maxDepth: 1 },
    }).kvView(univA, credentials);
    const cut = shallow.kv.data!.find(f => f.name === 'ins-backend')!;
    expect(cut.truncated).toBe(true);
    expect(cut.keys.map(k => k.path)).not.toContain('ins-backend/smtp/sender');
  });

  it('reads mounts named by the templates of pegase.vault.mounts', async () => {
    // move the Kubernetes auth mount and the database engine of univ-a
    const auth = vault.state.auths.get('kubernetes/prod-1')!;
    vault.state.auths.set('k8s/prod-1', auth);
    vault.state.kubernetesRoles.set(
      'k8s/prod-1',
      vault.state.kubernetesRoles.get('kubernetes/prod-1')!,
    );
    for (const m of [
      vault.state.mounts,
      vault.state.dbConnections,
      vault.state.staticRoles,
      vault.state.dynamicRoles,
    ] as Array<Map<string, any>>)
      m.set('pegase/univ-a/db', m.get('pegase/univ-a/database'));
    const view = await service({}, noCache(), {
      mounts: { kubernetesAuth: 'k8s/{cluster}', database: '{vaultPath}/db' },
    }).instanceView(univA, credentials);
    expect(view.authRole.data?.mount).toBe('k8s/prod-1');
    expect(view.authMount).toBe('k8s/prod-1');
    expect(view.database.data?.mount).toBe('pegase/univ-a/db');
    expect(view.database.data?.staticRoles.length).toBe(4);
  });

  // the rule of the portal, over every test above: each afterEach fails on a secret read
  it('never requests a secret value while doing all this', async () => {
    await service().componentView(component, credentials);
    expect(vault.violations).toEqual([]);
  });
});
