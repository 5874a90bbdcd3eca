import {
  aclCapabilities,
  aclPathMatches,
  allows,
  parsePolicy,
  resolveTemplates,
} from './policy';

describe('parsePolicy', () => {
  // Vault docs, "Policies" (developer.hashicorp.com/vault/docs/concepts/policies), the policy syntax example
  const docsExample = `
# This section grants all access on "secret/*". further restrictions can be
# applied to this broad policy, as shown below.
path "secret/*" {
  capabilities = ["create", "read", "update", "patch", "delete", "list"]
}

# Even though we allowed secret/*, this line explicitly denies
# secret/super-secret. This takes precedence.
path "secret/super-secret" {
  capabilities = ["deny"]
}

# Policies can also specify allowed, disallowed, and required parameters. Here
# the key "secret/restricted" can only contain "foo" (any value) and "bar" (one
# of "zip" or "zap").
path "secret/restricted" {
  capabilities = ["create"]
  allowed_parameters = {
    "foo" = []
    "bar" = ["zip", "zap"]
  }
}

path "secret/foo" {
  capabilities = ["create"]
  denied_parameters = {
    "bar" = ["zip", "zap"]
  }
}
`;

  it("reads Vault's docs example whole: a block does not end at the first inner }", async () => {
    const { rules, error } = await parsePolicy(docsExample);
    expect(error).toBeUndefined();
    expect(rules).toEqual([
      {
        path: 'secret/*',
        capabilities: ['create', 'read', 'update', 'patch', 'delete', 'list'],
      },
      { path: 'secret/super-secret', capabilities: ['deny'] },
      {
        path: 'secret/restricted',
        capabilities: ['create'],
        allowedParameters: ['bar', 'foo'],
      },
      {
        path: 'secret/foo',
        capabilities: ['create'],
        deniedParameters: ['bar'],
      },
    ]);
  });

  it('reads JSON policies (Vault accepts HCL or JSON)', async () => {
    // Vault docs, "Policies": the JSON form of a policy
    const { rules } = await parsePolicy(
      JSON.stringify({
        path: {
          'secret/foo': { capabilities: ['read'] },
          'secret/bar/*': { capabilities: ['list', 'read'] },
        },
      }),
    );
    expect(rules).toEqual([
      { path: 'secret/foo', capabilities: ['read'] },
      { path: 'secret/bar/*', capabilities: ['list', 'read'] },
    ]);
  });

  it('reads the policies vault-config-operator writes (leading /, templates, its ${auth/…/@accessor} placeholder)', async () => {
    // redhat-cop/vault-config-operator config/samples/redhatcop_v1alpha1_policy.yaml (commit 2060044)
    const sample = `
# mount database secrets engines
path "/sys/mounts/{{identity.entity.aliases.\${auth/kubernetes/@accessor}.metadata.service_account_namespace}}/database" {
  capabilities = [ "create", "read", "update", "delete"]
  allowed_parameters = {
    "type" = ["database"]
    "*"   = []
  }
}

# tune database secrets engines
path "/sys/mounts/{{identity.entity.aliases.\${auth/kubernetes/@accessor}.metadata.service_account_namespace}}/database/tune" {
  capabilities = [ "create", "read", "update", "delete"]
}

# Configure database roles
path "/{{identity.entity.aliases.\${auth/kubernetes/@accessor}.metadata.service_account_namespace}}/database/roles/+" {
  capabilities = [ "create", "read", "update", "delete"]
}
`;
    const { rules, error } = await parsePolicy(sample);
    expect(error).toBeUndefined();
    const ns =
      '{{identity.entity.aliases.${auth/kubernetes/@accessor}.metadata.service_account_namespace}}';
    expect(rules.map(r => r.path)).toEqual([
      `sys/mounts/${ns}/database`,
      `sys/mounts/${ns}/database/tune`,
      `${ns}/database/roles/+`,
    ]);
    expect(rules[0].allowedParameters).toEqual(['*', 'type']);

    // docs/policy-management.md of the same repository, once the accessor is resolved
    const resolved = await parsePolicy(`
path "/{{identity.entity.aliases.auth_kubernetes_804f1655.metadata.service_account_namespace}}/database/creds/+" {
  capabilities = ["read"]
}`);
    const decision = aclCapabilities(
      [{ name: 'database-creds-reader', rules: resolved.rules }],
      'univ-a/database/creds/postgres-ro',
      { serviceAccountNamespace: 'univ-a' },
    );
    expect(allows(decision, 'read')).toBe(true);
    expect(
      allows(
        aclCapabilities(
          [{ name: 'r', rules: resolved.rules }],
          'univ-b/database/creds/postgres-ro',
          { serviceAccountNamespace: 'univ-a' },
        ),
        'read',
      ),
    ).toBe(false);
  });

  it('maps old-style policy = "…" to capabilities, and deny overrides the rest', async () => {
    const { rules } = await parsePolicy(`
path "a/*" { policy = "read" }
path "b/*" { policy = "write" }
path "c" {
  capabilities = ["read", "deny"]
}`);
    expect(rules.map(r => [r.path, r.capabilities])).toEqual([
      ['a/*', ['read', 'list']],
      ['b/*', ['create', 'read', 'update', 'delete', 'list']],
      ['c', ['deny']],
    ]);
  });

  it('reads the HCL 1 block form of allowed_parameters', async () => {
    const { rules, error } = await parsePolicy(`
path "secret/foo" {
  capabilities = ["create"]
  allowed_parameters {
    "bar" = ["zip"]
  }
}`);
    expect(error).toBeUndefined();
    expect(rules[0].allowedParameters).toEqual(['bar']);
  });

  it('says why a policy cannot be read, without throwing', async () => {
    const r = await parsePolicy('path "x" { capabilities = ', 'broken');
    expect(r.rules).toEqual([]);
    expect(r.error).toMatch(/^policy broken could not be read as HCL or JSON/);
  });
});

