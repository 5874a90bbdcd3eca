import { ConfigReader } from '@backstage/config';
import { warnAboutLegacyConfigKey } from './legacyConfigKey';

const key = {
  legacy: 'vault',
  current: 'pegase.vault',
  product: 'Vault',
  legacyOwner: 'the Community Vault plugin',
};
// What a Community Vault plugin reads, and ours
const communityBlock = { vault: { baseUrl: 'https://vault.example' } };
const ours = { pegase: { vault: { clusters: [] } } };

function warningsOf(data: object) {
  const warn = jest.fn();
  warnAboutLegacyConfigKey(new ConfigReader(data), { warn }, key);
  return warn.mock.calls.map(c => String(c[0]));
}

describe('warnAboutLegacyConfigKey', () => {
  it('warns once, naming both keys, who keeps the old one and the migration note, when only the old key is set', () => {
    const warnings = warningsOf(communityBlock);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("Found 'vault' config but no 'pegase.vault'");
    expect(warnings[0]).toContain(
      "('vault' is left to the Community Vault plugin)",
    );
    expect(warnings[0]).toContain(
      "Move your Vault settings under 'pegase.vault'",
    );
    expect(warnings[0]).toContain(
      'docs/adopting.md#migrating-from-the-argocdvaultthanos-keys',
    );
  });

  it('says nothing when the new key is set (beside a Community block) or neither is', () => {
    expect(warningsOf({ ...communityBlock, ...ours })).toEqual([]);
    expect(warningsOf(ours)).toEqual([]);
    expect(warningsOf({})).toEqual([]);
  });
});
