import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { VAULT_CONFIG_KEY, readVaultConfig } from './config';
import { vaultPlugin } from './plugin';

jest.setTimeout(60_000);

// What a Community Vault plugin reads: it stays under `vault`, never ours.
const communityBlock = {
  vault: {
    baseUrl: 'https://vault.example:8200',
    token: 't',
  },
};
const ours = {
  pegase: {
    vault: {
      clusters: [
        {
          name: 'vault-sxb',
          region: 'eu-sxb-1',
          url: 'https://vault.sxb.pc-scol.fr:8200',
          auth: { method: 'token', token: 'x' },
        },
      ],
    },
  },
};

describe('the pegase.vault config key', () => {
  it('is where the plugin reads, never the old vault key', () => {
    expect(VAULT_CONFIG_KEY).toBe('pegase.vault');
    expect(readVaultConfig(new ConfigReader(communityBlock)).clusters).toEqual(
      [],
    );
    const both = readVaultConfig(
      new ConfigReader({ ...communityBlock, ...ours }),
    );
    expect(both.clusters.map(c => c.name)).toEqual(['vault-sxb']);
  });

  it('logs the warning at start and mounts the plugin at /api/pegase-vault', async () => {
    const logger = mockServices.logger.mock();
    logger.child.mockImplementation(() => logger);
    const { server } = await startTestBackend({
      features: [
        vaultPlugin,
        mockServices.rootConfig.factory({
          data: communityBlock,
        }),
        logger.factory,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const legacy = logger.warn.mock.calls
      .map(c => String(c[0]))
      .filter(m => m.includes("Found 'vault' config"));
    expect(legacy).toHaveLength(1);
    expect(legacy[0]).toContain("'pegase.vault'");
    const health = await request(server).get('/api/pegase-vault/health');
    expect(health.status).toBe(200);
    expect((await request(server).get('/api/vault/health')).status).toBe(404);
  });
});
