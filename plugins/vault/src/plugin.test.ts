import { vaultApiRef } from './api/VaultApi';
import { vaultPlugin } from './plugin';
import { vaultTranslationRef } from './translations';

describe('vault plugin', () => {
  it('has the pegase-vault id, beside the Community Vault plugin (vault)', () => {
    expect(vaultPlugin.pluginId).toBe('pegase-vault');
    for (const id of [
      'api:pegase-vault',
      'entity-card:pegase-vault/instance',
      'entity-content:pegase-vault/instance',
      'entity-card:pegase-vault/component',
    ]) {
      expect(vaultPlugin.getExtension(id as any)).toBeDefined();
    }
    expect(vaultApiRef.id).toBe('plugin.pegase-vault.client');
    expect(vaultTranslationRef.id).toBe('plugin.pegase-vault');
  });
});
