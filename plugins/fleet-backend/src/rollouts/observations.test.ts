import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArgocdInstanceStatusReader, QuerierAlertReader } from './observations';

describe('QuerierAlertReader', () => {
  let server: http.Server;
  let base: string;
  let seen: http.IncomingHttpHeaders[] = [];
  let status = 200;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(status, { 'content-type': 'application/json' });
      // the shape of Prometheus' GET /api/v1/alerts
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            alerts: [
              {
                labels: {
                  alertname: 'PodCrash',
                  namespace: 'uca-recette',
                  severity: 'critical',
                },
                state: 'firing',
              },
              {
                labels: {
                  alertname: 'Slow',
                  namespace: 'uca-recette',
                  severity: 'warning',
                },
                state: 'pending',
              },
              {
                labels: { alertname: 'NodeDown', severity: 'critical' },
                state: 'firing',
              },
            ],
          },
        }),
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(r => server.close(r)));
  beforeEach(() => {
    seen = [];
    status = 200;
  });

  it('keeps the firing alerts of a namespace, sent with the tenant and Basic credentials of the URL', async () => {
    const reader = new QuerierAlertReader({
      url: base.replace('http://', 'http://reader:s3cret@'),
      tenant: { header: 'X-Scope-OrgID', value: 'pegase' },
      timeoutMs: 2000,
    });
    expect(await reader.firing()).toEqual([
      { name: 'PodCrash', namespace: 'uca-recette', severity: 'critical' },
    ]);
    expect(seen[0].authorization).toBe(
      `Basic ${Buffer.from('reader:s3cret').toString('base64')}`,
    );
    expect(seen[0]['x-scope-orgid']).toBe('pegase');
  });

  it('fails without the credentials in its message when the querier fails', async () => {
    status = 503;
    const reader = new QuerierAlertReader({
      url: base.replace('http://', 'http://reader:s3cret@'),
      timeoutMs: 2000,
    });
    const error = await reader.firing().catch(e => e as Error);
    expect(String(error)).toMatch(/answered 503/);
    expect(String(error)).not.toMatch(/s3cret/);
  });

  it('answers no alert when none is configured', async () => {
    expect(await new QuerierAlertReader({ timeoutMs: 10 }).firing()).toEqual(
      [],
    );
  });
});

describe('ArgocdInstanceStatusReader', () => {
  it('maps statuses by instance name, and fails when ArgoCD is unavailable', async () => {
    const reader = new ArgocdInstanceStatusReader({
      statuses: async () => ({
        available: true,
        items: [
          {
            entityRef: 'resource:default/uca-recette',
            sync: 'Synced',
            health: 'Healthy',
            liveVersion: '25.0.0',
          },
        ],
      }),
    });
    expect([...(await reader.statuses())]).toEqual([
      [
        'uca-recette',
        { sync: 'Synced', health: 'Healthy', liveVersion: '25.0.0' },
      ],
    ]);
    const down = new ArgocdInstanceStatusReader({
      statuses: async () => ({
        available: false,
        message: 'no answer within 5000 ms',
        items: [],
      }),
    });
    await expect(down.statuses()).rejects.toThrow('no answer within 5000 ms');
  });
});
