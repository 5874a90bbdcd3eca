import { filterListItem, ListFieldsError, parseListFields } from './listFields';
import { ARGOCD_PROFILES } from './profiles';

const app = {
  metadata: { name: 'a', namespace: 'argocd' },
  spec: {
    destination: { server: 'https://k', namespace: 'ns' },
    project: 'p',
    sources: [{ repoURL: 'https://charts', chart: 'c', targetRevision: '1.*' }],
  },
  status: {
    sync: { status: 'Synced', revisions: ['1.2.0'] },
    health: { status: 'Healthy' },
    operationState: { phase: 'Running', startedAt: '2026-01-01T00:00:00Z' },
  },
};

describe('the list fields filter (forwarder_overwrite.go)', () => {
  it('matches keys exactly, without trimming, from the first fields parameter', () => {
    expect(parseListFields(null)).toBeUndefined();
    const q = parseListFields('items.metadata.name, items.spec')!;
    expect(filterListItem(app, q, ARGOCD_PROFILES['v2.14'])).toEqual({
      metadata: { name: 'a' },
    });
  });

  it('serves typed nils as null and skips plain nils, per version', () => {
    const q = parseListFields(
      'items.metadata.annotations,items.spec.source,items.status.sync.revision,items.status.operationState.finishedAt,items.operation.sync',
    )!;
    expect(filterListItem(app, q, ARGOCD_PROFILES['v2.14'])).toEqual({
      metadata: { annotations: null },
      status: { operationState: { finishedAt: null } },
    });
    expect(filterListItem(app, q, ARGOCD_PROFILES['v3.5'])).toEqual({
      metadata: { annotations: null },
      spec: { source: null },
      status: { sync: { revision: '' }, operationState: { finishedAt: null } },
    });
  });

  it('excludes with a leading -, keeping every other known key', () => {
    const q = parseListFields('-items.spec,items.status.resources')!;
    const item = filterListItem(app, q, ARGOCD_PROFILES['v2.14']);
    expect(item.spec).toBeUndefined();
    expect(item.metadata).toEqual({
      name: 'a',
      namespace: 'argocd',
      annotations: null,
      labels: null,
      creationTimestamp: null,
      deletionTimestamp: null,
    });
    expect(item.status.sync).toEqual({ status: 'Synced' });
    // on v3.5 `spec.*` are kept with `spec` gone; with `spec` too, they collide
    expect(() =>
      filterListItem(
        app,
        parseListFields('-items.x')!,
        ARGOCD_PROFILES['v3.5'],
      ),
    ).toThrow(new ListFieldsError('field spec.destination is not a map'));
  });
});
