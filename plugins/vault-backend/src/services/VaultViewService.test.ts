import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  RunningVaultStandIn,
  startVaultStandIn,
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

const credentials = mockCredentials.user();
const univA = 'resource:default/univ-a';

describe('VaultViewService: upstream faults, auth and renewal', () => {
  let dir: string;
  let vault: RunningVaultStandIn;
  beforeAll(async () => {
    dir = writeGitops();
    vault = await startVaultStandIn({ port: 0, gitopsDir: dir });
  });
  afterEach(() => {
    vault.setFaults({
      sealed: false,
      forbidden: false,
      latencyMs: 0,
      namespace: undefined,
      tokenTtlSeconds: undefined,
    });
    vault.resetRequests();
  });
  afterAll(async () => {
    await vault.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const service = (
    extra: Record<string, unknown> = {},
    auth?: Record<string, unknown>,
    cache = noCache(),
  ) =>
    new VaultViewService({
      config: readVaultConfig(
        new ConfigReader(vaultConfig(vault.url, extra, auth)),
      ),
      catalog: catalogServiceMock({ entities: catalogEntities() }),
      cache,
      logger: mockServices.logger.mock(),
    });

  it('reports a sealed Vault per part, without failing the view', async () => {
    vault.setFaults({ sealed: true });
    const view = await service().instanceView(univA, credentials);
    for (const p of [
      view.engines,
      view.database,
      view.authRole,
      view.policies,
    ]) {
      expect(p.error).toMatchObject({ code: 'sealed', status: 503 });
      expect(p.error?.message).toContain('Vault vault-sxb is sealed');
    }
  });

  it('reports forbidden (403) and an expired token', async () => {
    vault.setFaults({ forbidden: true });
    const forbidden = await service().instanceView(univA, credentials);
    expect(forbidden.engines.error).toMatchObject({
      code: 'forbidden',
      status: 403,
    });

    vault.setFaults({ forbidden: false });
    const expired = await service(
      {},
      { method: 'token', token: 'revoked-token' },
    ).instanceView(univA, credentials);
    expect(expired.database.error).toMatchObject({
      code: 'token-expired',
      status: 403,
    });
    expect(expired.database.error?.message).toContain('expired or revoked');
  });

  it('times out on a slow Vault with a clear message', async () => {
    vault.setFaults({ latencyMs: 400 });
    const view = await service({ timeoutMs: 100 }).instanceView(
      univA,
      credentials,
    );
    expect(view.engines.error).toMatchObject({ code: 'timeout' });
    expect(view.engines.error?.message).toContain(
      'did not answer within 100 ms',
    );
  });

  it('sends the Vault Enterprise namespace', async () => {
    vault.setFaults({ namespace: 'pcscol/pegase' });
    const without = await service().instanceView(univA, credentials);
    expect(without.engines.error?.code).toBe('forbidden');
    const view = await service({ namespace: 'pcscol/pegase' }).instanceView(
      univA,
      credentials,
    );
    expect(view.engines.data?.length).toBe(2);
    expect(view.policies.data?.[0].uiUrl).toContain(
      '?namespace=pcscol%2Fpegase',
    );
    expect(
      vault.requests.every(
        r => r.method === 'LIST' || r.method === 'GET' || r.method === 'POST',
      ),
    ).toBe(true);
  });

  it('logs in with AppRole, renews the token before expiry and logs in again when it expired', async () => {
    vault.setFaults({ tokenTtlSeconds: 4 });
    const svc = service(
      {},
      {
        method: 'approle',
        roleId: 'pegase-portal-role-id',
        secretId: 'pegase-portal-secret-id',
        renewBeforeSeconds: 2,
      },
    );
    const first = await svc.instanceView(univA, credentials);
    expect(first.database.data?.staticRoles.length).toBe(4);
    expect(
      vault.requests.filter(r => r.path === '/v1/auth/approle/login'),
    ).toHaveLength(1);
    await new Promise(r => setTimeout(r, 2300)); // under 2 s left: renew
    await svc.instanceView(univA, credentials);
    expect(
      vault.requests.filter(r => r.path === '/v1/auth/token/renew-self'),
    ).toHaveLength(1);
    expect(
      vault.requests.filter(r => r.path === '/v1/auth/approle/login'),
    ).toHaveLength(1);
  });

  it('logs in with Kubernetes auth from a serviceAccount token file', async () => {
    const jwtPath = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'vault-jwt-')),
      'token',
    );
    fs.writeFileSync(jwtPath, 'header.payload.signature\n');
    const view = await service(
      {},
      {
        method: 'kubernetes',
        role: 'pegase-portal',
        kubernetesMount: 'kubernetes/prod-1',
        jwtPath,
      },
    ).instanceView(univA, credentials);
    expect(view.engines.error).toBeUndefined();
    expect(view.authRole.data?.name).toBe('univ-a');
    expect(
      vault.requests.filter(r => r.path === '/v1/auth/kubernetes/prod-1/login'),
    ).toHaveLength(1);
    const bad = await service(
      {},
      {
        method: 'kubernetes',
        role: 'nope',
        kubernetesMount: 'kubernetes/prod-1',
        jwtPath,
      },
    ).instanceView(univA, credentials);
    expect(bad.engines.error).toMatchObject({ code: 'auth' });
    expect(bad.engines.error?.message).toContain(
      'cannot log in to Vault vault-sxb (kubernetes)',
    );
  });

  it('coalesces identical requests of concurrent views', async () => {
    const svc = service();
    await Promise.all([
      svc.instanceView(univA, credentials),
      svc.instanceView(univA, credentials),
      svc.instanceView(univA, credentials),
    ]);
    const mounts = vault.requests.filter(r => r.path === '/v1/sys/mounts');
    expect(mounts).toHaveLength(1);
  });

  it('remembers a 403 for refusalCacheSeconds and does not log in again on every 403', async () => {
    const svc = service(
      { refusalCacheSeconds: 30 },
      {
        method: 'approle',
        roleId: 'pegase-portal-role-id',
        secretId: 'pegase-portal-secret-id',
      },
    );
    await svc.instanceView(univA, credentials);
    vault.setFaults({ forbidden: true });
    vault.resetRequests();
    const first = await svc.instanceView(univA, credentials);
    // Vault's multierror body, read as its one message
    expect(first.engines.error).toEqual({
      code: 'forbidden',
      status: 403,
      message: 'Vault vault-sxb denied the request (403 permission denied)',
    });
    const second = await svc.instanceView(univA, credentials);
    expect(second.engines.error).toMatchObject({ code: 'forbidden' });
    expect(second.upstreamCalls).toBe(0);
    const logins = vault.requests.filter(r => r.path.endsWith('/login'));
    // the token is still valid (lookup-self answers): a missing policy mints no token
    expect(logins).toEqual([]);
    expect(
      vault.requests.filter(r => r.path === '/v1/auth/token/lookup-self'),
    ).toHaveLength(1);
  });

  it('keeps a view only when none of its parts failed', async () => {
    const svc = service({ refusalCacheSeconds: 0 }, undefined, memoryCache());
    vault.setFaults({ sealed: true });
    const sealed = await svc.instanceView(univA, credentials);
    expect(sealed.engines.error?.code).toBe('sealed');
    // a failed part answers at once; its sibling requests are still in flight
    const settle = () => new Promise(r => setTimeout(r, 200));
    await settle();
    vault.setFaults({ sealed: false });
    const fresh = await svc.instanceView(univA, credentials);
    expect(fresh.engines.error).toBeUndefined();
    expect(fresh.upstreamCalls).toBeGreaterThan(0);
    const cached = await svc.instanceView(univA, credentials);
    expect(cached.upstreamCalls).toBe(0);
    expect(cached.policies).toEqual(fresh.policies);

    const component = 'component:default/ins-backend';
    vault.setFaults({ forbidden: true });
    const denied = await svc.componentView(component, credentials);
    // univ-a's role is cached from the instance view above: univ-b's is not
    expect(denied.instances[1].authRole.error?.code).toBe('forbidden');
    await settle();
    vault.setFaults({ forbidden: false });
    const again = await svc.componentView(component, credentials);
    expect(again.instances[1].authRole.error).toBeUndefined();
    expect(again.upstreamCalls).toBeGreaterThan(0);
  });

  it('refuses an unknown region when several clusters are configured', async () => {
    const svc = service();
    expect(() => svc.clientFor('mars-1', 'resource:default/x')).toThrow(
      /no Vault cluster serves it/,
    );
  });

  // the rule of the portal, over every test above: not one request for a secret value
  it('never requested a secret value (KV data, static-creds, creds)', () => {
    expect(vault.violations).toEqual([]);
  });
});
