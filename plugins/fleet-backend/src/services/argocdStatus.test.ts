import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { ArgocdPluginStatusSource } from './argocdStatus';

let server: Server;
let answer: (res: import('node:http').ServerResponse) => void;
let seenAuthorization: string | undefined;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seenAuthorization = req.headers.authorization;
    answer(res);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/pegase-argocd`;
});
afterAll(() => new Promise(r => server.close(r)));

const source = (timeoutMs = 2000) =>
  new ArgocdPluginStatusSource({
    discovery: {
      // only the ArgoCD plugin's own id (pegase-argocd) leads to the stand-in
      getBaseUrl: async (pluginId: string) =>
        pluginId === 'pegase-argocd'
          ? baseUrl
          : 'http://127.0.0.1:9/wrong-plugin',
      getExternalBaseUrl: async () => baseUrl,
    },
    auth: mockServices.auth(),
    timeoutMs,
  });

describe('ArgocdPluginStatusSource', () => {
  it('reads the statuses as this plugin, dropping malformed items', async () => {
    answer = res => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          items: [
            {
              entityRef: 'resource:default/a',
              sync: 'Synced',
              health: 'Healthy',
            },
            { entityRef: 42 },
          ],
        }),
      );
    };
    const result = await source().statuses();
    expect(result).toEqual({
      available: true,
      items: [
        { entityRef: 'resource:default/a', sync: 'Synced', health: 'Healthy' },
      ],
    });
    expect(seenAuthorization).toMatch(/^Bearer /);
    // a service token for the ArgoCD plugin (its id: pegase-argocd)
    expect(seenAuthorization).toContain('"target":"pegase-argocd"');
  });

  it('says which URL failed and how, without throwing', async () => {
    answer = res => {
      res.statusCode = 503;
      res.end('down');
    };
    expect(await source().statuses()).toEqual({
      available: false,
      items: [],
      message: `${baseUrl}/fleet/status answered 503 Service Unavailable`,
    });
    answer = res => res.end('{"no":"items"}');
    expect((await source().statuses()).message).toBe(
      `${baseUrl}/fleet/status answered without an items list`,
    );
  });

  it('is not available when the plugin says an ArgoCD could not be read', async () => {
    answer = res => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          items: [
            {
              entityRef: 'resource:default/a',
              sync: 'Synced',
              health: 'Healthy',
            },
          ],
          failed: ['argocd-b'],
        }),
      );
    };
    expect(await source().statuses()).toEqual({
      available: false,
      message: `${baseUrl}/fleet/status: ArgoCD argocd-b could not be read`,
      items: [
        { entityRef: 'resource:default/a', sync: 'Synced', health: 'Healthy' },
      ],
    });
    answer = res => res.end(JSON.stringify({ items: [], failed: [] }));
    expect(await source().statuses()).toEqual({ available: true, items: [] });
  });

  it('gives up on an upstream that hangs', async () => {
    answer = () => {}; // never answers
    const result = await source(200).statuses();
    expect(result.available).toBe(false);
    expect(result.message).toBe(
      `${baseUrl}/fleet/status: no answer within 200 ms`,
    );
  });

  it('reads the add-on statuses from their own route, dropping malformed items and bad operations', async () => {
    let path: string | undefined;
    answer = res => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          items: [
            {
              addonRef: 'resource:default/addon-cert-manager-apps',
              cluster: 'sxb-cons-1',
              application: 'sxb-cons-1-cert-manager',
              sync: 'OutOfSync',
              health: 'Healthy',
              liveVersion: 'v1.19.0',
              failedOperation: { phase: 'Failed' },
            },
            {
              addonRef: 'resource:default/addon-velero-apps',
              cluster: 'sxb-cons-1',
              application: 'sxb-cons-1-velero',
              sync: 'Synced',
              health: 'Healthy',
              failedOperation: { phase: 'Succeeded' },
            },
            { addonRef: 'resource:default/x', sync: 'Synced' },
          ],
          failed: [],
        }),
      );
    };
    server.once('request', req => {
      path = req.url;
    });
    const result = await source().addonStatuses();
    expect(path).toBe('/api/pegase-argocd/fleet/addons/status');
    expect(result).toEqual({
      available: true,
      items: [
        {
          addonRef: 'resource:default/addon-cert-manager-apps',
          cluster: 'sxb-cons-1',
          application: 'sxb-cons-1-cert-manager',
          sync: 'OutOfSync',
          health: 'Healthy',
          liveVersion: 'v1.19.0',
          failedOperation: { phase: 'Failed' },
        },
        {
          addonRef: 'resource:default/addon-velero-apps',
          cluster: 'sxb-cons-1',
          application: 'sxb-cons-1-velero',
          sync: 'Synced',
          health: 'Healthy',
        },
      ],
    });
    answer = res => {
      res.statusCode = 404;
      res.end('{}');
    };
    const absent = await source().addonStatuses();
    expect(absent.available).toBe(false);
    expect(absent.message).toBe(
      `${baseUrl}/fleet/addons/status answered 404 Not Found`,
    );
  });
});