describe("ACL matching with Vault's rules", () => {
  it('matches + as exactly one segment and a trailing * as a prefix', () => {
    expect(
      aclPathMatches('pegase/+/kv/data/*', 'pegase/univ-a/kv/data/x/y'),
    ).toBe(true);
    expect(aclPathMatches('pegase/+/kv/data/*', 'pegase/a/b/kv/data/x')).toBe(
      false,
    );
    expect(aclPathMatches('secret/+/zip', 'secret/a/zip')).toBe(true);
    expect(aclPathMatches('secret/+/zip', 'secret/a/zip/more')).toBe(false);
    // a trailing * is a prefix of the last segment too (foo/+/ba* covers foo/x/bar/baz)
    expect(aclPathMatches('foo/+/ba*', 'foo/x/bar/baz')).toBe(true);
    expect(aclPathMatches('secret/fo*', 'secret/foo/bar')).toBe(true);
    // only a trailing * is a glob: elsewhere it is a literal, like ? [ { and .
    expect(aclPathMatches('secret/*/x', 'secret/a/x')).toBe(false);
    expect(aclPathMatches('secret/*/x', 'secret/*/x')).toBe(true);
    expect(aclPathMatches('secret/a?c', 'secret/abc')).toBe(false);
    expect(aclPathMatches('secret/{a,b}', 'secret/a')).toBe(false);
    expect(aclPathMatches('secret/a.c/*', 'secret/abc/d')).toBe(false);
    expect(aclPathMatches('+/.hidden', 'x/.hidden')).toBe(true);
    expect(aclPathMatches('*', 'anything/at/all')).toBe(true);
  });

  // the priority order of hashicorp/vault vault/acl.go (CheckAllowedFromNonExactPaths) and the docs' "Priority matching"
  it.each([
    ['foo/a*', 'foo/+', 'foo/abc'],
    ['foo/bar/+/baz', 'foo/+/bar/baz', 'foo/bar/bar/baz'],
    ['foo/+/bar', 'foo/+/ba*', 'foo/x/bar'],
    ['foo/+', 'foo/*', 'foo/x'],
    ['foo/bar/+/baz', 'foo/+/+/baz', 'foo/bar/x/baz'],
    ['foo/+/bar/ba*', 'foo/+/bar/b*', 'foo/x/bar/baz'],
  ])('prefers %s over %s for %s', (preferred, other, path) => {
    const policies = [
      { name: 'p1', rules: [{ path: other, capabilities: ['list'] }] },
      { name: 'p2', rules: [{ path: preferred, capabilities: ['read'] }] },
    ];
    const d = aclCapabilities(policies, path);
    expect(d.rule?.path).toBe(preferred);
    expect(d.capabilities).toEqual(['read']);
  });

  it('merges the rules of one path across policies; an exact rule wins; deny wins', () => {
    const d = aclCapabilities(
      [
        { name: 'a', rules: [{ path: 'db/creds/*', capabilities: ['read'] }] },
        { name: 'b', rules: [{ path: 'db/creds/*', capabilities: ['list'] }] },
      ],
      'db/creds/x',
    );
    expect(d).toEqual({
      capabilities: ['read', 'list'],
      rule: { path: 'db/creds/*', policies: ['a', 'b'] },
    });
    const exact = aclCapabilities(
      [
        { name: 'a', rules: [{ path: 'db/creds/*', capabilities: ['read'] }] },
        { name: 'b', rules: [{ path: 'db/creds/x', capabilities: ['deny'] }] },
      ],
      'db/creds/x',
    );
    expect(allows(exact, 'read')).toBe(false);
    expect(aclCapabilities([], 'x')).toEqual({ capabilities: [] });
  });

  it('resolves the Kubernetes alias templates it knows, and skips a rule with another', () => {
    expect(
      resolveTemplates(
        '{{identity.entity.aliases.auth_kubernetes_1.metadata.service_account_namespace}}/kv/{{identity.entity.aliases.auth_kubernetes_1.metadata.service_account_name}}/*',
        { serviceAccountNamespace: 'univ-a', serviceAccountName: 'ins' },
      ),
    ).toBe('univ-a/kv/ins/*');
    expect(resolveTemplates('{{identity.entity.id}}/*', {})).toBeUndefined();
  });
});
