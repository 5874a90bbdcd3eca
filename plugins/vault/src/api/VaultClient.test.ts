import { VaultClient } from './VaultClient';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

function client(fetch: jest.Mock) {
  return new VaultClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) => `http://backend/api/${pluginId}`,
    },
    fetchApi: { fetch },
  });
}

describe('VaultClient', () => {
  it('names the entity on the path /entity/:namespace/:kind/:name', async () => {
    const fetch = jest.fn(async (_url: string) => json({ entityRef: 'x' }));
    const api = client(fetch);
    await api.getInstance('resource:default/univ-x-prod');
    await api.getInstanceKv('Resource:team-a/univ-y');
    await api.getComponent('component:default/ref-api', {
      offset: 20,
      limit: 10,
    });
    await api.getComponent('component:default/ref-api');
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      'http://backend/api/pegase-vault/entity/default/resource/univ-x-prod/instance',
      'http://backend/api/pegase-vault/entity/team-a/resource/univ-y/instance/kv',
      'http://backend/api/pegase-vault/entity/default/component/ref-api/component?offset=20&limit=10',
      'http://backend/api/pegase-vault/entity/default/component/ref-api/component',
    ]);
  });

  it('throws a ResponseError naming the status and carrying the backend message on a refusal', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'vault.instance.read is not allowed',
            },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const error = await client(fetch)
      .getInstance('resource:default/univ-x-prod')
      .then(
        () => undefined,
        e => e,
      );
    // What the error panel shows: the failed request as its title, the
    // backend's reason (name and message) in its details.
    expect(error).toMatchObject({
      name: 'ResponseError',
      message: 'Request failed with 403 Forbidden',
      statusCode: 403,
      cause: {
        name: 'NotAllowedError',
        message: 'vault.instance.read is not allowed',
      },
      body: { error: { message: 'vault.instance.read is not allowed' } },
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/pegase-vault/entity/default/resource/univ-x-prod/instance',
    );
  });
});
