import type { VaultKubernetesRole } from '@pcscol/plugin-vault-common';
import {
  containsGlob,
  knownNamespaceLabels,
  roleBinding,
  selectorMatches,
  selectorVerdict,
} from './roleBinding';

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

  // What the portal knows of a namespace without reading it: the name label the API
  // server puts on every namespace (k8s.io/api core/v1 well_known_labels.go,
  // LabelMetadataName, Kubernetes 1.21+), the others unknown. The plugin reads the
  // namespace's labels at login (namespace_validator.go, metav1.LabelSelectorAsSelector).
  describe('a selector on what the portal knows of the namespace labels', () => {
    const bySelector = (selector: string) =>
      role({
        boundServiceAccountNames: ['ins-backend'],
        boundServiceAccountNamespaceSelector: selector,
      });

    it('decides a selector on kubernetes.io/metadata.name', () => {
      const r = bySelector(
        '{"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"In","values":["univ-a","univ-b"]}]}',
      );
      expect(
        roleBinding(r, 'ins-backend', 'univ-a', knownNamespaceLabels('univ-a')),
      ).toBe('bound');
      expect(
        roleBinding(r, 'ins-backend', 'univ-c', knownNamespaceLabels('univ-c')),
      ).toBe('not-bound');
      const notIn = bySelector(
        'matchExpressions:\n  - key: kubernetes.io/metadata.name\n    operator: NotIn\n    values: [kube-system]\n',
      );
      expect(
        roleBinding(
          notIn,
          'ins-backend',
          'univ-a',
          knownNamespaceLabels('univ-a'),
        ),
      ).toBe('bound');
    });

    it('says "labels unknown" when a requirement reads a label the portal does not know, "not bound" when a known one fails', () => {
      const r = bySelector(
        '{"matchLabels":{"kubernetes.io/metadata.name":"univ-b","pc-scol.fr/platform":"pegase"}}',
      );
      expect(
        roleBinding(r, 'ins-backend', 'univ-b', knownNamespaceLabels('univ-b')),
      ).toBe('namespace-selector');
      // the name label fails: whatever the others, the plugin refuses
      expect(
        roleBinding(r, 'ins-backend', 'univ-a', knownNamespaceLabels('univ-a')),
      ).toBe('not-bound');
      // the labels the instance's Application sets on its namespace, when given
      expect(
        roleBinding(
          r,
          'ins-backend',
          'univ-b',
          knownNamespaceLabels('univ-b', { 'pc-scol.fr/platform': 'pegase' }),
        ),
      ).toBe('bound');
      // DoesNotExist and NotIn on an unknown label cannot be told either
      expect(
        selectorVerdict(
          {
            matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }],
          },
          knownNamespaceLabels('univ-a'),
        ),
      ).toBe('unknown');
      // all the labels known (read from the namespace): an absent label is absent
      expect(
        selectorVerdict(
          {
            matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }],
          },
          {
            labels: { [`kubernetes.io/metadata.name`]: 'univ-a' },
            complete: true,
          },
        ),
      ).toBe('match');
    });

    it('refuses a selector apimachinery refuses (bad operator, In without values)', () => {
      for (const selector of [
        '{"matchExpressions":[{"key":"team","operator":"Equals","values":["a"]}]}',
        '{"matchExpressions":[{"key":"team","operator":"In","values":[]}]}',
        '{"matchExpressions":[{"key":"team","operator":"Exists","values":["a"]}]}',
        '[1, 2]',
      ])
        expect(
          roleBinding(
            bySelector(selector),
            'ins-backend',
            'univ-a',
            knownNamespaceLabels('univ-a'),
          ),
        ).toBe('not-bound');
    });
  });
});
