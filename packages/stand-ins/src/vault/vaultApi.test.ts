import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  renderVaultClusterManifests,
  renderVaultInstanceManifests,
} from '@pcscol/plugin-pegase-node';
import {
  DEFAULT_VAULT_TOKEN,
  RunningVaultStandIn,
  startVaultStandIn,
} from './vaultApi';

function writeGitops(dir: string) {
  const files = {
    ...renderVaultClusterManifests({ name: 'prod-1' }),
    ...renderVaultInstanceManifests(
      { name: 'univ-a' },
      ['ins-backend', 'ref-backend'],
      { name: 'prod-1' },
    ),
    ...renderVaultInstanceManifests(
      { name: 'univ-b', namespace: 'ns-b' },
      ['ins-backend'],
      { name: 'prod-1' },
    ),
    ...renderVaultInstanceManifests({ name: 'univ-c' }, ['ins-backend'], {
      name: 'prod-1',
    }),
    ...renderVaultInstanceManifests({ name: 'univ-d' }, ['ins-backend'], {
      name: 'prod-1',
    }),
  };
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), content);
  }
}

function call(
  base: string,
  method: string,
  p: string,
  headers: Record<string, string> = { 'x-vault-token': DEFAULT_VAULT_TOKEN },
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${p}`, { method, headers }, res => {
      let text = '';
      res.on('data', d => (text += d));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: text ? JSON.parse(text) : undefined,
        }),
      );
    });
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

describe('Vault stand-in', () => {
  let dir: string;
  let vault: RunningVaultStandIn;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-stand-in-'));
    writeGitops(dir);
    vault = await startVaultStandIn({ port: 0, gitopsDir: dir });
  });
  afterAll(async () => {
    await vault.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() =>
    vault.setFaults({ sealed: false, forbidden: false, namespace: undefined }),
  );

  it('answers mounts, auth methods and policies built from the CRs', async () => {
    const mounts = await call(vault.url, 'GET', '/v1/sys/mounts');
    expect(mounts.status).toBe(200);
    expect(mounts.body.data['pegase/ns-b/kv/']).toMatchObject({
      type: 'kv',
      options: { version: '2' },
    });
    expect(mounts.body['pegase/univ-a/database/']).toMatchObject({
      type: 'database',
    });
    const auths = await call(vault.url, 'GET', '/v1/sys/auth');
    expect(auths.body.data['kubernetes/prod-1/']).toMatchObject({
      type: 'kubernetes',
    });
    const policies = await call(
      vault.url,
      'GET',
      '/v1/sys/policies/acl?list=true',
    );
    expect(policies.body.data.keys).toEqual(
      expect.arrayContaining([
        'pegase-component-prod-1',
        'univ-a-db',
        'univ-a-debug',
      ]),
    );
  });

  it('supports the LIST verb and GET ?list=true, over keep-alive connections', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (method: string, p: string) =>
      new Promise<any>((resolve, reject) => {
        const req = http.request(
          `${vault.url}${p}`,
          { method, agent, headers: { 'x-vault-token': DEFAULT_VAULT_TOKEN } },
          res => {
            let t = '';
            res.on('data', d => (t += d));
            res.on('end', () =>
              resolve({ status: res.statusCode, body: JSON.parse(t) }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      });
    const a = await get('LIST', '/v1/pegase/univ-a/database/static-roles');
    const b = await get(
      'GET',
      '/v1/pegase/univ-a/database/static-roles?list=true',
    );
    const c = await get('LIST', '/v1/pegase/univ-a/kv/metadata/');
    agent.destroy();
    expect(a.status).toBe(200);
    expect(a.body.data.keys).toEqual([
      'mongodb-owner',
      'mongodb-rw',
      'postgres-owner',
      'postgres-rw',
    ]);
    expect(b.body).toMatchObject({ data: a.body.data });
    expect(c.body.data.keys).toEqual(['ins-backend/', 'ref-backend/']);
  });

  it('answers database metadata without any password, and the deliberate findings', async () => {
    const conn = await call(
      vault.url,
      'GET',
      '/v1/pegase/univ-a/database/config/postgres',
    );
    expect(conn.body.data.connection_details.connection_url).toContain(
      '{{password}}',
    );
    expect(JSON.stringify(conn.body)).not.toMatch(/"password"\s*:/);
    const stat = await call(
      vault.url,
      'GET',
      '/v1/pegase/univ-a/database/static-roles/postgres-owner',
    );
    expect(stat.body.data).toMatchObject({
      db_name: 'postgres',
      username: 'pegase_owner',
      rotation_period: 86400,
    });
    expect(Date.parse(stat.body.data.last_vault_rotation)).toBeLessThanOrEqual(
      Date.now(),
    );
    expect(vault.state.deliberate.noMaxTtl).toMatchObject({
      instance: 'univ-b',
      role: 'mongodb-ro',
    });
    const dyn = await call(
      vault.url,
      'GET',
      '/v1/pegase/ns-b/database/roles/mongodb-ro',
    );
    expect(dyn.body.data.max_ttl).toBe(0);
    const missing = await call(
      vault.url,
      'GET',
      '/v1/pegase/univ-c/database/static-roles/postgres-rw',
    );
    expect(missing.status).toBe(404);
    const role = await call(
      vault.url,
      'GET',
      '/v1/auth/kubernetes/prod-1/role/univ-a',
    );
    expect(role.body.data.bound_service_account_names).toEqual([
      'ins-backend',
      'ref-backend',
    ]);
    expect(role.body.data.token_policies).toContain('univ-a-debug');
    expect(vault.state.deliberate.overdue[0]).toMatchObject({
      instance: 'univ-d',
      role: 'postgres-owner',
    });
  });

  it('records a violation and answers 500 for any secret read', async () => {
    const before = vault.violations.length;
    for (const p of [
      '/v1/pegase/univ-a/kv/data/ins-backend/database',
      '/v1/pegase/univ-a/database/static-creds/postgres-rw',
      '/v1/pegase/univ-a/database/creds/postgres-ro',
    ]) {
      expect((await call(vault.url, 'GET', p)).status).toBe(500);
    }
    expect(vault.violations.length - before).toBe(3);
    vault.violations.splice(0);
  });

  it('simulates sealed, forbidden, namespaces and bad tokens', async () => {
    vault.setFaults({ sealed: true });
    expect((await call(vault.url, 'GET', '/v1/sys/mounts')).status).toBe(503);
    expect((await call(vault.url, 'GET', '/v1/sys/health')).body.sealed).toBe(
      true,
    );
    vault.setFaults({ sealed: false, forbidden: true });
    // Vault's multierror body of a policy refusal (http/handler.go respondError)
    expect(await call(vault.url, 'GET', '/v1/sys/mounts')).toEqual({
      status: 403,
      body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] },
    });
    vault.setFaults({ forbidden: false, namespace: 'pcscol' });
    expect((await call(vault.url, 'GET', '/v1/sys/mounts')).status).toBe(403);
    expect(
      (
        await call(vault.url, 'GET', '/v1/sys/mounts', {
          'x-vault-token': DEFAULT_VAULT_TOKEN,
          'x-vault-namespace': 'pcscol',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(vault.url, 'GET', '/v1/sys/mounts', {
          'x-vault-token': 'nope',
        })
      ).status,
    ).toBe(403);
  });

  it('logs in with AppRole and Kubernetes, and expires tokens after their TTL', async () => {
    vault.setFaults({ tokenTtlSeconds: 1 });
    const login = await call(
      vault.url,
      'POST',
      '/v1/auth/approle/login',
      {},
      {
        role_id: 'pegase-portal-role-id',
        secret_id: 'pegase-portal-secret-id',
      },
    );
    expect(login.body.auth).toMatchObject({
      lease_duration: 1,
      renewable: true,
    });
    const token = login.body.auth.client_token;
    const k8s = await call(
      vault.url,
      'POST',
      '/v1/auth/kubernetes/prod-1/login',
      {},
      { role: 'pegase-portal', jwt: 'a.b.c' },
    );
    expect(k8s.status).toBe(200);
    const self = await call(vault.url, 'GET', '/v1/auth/token/lookup-self', {
      'x-vault-token': token,
    });
    expect(self.body.data).toMatchObject({ renewable: true, creation_ttl: 1 });
    await new Promise(r => setTimeout(r, 1100));
    const expired = await call(vault.url, 'GET', '/v1/sys/mounts', {
      'x-vault-token': token,
    });
    // a bad token: both messages (Vault 1.17+, docs concepts/tokens "Error responses")
    expect(expired).toMatchObject({
      status: 403,
      body: {
        errors: [
          '2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n',
        ],
      },
    });
    vault.setFaults({ tokenTtlSeconds: undefined });
  });

  it('answers Kubernetes roles as the plugin does: legacy fields only when written, the selector always', async () => {
    const roles = vault.state.kubernetesRoles.get('kubernetes/prod-1')!;
    const read = async (name: string) =>
      (await call(vault.url, 'GET', `/v1/auth/kubernetes/prod-1/role/${name}`))
        .body.data;
    const a = await read('univ-a');
    expect(a).toMatchObject({
      token_policies: expect.any(Array),
      bound_service_account_namespace_selector: '',
    });
    expect(a).not.toHaveProperty('policies');
    expect(a).not.toHaveProperty('ttl');
    roles.set('legacy', {
      ...roles.get('univ-a')!,
      bound_service_account_names: ['pegase-*'],
      bound_service_account_namespaces: [],
      bound_service_account_namespace_selector:
        '{"matchLabels":{"team":"pegase"}}',
      legacy: { policies: true, ttl: true },
    });
    const legacy = await read('legacy');
    expect(legacy).toMatchObject({
      policies: legacy.token_policies,
      ttl: legacy.token_ttl,
      bound_service_account_names: ['pegase-*'],
      bound_service_account_namespace_selector:
        '{"matchLabels":{"team":"pegase"}}',
    });
    expect(legacy).not.toHaveProperty('max_ttl');
    roles.delete('legacy');
  });

  it('answers a static role with rotation_period or rotation_schedule, never both', async () => {
    const roles = vault.state.staticRoles.get('pegase/univ-a/database')!;
    const read = async (name: string) =>
      (
        await call(
          vault.url,
          'GET',
          `/v1/pegase/univ-a/database/static-roles/${name}`,
        )
      ).body.data;
    const period = await read('mongodb-owner');
    expect(period.rotation_period).toBe(86400);
    expect(period).not.toHaveProperty('rotation_schedule');
    roles.set('scheduled', {
      ...roles.get('mongodb-owner')!,
      rotation_period: 0,
      rotation_schedule: '0 0 * * SAT',
      rotation_window: 3600,
    });
    const scheduled = await read('scheduled');
    expect(scheduled).toMatchObject({
      rotation_schedule: '0 0 * * SAT',
      rotation_window: 3600,
    });
    expect(scheduled).not.toHaveProperty('rotation_period');
    roles.delete('scheduled');
  });

  it('answers a MongoDB x509 connection with its tls_certificate_key, as Vault does', async () => {
    const x = vault.state.deliberate.x509!;
    expect(x.instance).toBe('univ-b');
    const c = await call(
      vault.url,
      'GET',
      `/v1/${x.mount}/config/${x.connection}`,
    );
    expect(c.body.data.connection_details.tls_certificate_key).toMatch(
      /BEGIN PRIVATE KEY/,
    );
    expect(c.body.data.connection_details).not.toHaveProperty('password');
  });
});

describe('Vault stand-in: several nodes and sys/health', () => {
  let dir: string;
  let vault: RunningVaultStandIn;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-nodes-'));
    writeGitops(dir);
    vault = await startVaultStandIn({
      port: 0,
      gitopsDir: dir,
      faults: { nodes: ['sealed', 'standby', 'active'] },
    });
  });
  afterAll(async () => {
    await vault.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // hashicorp/vault http/sys_health.go getSysHealth and the API docs of /sys/health
  it('answers sys/health with each state code, and its query parameters', async () => {
    const [sealed, standby, active] = vault.nodes.map(n => n.url);
    const health = (url: string, q = '') =>
      call(url, 'GET', `/v1/sys/health${q}`, {});
    expect((await health(active)).status).toBe(200);
    expect((await health(standby)).status).toBe(429);
    const s = await health(sealed);
    expect(s.status).toBe(503);
    expect(s.body).toMatchObject({ sealed: true, initialized: true });
    expect(s.body).not.toHaveProperty('cluster_name');
    expect((await health(standby, '?standbyok=true')).status).toBe(200);
    expect((await health(sealed, '?sealedcode=200')).status).toBe(200);
    expect((await health(active, '?activecode=204')).status).toBe(204);
    expect((await health(standby, '?standbycode=abc')).status).toBe(400);
    expect((await health(standby, '?standbyok=maybe')).status).toBe(400);
    for (const [status, code] of [
      ['performance-standby', 473],
      ['dr-secondary', 472],
      ['not-initialized', 501],
    ] as const) {
      vault.setNodeStatus(1, status);
      expect((await health(standby)).status).toBe(code);
    }
    vault.setNodeStatus(1, 'performance-standby');
    expect((await health(standby, '?perfstandbyok=true')).status).toBe(200);
    vault.setNodeStatus(1, 'standby');
  });

  it('serves from the active node and the standby; a sealed node answers 503', async () => {
    const [sealed, standby, active] = vault.nodes.map(n => n.url);
    expect((await call(active, 'GET', '/v1/sys/mounts')).status).toBe(200);
    expect((await call(standby, 'GET', '/v1/sys/mounts')).status).toBe(200);
    expect(await call(sealed, 'GET', '/v1/sys/mounts')).toEqual({
      status: 503,
      body: { errors: ['Vault is sealed'] },
    });
    vault.setNodeStatus(2, 'sealed');
    expect((await call(standby, 'GET', '/v1/sys/mounts')).status).toBe(500);
    vault.setNodeStatus(2, 'active');
  });
});
