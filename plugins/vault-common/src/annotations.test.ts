import {
  makeInstanceEntity,
  makeSubChartEntity,
} from '@pcscol/plugin-pegase-common/testUtils';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { isVaultComponent, isVaultInstance } from './annotations';

describe('the Vault views apply to', () => {
  it('instances with a Vault path', () => {
    const instance = makeInstanceEntity('univ-a');
    expect(isVaultInstance(instance)).toBe(true);
    expect(isVaultComponent(instance)).toBe(false);
    const withoutPath = makeInstanceEntity('univ-b', {
      annotations: { [PEGASE_ANNOTATIONS.vaultPath]: '' },
    });
    expect(isVaultInstance(withoutPath)).toBe(false);
  });

  it('sub-chart entities, Components or Resources', () => {
    expect(isVaultComponent(makeSubChartEntity('ins-backend'))).toBe(true);
    expect(
      isVaultComponent(makeSubChartEntity('kafka', { kind: 'Resource' })),
    ).toBe(true);
    expect(isVaultInstance(makeSubChartEntity('ins-backend'))).toBe(false);
    const plain = makeSubChartEntity('x');
    delete plain.metadata.annotations![PEGASE_ANNOTATIONS.subChart];
    expect(isVaultComponent(plain)).toBe(false);
  });
});
