import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { fillMountTemplate, readVaultConfig } from './config';

const cluster = (extra: Record<string, unknown>) =>
  new ConfigReader({
    pegase: {
      vault: {
        clusters: [
          {
            name: 'vault-sxb',
            region: 'eu-sxb-1',
            auth: { token: 't' },
            ...extra,
          },
        ],
      },
    },
  });

describe('readVaultConfig', () => {
  it("keeps today's single url and mount names as defaults", () => {
    const c = readVaultConfig(cluster({ url: 'https://vault:8200/' }));
    expect(c.clusters[0]).toMatchObject({
      url: 'https://vault:8200',
      nodes: ['https://vault:8200'],
      refusalCacheSeconds: 30,
    });
    expect(c.clusters[0].ca).toBeUndefined();
    expect(c.mounts).toEqual({
      kubernetesAuth: 'kubernetes/{cluster}',
      database: '{vaultPath}/database',
      kv: '{vaultPath}/kv',
    });
    expect(c.kv).toEqual({ maxDepth: 4, maxKeys: 500 });
  });

  it('takes several nodes and a CA file per cluster', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-ca-'));
    const caFile = path.join(dir, 'ca.pem');
    fs.writeFileSync(
      caFile,
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    );
    const c = readVaultConfig(
      cluster({
        nodes: ['https://vault-0:8200', 'https://vault-1:8200'],
        caFile,
        refusalCacheSeconds: 5,
      }),
    );
    expect(c.clusters[0]).toMatchObject({
      url: 'https://vault-0:8200',
      nodes: ['https://vault-0:8200', 'https://vault-1:8200'],
      refusalCacheSeconds: 5,
    });
    expect(c.clusters[0].ca).toContain('BEGIN CERTIFICATE');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the key at fault', () => {
    expect(() => readVaultConfig(cluster({}))).toThrow(
      'pegase.vault.clusters[0] needs url or nodes',
    );
    expect(() => readVaultConfig(cluster({ nodes: ['vault-0:8200'] }))).toThrow(
      "pegase.vault.clusters[0].nodes[0] must be an http(s) URL; got 'vault-0:8200'",
    );
    expect(() =>
      readVaultConfig(cluster({ url: 'https://v', ca: 'not a pem' })),
    ).toThrow('pegase.vault.clusters[0].ca is not a PEM certificate');
    expect(() =>
      readVaultConfig(cluster({ url: 'https://v', caFile: '/nope/ca.pem' })),
    ).toThrow("pegase.vault.clusters[0].caFile: cannot read '/nope/ca.pem'");
    expect(() =>
      readVaultConfig(
        new ConfigReader({
          pegase: {
            vault: { clusters: [], mounts: { database: '{path}/database' } },
          },
        }),
      ),
    ).toThrow('pegase.vault.mounts.database: unknown variable {path}');
  });

  it('fills mount templates', () => {
    expect(
      fillMountTemplate('kubernetes/{cluster}', { cluster: 'prod-1' }),
    ).toBe('kubernetes/prod-1');
    // no cluster: kubernetes[/<cluster>]
    expect(fillMountTemplate('kubernetes/{cluster}', {})).toBe('kubernetes');
    expect(
      fillMountTemplate('{vaultPath}/database', { vaultPath: 'pegase/univ-a' }),
    ).toBe('pegase/univ-a/database');
  });
});
