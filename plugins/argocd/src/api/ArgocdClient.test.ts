import { ArgocdClient } from './ArgocdClient';

describe('ArgocdClient', () => {
  const answers = (url: string) =>
    url.endsWith('/sync')
      ? new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message:
                'argocd.application.sync is not allowed on resource:default/uca-prod',
            },
            request: {
              method: 'POST',
              url: '/entity/default/resource/uca-prod/sync',
            },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        )
      : new Response(JSON.stringify({ ok: true }));

  function client() {
    const fetch = jest.fn(async (url: string, _init?: RequestInit) =>
      answers(url),
    );
    return {
      fetch,
      api: new ArgocdClient({
        discoveryApi: {
          getBaseUrl: async (pluginId: string) => `http://b/api/${pluginId}`,
        },
        fetchApi: { fetch } as any,
      }),
    };
  }

  it('names only the entity: namespace, kind, name; never the application or the ArgoCD', async () => {
    const { fetch, api } = client();
    const target = { entityRef: 'resource:default/uca-prod', appName: 'x' };
    await api.getOverview(target);
    await api.getHistory(target);
    await api.getResources(target);
    await api.rollback({ ...target, id: 3 });
    await api.getGenerated(target);
    await api.getAppOfApps(target);
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      'http://b/api/pegase-argocd/entity/default/resource/uca-prod/overview',
      'http://b/api/pegase-argocd/entity/default/resource/uca-prod/history',
      'http://b/api/pegase-argocd/entity/default/resource/uca-prod/resources',
      'http://b/api/pegase-argocd/entity/default/resource/uca-prod/rollback',
      'http://b/api/pegase-argocd/entity/default/resource/uca-prod/generated',
      'http://b/api/pegase-argocd/entity/default/resource/uca-prod/app-of-apps',
    ]);
    expect(fetch.mock.calls[3][1]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ id: 3 }),
    });
  });

  it('sends the fleet filters as repeated query parameters', async () => {
    const { fetch, api } = client();
    await api.getFleet(
      { kind: 'Component', namespace: 'default', name: 'ins' },
      { region: ['a', 'b'], usage: ['sandbox'], problemsOnly: true },
    );
    expect(fetch).toHaveBeenCalledWith(
      'http://b/api/pegase-argocd/entity/default/component/ins/fleet?region=a&region=b&usage=sandbox&problems=true',
      expect.anything(),
    );
  });

  it('throws the backend refusal as a ResponseError with its message', async () => {
    const { api } = client();
    await expect(
      api.sync({ entityRef: 'resource:default/uca-prod', appName: 'uca-prod' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      body: {
        error: {
          message:
            'argocd.application.sync is not allowed on resource:default/uca-prod',
        },
      },
    });
  });
});
