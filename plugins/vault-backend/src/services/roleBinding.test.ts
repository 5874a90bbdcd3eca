import type { VaultKubernetesRole } from '@pcscol/plugin-vault-common';
import { containsGlob, roleBinding, selectorMatches } from './roleBinding';

const role = (over: Partial<VaultKubernetesRole>): VaultKubernetesRole => ({
  mount: 'kubernetes/prod-1',
  name: 'univ-a',
  boundServiceAccountNames: [],
  boundServiceAccountNamespaces: [],
  policies: [],
  uiUrl: '',
  ...over,
});

// hashicorp/vault-plugin-auth-kubernetes path_login.go (v0.24.1): StrListContainsGlob on names
// and namespaces, "*" alone for all, the namespace selector ORed with the namespaces.
describe('roleBinding, as the Kubernetes auth plugin decides at login', () => {
  it('matches names and namespaces by glob (go-glob: * anywhere, nothing else special)', () => {
    expect(containsGlob(['pegase-*'], 'pegase-univ-a')).toBe(true);
    expect(containsGlob(['*-backend'], 'ins-backend')).toBe(true);
    expect(containsGlob(['ins-*-v*'], 'ins-backend-v2')).toBe(true);
    expect(containsGlob(['pegase-*'], 'other')).toBe(false);
    expect(containsGlob(['ins.backend'], 'insXbackend')).toBe(false);
    expect(containsGlob(['ins?'], 'ins1')).toBe(false);
    expect(
      roleBinding(
        role({
          boundServiceAccountNames: ['ins-*'],
          boundServiceAccountNamespaces: ['pegase-*'],
        }),
        'ins-backend',
        'pegase-univ-a',
      ),
    ).toBe('bound');
    expect(
      roleBinding(
        role({
          boundServiceAccountNames: ['ins-*'],
          boundServiceAccountNamespaces: ['pegase-*'],
        }),
        'ref-backend',
        'pegase-univ-a',
      ),
    ).toBe('not-bound');
    expect(
      roleBinding(
        role({
          boundServiceAccountNames: ['*'],
          boundServiceAccountNamespaces: ['*'],
        }),
        'x',
        'y',
      ),
    ).toBe('bound');
    expect(roleBinding(null, 'x', 'y')).toBe('no-role');
  });

  it('says "bound by namespace selector" when only the selector could let it in and the labels are unknown', () => {
    const r = role({
      boundServiceAccountNames: ['ins-backend'],
      boundServiceAccountNamespaces: [],
      boundServiceAccountNamespaceSelector:
        '{"matchLabels":{"pc-scol.fr/platform":"pegase"}}',
    });
    expect(roleBinding(r, 'ins-backend', 'univ-a')).toBe('namespace-selector');
    expect(
      roleBinding(r, 'ins-backend', 'univ-a', {
        'pc-scol.fr/platform': 'pegase',
      }),
    ).toBe('bound');
    expect(roleBinding(r, 'ins-backend', 'univ-a', {})).toBe('not-bound');
    // the selector is ORed with the namespaces: a listed namespace is bound without labels
    expect(
      roleBinding(
        { ...r, boundServiceAccountNamespaces: ['univ-*'] },
        'ins-backend',
        'univ-a',
      ),
    ).toBe('bound');
  });

  it('evaluates YAML selectors with matchExpressions (metav1.LabelSelector)', () => {
    const r = role({
      boundServiceAccountNames: ['*'],
      boundServiceAccountNamespaceSelector: [
        'matchExpressions:',
        '  - key: tier',
        '    operator: In',
        '    values: [prod, preprod]',
        '  - key: legacy',
        '    operator: DoesNotExist',
      ].join('\n'),
    });
    expect(roleBinding(r, 'sa', 'ns', { tier: 'prod' })).toBe('bound');
    expect(roleBinding(r, 'sa', 'ns', { tier: 'dev' })).toBe('not-bound');
    expect(roleBinding(r, 'sa', 'ns', { tier: 'prod', legacy: 'y' })).toBe(
      'not-bound',
    );
    expect(
      selectorMatches(
        {
          matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }],
        },
        {},
      ),
    ).toBe(true);
    expect(
      selectorMatches(
        { matchExpressions: [{ key: 'a', operator: 'Exists' }] },
        {},
      ),
    ).toBe(false);
  });
});
