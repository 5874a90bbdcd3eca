import {
  compareGenerated,
  generatedSide,
  liveSide,
  normalizeSpec,
} from './generatedComparison';

/** What pegase-node renders from the demo's `pegase-instances` template. */
function generated() {
  return {
    name: 'uca-prod',
    namespace: 'argocd',
    metadata: {
      name: 'uca-prod',
      namespace: 'argocd',
      labels: {
        'pegase/instance': 'uca-prod',
        'pc-scol.fr/region': 'uca',
        'pc-scol.fr/usage': 'production',
      },
      annotations: {
        'pc-scol.fr/instance-file':
          'instances/uca/production/uca-prod/instance.json',
      },
    },
    spec: {
      project: 'pegase',
      destination: { name: 'uca-prod-1', namespace: 'uca-prod' },
      sources: [
        {
          repoURL: 'https://charts.pc-scol.fr/pegase',
          chart: 'pegase',
          targetRevision: '25.1.0',
          helm: {
            releaseName: 'uca-prod',
            valueFiles: [
              '$values/instances/uca/production/uca-prod/values.yaml',
            ],
          },
        },
        {
          repoURL: 'https://gitlab.pc-scol.fr/stack-ng/pegase-gitops.git',
          targetRevision: 'main',
          ref: 'values',
        },
      ],
      syncPolicy: {
        syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
      },
    },
  };
}

/** The same Application as the API server answers it once the controller made it. */
function liveOf(g: ReturnType<typeof generated>): Record<string, any> {
  return {
    metadata: {
      ...structuredClone(g.metadata),
      uid: '9a3c',
      resourceVersion: '5012',
      annotations: {
        ...g.metadata.annotations,
        // kept by the controller, never a difference
        'notified.notifications.argoproj.io': '{"on-sync":1}',
      },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'ApplicationSet',
          name: 'pegase-instances',
          controller: true,
        },
      ],
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: structuredClone(g.spec),
    status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } },
  };
}

const compare = (live: Record<string, any> | undefined) =>
  compareGenerated(
    'pegase-instances',
    generatedSide(generated()),
    live ? liveSide(live) : undefined,
  );

describe('compareGenerated', () => {
  it('finds nothing when the live Application is what the ApplicationSet generates', () => {
    expect(compare(liveOf(generated()))).toEqual({
      state: 'same',
      differences: [],
    });
  });

  it('names each field someone edited on the live Application', () => {
    const live = liveOf(generated());
    live.spec.sources[0].targetRevision = '25.0.3';
    live.spec.sources[0].helm.valueFiles.push('$values/hotfix.yaml');
    live.spec.destination.namespace = 'uca-prod-bis';
    live.spec.syncPolicy.automated = { prune: true };
    live.metadata.labels['pc-scol.fr/usage'] = 'test';
    live.metadata.labels.debug = 'true';
    const { state, differences } = compare(live);
    expect(state).toBe('different');
    expect(differences).toEqual([
      {
        path: 'metadata.labels["debug"]',
        area: 'labels',
        change: 'live-only',
        live: 'true',
      },
      {
        path: 'metadata.labels["pc-scol.fr/usage"]',
        area: 'labels',
        change: 'changed',
        generated: 'production',
        live: 'test',
      },
      {
        path: 'spec.destination.namespace',
        area: 'destination',
        change: 'changed',
        generated: 'uca-prod',
        live: 'uca-prod-bis',
      },
      {
        path: 'spec.sources[0].helm.valueFiles',
        area: 'source',
        change: 'changed',
        generated: ['$values/instances/uca/production/uca-prod/values.yaml'],
        live: [
          '$values/instances/uca/production/uca-prod/values.yaml',
          '$values/hotfix.yaml',
        ],
      },
      {
        path: 'spec.sources[0].targetRevision',
        area: 'source',
        change: 'changed',
        generated: '25.1.0',
        live: '25.0.3',
      },
      {
        path: 'spec.syncPolicy.automated',
        area: 'syncPolicy',
        change: 'live-only',
        live: { prune: true },
      },
    ]);
  });

  it('shows a template change the live Applications were not regenerated with', () => {
    // the live one was made from the template before it moved to 25.2.0 and
    // got an ignoreDifferences block
    const live = liveOf(generated());
    const next = generated();
    next.spec.sources[0].targetRevision = '25.2.0';
    (next.spec as any).ignoreDifferences = [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    ];
    (next.metadata.annotations as Record<string, string>)[
      'pc-scol.fr/template'
    ] = 'v2';
    const { state, differences } = compareGenerated(
      'pegase-instances',
      generatedSide(next),
      liveSide(live),
    );
    expect(state).toBe('different');
    expect(differences.map(d => [d.path, d.area, d.change])).toEqual([
      [
        'metadata.annotations["pc-scol.fr/template"]',
        'annotations',
        'generated-only',
      ],
      ['spec.ignoreDifferences', 'other', 'generated-only'],
      ['spec.sources[0].targetRevision', 'source', 'changed'],
    ]);
  });

  it('says when ArgoCD has no such Application, or when the ApplicationSet does not own it', () => {
    expect(compare(undefined)).toEqual({
      state: 'live-missing',
      differences: [],
    });
    const handMade = liveOf(generated());
    delete handMade.metadata.ownerReferences;
    expect(compare(handMade).differences).toEqual([
      {
        path: 'metadata.ownerReferences',
        area: 'owner',
        change: 'generated-only',
        generated: 'pegase-instances',
      },
    ]);
  });

  it('ignores what the server defaults or omits', () => {
    const g = generated();
    const live = liveOf(g);
    // the template names no project and an empty sync policy; Go omits false and empty values
    (g.spec as any).project = '';
    (g.spec as any).syncPolicy = { syncOptions: [] };
    (g.spec.sources[0].helm as any).skipCrds = false;
    live.spec.project = 'default';
    delete live.spec.syncPolicy;
    expect(
      compareGenerated('pegase-instances', generatedSide(g), liveSide(live)),
    ).toEqual({ state: 'same', differences: [] });
  });

  it('normalizes a single source as ArgoCD does, and keeps an empty automated policy', () => {
    expect(
      normalizeSpec({
        source: {
          repoURL: 'r',
          path: 'p',
          helm: {},
          directory: { recurse: false },
        },
        syncPolicy: { automated: {} },
      }),
    ).toEqual({
      project: 'default',
      source: { repoURL: 'r', path: 'p' },
      syncPolicy: { automated: {} },
    });
  });
});
