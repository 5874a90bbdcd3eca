import {
  assertAllowedVaultRequest,
  authMountPattern,
  mountTableOf,
  needsMountTable,
  normaliseVaultRequest,
  VaultMountTable,
  VaultSecretAccessError,
} from './guard';

/** The mount table of a Vault with the mounts of an instance, a KV v1 and a transit mount. */
const MOUNTS: VaultMountTable = mountTableOf({
  data: {
    'pegase/univ-x/kv/': { type: 'kv', options: { version: '2' } },
    'pegase/univ-x/database/': { type: 'database', options: null },
    'legacy/kv1/': { type: 'kv', options: { version: '1' } },
    'old-generic/': { type: 'kv', options: null },
    'transit/': { type: 'transit', options: null },
    'cubbyhole/': { type: 'cubbyhole', options: null },
    'identity/': { type: 'identity', options: null },
    'sys/': { type: 'system', options: null },
  },
});

const refusal = (method: string, path: string, mounts = MOUNTS) => {
  try {
    assertAllowedVaultRequest(method, path, mounts);
  } catch (e) {
    expect(e).toBeInstanceOf(VaultSecretAccessError);
    return e as VaultSecretAccessError;
  }
  throw new Error(`${method} ${path} was let through`);
};

describe('the Vault allow-list (assertAllowedVaultRequest)', () => {
  it('reads the mount table of sys/mounts, KV versions included', () => {
    expect(MOUNTS.get('pegase/univ-x/kv')).toEqual({
      type: 'kv',
      version: '2',
    });
    expect(MOUNTS.get('legacy/kv1')).toEqual({ type: 'kv', version: '1' });
    expect(MOUNTS.get('old-generic')).toEqual({ type: 'kv' });
    // the top-level copy of the answer (sys/mounts repeats the data) reads the same
    expect(
      mountTableOf({ 'a/': { type: 'kv', options: { version: '2' } } }).get(
        'a',
      ),
    ).toEqual({ type: 'kv', version: '2' });
  });

  it.each([
    // sys
    ['GET', '/sys/mounts'],
    ['LIST', '/sys/policies/acl'],
    ['GET', '/sys/policies/acl?list=true'],
    ['GET', '/sys/policies/acl/univ-x-db'],
    // KV v2 metadata
    ['LIST', '/pegase/univ-x/kv/metadata/'],
    ['GET', '/pegase/univ-x/kv/metadata/ins-backend/?list=1'],
    ['GET', '/pegase/univ-x/kv/metadata/ins-backend/database'],
    ['GET', '/v1/pegase/univ-x/kv/metadata/ins-backend%2Fdatabase'],
    // KV v1: LIST only
    ['LIST', '/legacy/kv1/'],
    ['LIST', '/legacy/kv1/ins-backend/'],
    ['GET', '/legacy/kv1/ins-backend/?list=true'],
    ['LIST', '/old-generic/x'],
    // database
    ['LIST', '/pegase/univ-x/database/config'],
    ['GET', '/pegase/univ-x/database/config/postgres'],
    ['LIST', '/pegase/univ-x/database/roles'],
    ['GET', '/pegase/univ-x/database/roles/postgres-ro'],
    ['LIST', '/pegase/univ-x/database/static-roles'],
    ['GET', '/pegase/univ-x/database/static-roles/postgres-rw'],
    // Kubernetes auth roles
    ['LIST', '/auth/kubernetes/prod-1/role'],
    ['GET', '/auth/kubernetes/prod-1/role/univ-x'],
    ['GET', '/auth/kubernetes/role/univ-x'],
    // logins and the portal's own token
    ['POST', '/auth/approle/login'],
    ['POST', '/auth/kubernetes/login'],
    ['POST', '/auth/kubernetes/prod-1/login'],
    ['PUT', '/auth/approle/login'],
    ['POST', '/auth/token/renew-self'],
    ['GET', '/auth/token/lookup-self'],
  ])('lets %s %s through', (method, path) => {
    expect(() => assertAllowedVaultRequest(method, path, MOUNTS)).not.toThrow();
  });

  it.each([
    // KV v2 values and structure
    ['GET', '/pegase/univ-x/kv/data/ins-backend/database'],
    ['LIST', '/pegase/univ-x/kv/data/'],
    ['GET', '/pegase/univ-x/kv/DATA/ins-backend/database'],
    ['GET', '/pegase/univ-x/kv/subkeys/ins-backend/database'],
    ['GET', '/pegase/univ-x/kv/config'],
    ['GET', '/pegase/univ-x/kv/metadata'],
    ['POST', '/pegase/univ-x/kv/metadata/x'],
    ['DELETE', '/pegase/univ-x/kv/metadata/x'],
    // KV v1: a GET answers the values
    ['GET', '/legacy/kv1/ins-backend/database'],
    ['GET', '/old-generic/x'],
    ['HEAD', '/legacy/kv1/x'],
    // database credentials and writes
    ['GET', '/pegase/univ-x/database/static-creds/postgres-rw'],
    ['GET', '/pegase/univ-x/database/creds/postgres-ro'],
    ['LIST', '/pegase/univ-x/database/creds'],
    ['POST', '/pegase/univ-x/database/rotate-role/postgres-rw'],
    ['POST', '/pegase/univ-x/database/rotate-root/postgres'],
    ['GET', '/pegase/univ-x/database/config/postgres/extra'],
    // other engines and system paths
    ['GET', '/transit/export/encryption-key/k'],
    ['GET', '/transit/keys/k'],
    ['GET', '/cubbyhole/x'],
    ['LIST', '/cubbyhole/'],
    ['GET', '/identity/entity/id/x'],
    ['LIST', '/identity/entity/id'],
    ['POST', '/sys/wrapping/lookup'],
    ['GET', '/sys/wrapping/lookup'],
    ['POST', '/sys/wrapping/unwrap'],
    ['GET', '/sys/raw/core/mounts'],
    ['GET', '/sys/auth'],
    ['GET', '/sys/config/state/sanitized'],
    ['DELETE', '/sys/mounts/pegase'],
    ['PUT', '/sys/policies/acl/x'],
    ['POST', '/sys/mounts/x'],
    ['GET', '/sys/policies/acl/x/y'],
    // auth paths other than Kubernetes roles, logins and the own token
    ['GET', '/auth/approle/role/portal/role-id'],
    ['LIST', '/auth/approle/role/portal/secret-id'],
    ['GET', '/auth/approle/role/portal'],
    ['GET', '/auth/kubernetes/prod-1/config'],
    ['GET', '/auth/kubernetes/prod-1/role/univ-x/extra'],
    ['POST', '/auth/token/create'],
    ['GET', '/auth/token/lookup'],
    ['POST', '/auth/token/lookup-accessor'],
    ['GET', '/auth/kubernetes/prod-1/login'],
    // a path under no mount
    ['GET', '/nowhere/at/all'],
  ])('refuses %s %s', (method, path) => {
    refusal(method, path);
  });

  it.each([
    ['GET', '/pegase/univ-x/kv%2Fdata%2Fins-backend'],
    ['GET', '/pegase/univ-x/kv%252Fdata%252Fins-backend'],
    ['GET', '/pegase/univ-x/kv/metadata/../data/x'],
    ['GET', '/pegase/univ-x/kv/metadata/%2e%2e/data/x'],
    ['GET', '/pegase/univ-x/kv/metadata/%252e%252e/data/x'],
    ['GET', '/pegase/univ-x/kv/metadata/./x'],
    ['GET', '/pegase/univ-x/kv/metadata//x'],
    ['GET', '/pegase/univ-x/kv/metadata/x&#x2F;..&#x2F;..&#x2F;data/x'],
    ['GET', '/pegase/univ-x/kv/metadata/x\\..\\data'],
    ['GET', '/pegase/univ-x/kv/metadata/x%00'],
    ['GET', '/pegase/univ-x/kv/metadata/%zz'],
    ['GET', '/pegase/univ-x/kv/metadata/x?version=1'],
    ['GET', '/legacy/kv1/x?list=false'],
    ['GET', '/sys/mounts?list=1&x=1'],
    ['GET', '/sys/policies/acl/..%2F..%2Fsys%2Fraw'],
    ['POST', '/auth/token/renew-self/../../sys/wrapping/unwrap'],
  ])('refuses the trick %s %s', (method, path) => {
    const e = refusal(method, path);
    // what is decoded to data/ is refused as not allowed; the rest as malformed
    expect(['malformed', 'not-allowed']).toContain(e.kind);
  });

  it('names the method, the path and why', () => {
    expect(refusal('GET', '/legacy/kv1/ins-backend/database').message).toBe(
      "refused to send GET /legacy/kv1/ins-backend/database to Vault: not on the allow-list: on the KV v1 mount legacy/kv1 only LIST is allowed (a GET answers the secret's values)",
    );
    expect(
      refusal('GET', '/pegase/univ-x/kv/data/ins-backend/database').message,
    ).toBe(
      'refused to send GET /pegase/univ-x/kv/data/ins-backend/database to Vault: not on the allow-list: on the KV v2 mount pegase/univ-x/kv only metadata/ is read (never data/, subkeys/ ...)',
    );
    expect(refusal('GET', '/identity/entity/id/x').message).toBe(
      'refused to send GET /identity/entity/id/x to Vault: mount identity is of type identity: the portal reads nothing from it',
    );
    expect(refusal('POST', '/sys/wrapping/lookup').message).toBe(
      'refused to send POST /sys/wrapping/lookup to Vault: not on the allow-list of the portal (it reads sys/mounts and sys/policies/acl only)',
    );
    const e = refusal('GET', '/pegase/univ-x/kv/metadata/../data/x');
    expect(e.method).toBe('GET');
    expect(e.kind).toBe('malformed');
    expect(e.message).toContain('relative path segments are not allowed');
  });

  it('refuses a path under a secrets engine when the mount table is unknown, or no mount holds it', () => {
    expect(() =>
      assertAllowedVaultRequest('GET', '/pegase/univ-x/kv/metadata/x'),
    ).toThrow(
      expect.objectContaining({
        kind: 'unknown-mount',
        message:
          'refused to send GET /pegase/univ-x/kv/metadata/x to Vault: the mount table is unknown: a path under a secrets engine is judged by its mount type',
      }),
    );
    const nowhere = refusal('LIST', '/pegase/univ-y/kv/metadata/');
    expect(nowhere.kind).toBe('unknown-mount');
    expect(nowhere.message).toBe(
      'refused to send LIST /pegase/univ-y/kv/metadata to Vault: no mount of sys/mounts holds this path',
    );
    // sys/ and auth/ are judged without it
    expect(() => assertAllowedVaultRequest('GET', '/sys/mounts')).not.toThrow();
    expect(needsMountTable('/sys/mounts')).toBe(false);
    expect(needsMountTable('/auth/approle/login')).toBe(false);
    expect(needsMountTable('/pegase/univ-x/kv/metadata/')).toBe(true);
  });

  it('normalises LIST as GET ?list=true, and only that query', () => {
    expect(normaliseVaultRequest('GET', '/v1/sys/policies/acl?list=1')).toEqual(
      { method: 'LIST', path: 'sys/policies/acl' },
    );
    expect(normaliseVaultRequest(undefined, 'sys/mounts/')).toEqual({
      method: 'GET',
      path: 'sys/mounts',
    });
    expect(() => normaliseVaultRequest('POST', '/x?list=true')).toThrow(
      "query parameter 'list' is not allowed",
    );
  });

  it('lets sys/health through (the node probes), GET only, and no other query', () => {
    expect(() => assertAllowedVaultRequest('GET', 'sys/health')).not.toThrow();
    expect(refusal('POST', 'sys/health').kind).toBe('not-allowed');
    expect(refusal('GET', 'sys/health?standbyok=true').kind).toBe('malformed');
  });

  it('reads the roles of a templated Kubernetes auth mount, and nothing else under it', () => {
    const authRoleMount = authMountPattern('k8s-auth/{cluster}');
    const allowed = (method: string, path: string) =>
      assertAllowedVaultRequest(method, path, MOUNTS, { authRoleMount });
    expect(() =>
      allowed('GET', 'auth/k8s-auth/prod-1/role/univ-a'),
    ).not.toThrow();
    expect(() => allowed('LIST', 'auth/k8s-auth/prod-1/role')).not.toThrow();
    for (const [method, path] of [
      ['GET', 'auth/k8s-auth/prod-1/role'],
      ['LIST', 'auth/k8s-auth/prod-1/role/univ-a'],
      ['GET', 'auth/k8s-auth/a/b/role/univ-a'],
      ['GET', 'auth/approle/role/x'],
      ['GET', 'auth/k8s-auth/prod-1/role/univ-a/secret-id'],
      ['GET', 'auth/k8s-auth/prod-1/config'],
    ]) {
      expect(() => allowed(method, path)).toThrow(VaultSecretAccessError);
    }
  });
});
