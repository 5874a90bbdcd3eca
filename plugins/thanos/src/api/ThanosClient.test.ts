import { ThanosClient } from './ThanosClient';

describe('ThanosClient', () => {
  it('names the entity namespace first and throws ResponseError on failure', async () => {
    const fetch = jest.fn(async (url: string) =>
      url.includes('/alerts')
        ? new Response(JSON.stringify({ error: { message: 'no' } }), {
            status: 403,
            headers: { 'content-type': 'application/json' },
          })
        : new Response(JSON.stringify({ id: 'cpu' })),
    );
    const client = new ThanosClient({
      discoveryApi: {
        getBaseUrl: async (pluginId: string) => `http://b/api/${pluginId}`,
      },
      fetchApi: { fetch } as any,
    });
    const key = { kind: 'Component', namespace: 'default', name: 'ins' };
    await client.getGraph(key, 'cpu', { range: '1h', instance: 'univ-a' });
    expect(fetch).toHaveBeenCalledWith(
      'http://b/api/pegase-thanos/entity/default/component/ins/graphs/cpu?range=1h&instance=univ-a',
    );
    await expect(client.getAlerts(key)).rejects.toMatchObject({
      name: 'ResponseError',
    });
  });
});
