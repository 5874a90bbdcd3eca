/*
 * Links into the Vault UI (its routes since Vault 1.x). Each opens the object in
 * Vault itself, where Vault's own policies apply; the portal shows no value.
 */

export class VaultUiLinks {
  constructor(
    private readonly base: string,
    private readonly namespace?: string,
  ) {}

  private url(path: string): string {
    const ns = this.namespace
      ? `?namespace=${encodeURIComponent(this.namespace)}`
      : '';
    return `${this.base}/vault/${path}${ns}`;
  }

  private static enc(p: string): string {
    return encodeURIComponent(p);
  }

  engine(mount: string): string {
    return this.url(`secrets/${VaultUiLinks.enc(mount)}/list`);
  }

  kvFolder(mount: string, folder: string): string {
    return this.url(
      `secrets/${VaultUiLinks.enc(mount)}/kv/list/${folder
        .split('/')
        .map(VaultUiLinks.enc)
        .join('/')}/`,
    );
  }

  kvMetadata(mount: string, path: string): string {
    return this.url(
      `secrets/${VaultUiLinks.enc(mount)}/kv/${VaultUiLinks.enc(
        path,
      )}/metadata`,
    );
  }

  connection(mount: string, name: string): string {
    return this.url(
      `secrets/${VaultUiLinks.enc(mount)}/show/${VaultUiLinks.enc(name)}`,
    );
  }

  role(mount: string, name: string, type: 'static' | 'dynamic'): string {
    const base = this.url(
      `secrets/${VaultUiLinks.enc(mount)}/show/role/${VaultUiLinks.enc(name)}`,
    );
    return `${base}${base.includes('?') ? '&' : '?'}type=${type}`;
  }

  policy(name: string): string {
    return this.url(`policy/acl/${VaultUiLinks.enc(name)}`);
  }

  authRole(mount: string, name: string): string {
    return this.url(
      `access/${VaultUiLinks.enc(mount)}/item/role/show/${VaultUiLinks.enc(
        name,
      )}`,
    );
  }
}
