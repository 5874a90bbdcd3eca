import { broadGrant, databaseFindings, redactConnectionUrl } from './findings';
import { parsePolicy } from './policy';
import { vaultErrorText } from './VaultClusterClient';

describe('findings', () => {
  it('spots sudo and * grants', async () => {
    const { rules } = await parsePolicy(`
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

describe("Vault's error text", () => {
  // hashicorp/vault http/handler.go respondError (multierror), docs concepts/tokens "Error responses"
  it('drops the multierror frame of a 403 body', () => {
    expect(vaultErrorText('1 error occurred:\n\t* permission denied\n\n')).toBe(
      'permission denied',
    );
    expect(
      vaultErrorText(
        '2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n',
      ),
    ).toBe('permission denied; invalid token');
    expect(vaultErrorText('Vault is sealed')).toBe('Vault is sealed');
  });
});
