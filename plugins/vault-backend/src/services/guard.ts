/*
 * THE one place where the rule "no secret value ever leaves Vault through the
 * portal" is enforced in code. Every request the Vault client sends (reads,
 * lists, logins, token renewals) goes through `assertMetadataOnly` first (see
 * VaultClusterClient: it wraps node-vault's single `request` function), and is
 * refused before it leaves the process when it could return a secret value.
 */

/** Path segments of the Vault API that return (or mint) secret values. */
const SECRET_SEGMENTS = new Set([
  'data', // KV v2 values: <mount>/data/<path>
  'static-creds', // database static role passwords
  'creds', // database dynamic credentials (mints a DB user)
  'subkeys', // KV v2 structure of a secret
  'unwrap', // sys/wrapping/unwrap
  'export', // transit key export
  'raw', // sys/raw
]);

/** Writes the portal needs: logins and renewing its own token. Nothing else. */
const ALLOWED_WRITES = [/^auth\/(.+\/)?login$/, /^auth\/token\/renew-self$/];

/** A request the portal must never send. @public */
export class VaultSecretAccessError extends Error {
  readonly name = 'VaultSecretAccessError';
  constructor(readonly method: string, readonly path: string, reason: string) {
    super(`refused to send ${method} /${path} to Vault: ${reason}`);
  }
}

/** Normalises a Vault API path (`/sys/mounts?list=1` -> `sys/mounts`), decoding escapes. */
export function normaliseVaultPath(path: string): string {
  let p = path
    .replace(/&#x2F;/gi, '/')
    .split('?')[0]
    .split('#')[0];
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(p); i++) {
    try {
      p = decodeURIComponent(p);
    } catch {
      break;
    }
  }
  return p.replace(/^\/+/, '').replace(/^v1\//, '').replace(/\/+$/, '');
}

/**
 * Throws a {@link VaultSecretAccessError} unless `method path` only reads
 * metadata (or logs in / renews the portal's own token).
 * @public
 */
export function assertMetadataOnly(method: string, path: string): void {
  const m = (method || 'GET').toUpperCase();
  const p = normaliseVaultPath(path);
  const segments = p.split('/');
  if (segments.some(s => s === '..' || s === '.')) {
    throw new VaultSecretAccessError(
      m,
      p,
      'relative path segments are not allowed',
    );
  }
  if (m === 'GET' || m === 'LIST' || m === 'HEAD') {
    const bad = segments.find(s => SECRET_SEGMENTS.has(s.toLowerCase()));
    if (bad) {
      throw new VaultSecretAccessError(
        m,
        p,
        `'${bad}' paths return secret values; the portal reads metadata only`,
      );
    }
    if (segments[0] === 'cubbyhole') {
      throw new VaultSecretAccessError(m, p, 'cubbyhole holds secret values');
    }
    return;
  }
  if ((m === 'POST' || m === 'PUT') && ALLOWED_WRITES.some(r => r.test(p)))
    return;
  throw new VaultSecretAccessError(m, p, 'the portal only reads');
}
