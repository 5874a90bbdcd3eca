import {
  broadGrant,
  databaseFindings,
  isRotationOverdue,
  parsePolicyRules,
  redactConnectionUrl,
} from './findings';

describe('findings', () => {
  it('parses ACL policies and spots sudo and * grants', () => {
    const rules = parsePolicyRules(`
      # comment with path "x" { capabilities = ["sudo"] }
      path "pegase/+/kv/data/*" { capabilities = ["read"] }
      path "*" {
        capabilities = ["read", "list"]
      }
      path "sys/raw/*" { capabilities = ["sudo", "read"] }
      path "secret/*" { capabilities = ["*"] }
      path "x/*" { capabilities = ["deny"] }
    `);
    expect(rules.map(r => r.path)).toEqual([
      'pegase/+/kv/data/*',
      '*',
      'sys/raw/*',
      'secret/*',
      'x/*',
    ]);
    expect(rules.map(r => broadGrant(r)?.capability)).toEqual([
      undefined,
      'read,list',
      'sudo',
      '*',
      undefined,
    ]);
  });

  it('tells an overdue rotation (more than twice the period)', () => {
    const now = Date.parse('2026-01-10T00:00:00Z');
    expect(isRotationOverdue(86400, '2026-01-08T00:00:01Z', now)).toBe(false);
    expect(isRotationOverdue(86400, '2026-01-07T23:59:59Z', now)).toBe(true);
    expect(isRotationOverdue(undefined, '2020-01-01T00:00:00Z', now)).toBe(
      false,
    );
  });

  it('reports missing owner/rw/ro roles per connection and dynamic roles without max TTL', () => {
    const f = databaseFindings(
      [{ name: 'postgres-owner', rotationOverdue: false, uiUrl: '' }],
      [{ name: 'postgres-ro', maxTtl: 0, uiUrl: '' }],
      ['postgres'],
      'ui',
    );
    expect(f.map(x => `${x.kind}:${x.subject}`)).toEqual([
      'dynamic-role-no-max-ttl:postgres-ro',
      'missing-role:postgres-rw',
    ]);
  });

  it('never keeps an inline password in a connection URL', () => {
    expect(
      redactConnectionUrl('postgresql://{{username}}:{{password}}@h:5432/db'),
    ).toBe('postgresql://{{username}}:{{password}}@h:5432/db');
    expect(redactConnectionUrl('postgresql://admin:hunter2@h:5432/db')).toBe(
      'postgresql://admin:***@h:5432/db',
    );
  });
});
