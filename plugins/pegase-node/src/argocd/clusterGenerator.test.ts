import type { ClusterDefinition } from '../model/types';
import { clusterParams, selectorMatches } from './clusterGenerator';
import { resolveAddon } from './generate';
import type { ArgoApplicationSet } from '../model/types';

const cluster = (
  name: string,
  labels: Record<string, string>,
): ClusterDefinition => ({
  name,
  labels,
  apiServer: `https://${name}:6443`,
  file: `clusters/${name}.yaml`,
  location: `clusters/${name}.yaml`,
  raw: {},
});

const clusters = [
  cluster('sxb-prod-1', {
    'pc-scol.fr/region': 'eu-sxb-1',
    'pc-scol.fr/usage': 'production',
    'pc-scol.fr/cluster-type': 'data',
  }),
  cluster('sxb-sandbox-1', {
    'pc-scol.fr/region': 'eu-sxb-1',
    'pc-scol.fr/usage': 'sandbox',
    'pc-scol.fr/cluster-type': 'apps',
  }),
  cluster('uca-cons-1', {
    'pc-scol.fr/region': 'fr-cfe-uca',
    'pc-scol.fr/usage': 'construction',
    'pc-scol.fr/cluster-type': 'apps',
  }),
];

const selected = (selector: Parameters<typeof selectorMatches>[0]) =>
  clusters
    .filter(c => selectorMatches(selector, { ...c.labels }))
    .map(c => c.name);

describe('the cluster generator', () => {
  it('matches matchLabels and every matchExpressions operator', () => {
    expect(selected({})).toHaveLength(3);
    expect(
      selected({ matchLabels: { 'pc-scol.fr/cluster-type': 'apps' } }),
    ).toEqual(['sxb-sandbox-1', 'uca-cons-1']);
    expect(
      selected({
        matchLabels: { 'pc-scol.fr/cluster-type': 'apps' },
        matchExpressions: [
          { key: 'pc-scol.fr/region', operator: 'In', values: ['eu-sxb-1'] },
        ],
      }),
    ).toEqual(['sxb-sandbox-1']);
    expect(
      selected({
        matchExpressions: [
          { key: 'pc-scol.fr/usage', operator: 'NotIn', values: ['sandbox'] },
        ],
      }),
    ).toEqual(['sxb-prod-1', 'uca-cons-1']);
    expect(
      selected({
        matchExpressions: [{ key: 'pc-scol.fr/usage', operator: 'Exists' }],
      }),
    ).toHaveLength(3);
    expect(
      selected({
        matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }],
      }),
    ).toHaveLength(3);
    expect(() =>
      selected({ matchExpressions: [{ key: 'a', operator: 'Equals' }] }),
    ).toThrow("matchExpressions 'a': unknown operator 'Equals'");
  });

  it('resolves an add-on: its clusters, its version and one Application a cluster', () => {
    const set: ArgoApplicationSet = {
      name: 'addon-velero-apps',
      file: 'argocd/addons/apps/velero.yaml',
      location: 'argocd/addons/apps/velero.yaml',
      role: 'addons',
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          type: 'clusters',
          selector: {
            matchLabels: {
              'pc-scol.fr/cluster-type': 'apps',
              'argocd.argoproj.io/secret-type': 'cluster',
            },
            matchExpressions: [
              {
                key: 'pc-scol.fr/usage',
                operator: 'NotIn',
                values: ['sandbox'],
              },
            ],
          },
        },
      ],
      template: {
        metadata: {
          name: '{{.name}}-velero',
          labels: { region: '{{index .metadata.labels "pc-scol.fr/region"}}' },
        },
        spec: {
          source: {
            repoURL: 'https://charts.example',
            chart: 'velero',
            targetRevision: '11.1.1',
          },
          destination: { server: '{{.server}}', namespace: 'velero' },
        },
      },
    };
    const { addon, problems } = resolveAddon(set, clusters, {
      file: set.file,
      location: set.location,
    });
    expect(problems).toEqual([]);
    expect(addon).toMatchObject({
      name: 'addon-velero-apps',
      chart: 'velero',
      version: '11.1.1',
      clusterType: 'apps',
      clusters: ['uca-cons-1'],
    });
    expect(addon.applications[0]).toMatchObject({
      name: 'uca-cons-1-velero',
      cluster: 'uca-cons-1',
      metadata: { labels: { region: 'fr-cfe-uca' } },
      spec: { destination: { server: 'https://uca-cons-1:6443' } },
    });
    expect(clusterParams(clusters[0])).toMatchObject({
      name: 'sxb-prod-1',
      nameNormalized: 'sxb-prod-1',
      server: 'https://sxb-prod-1:6443',
    });
  });
});
