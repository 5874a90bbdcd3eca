/*
 * Credentials an operator writes into a querier's URL (`https://user:password@…`)
 * never reach what the routes answer: errors, warnings, links.
 */
import http from 'node:http';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { thanosPlugin } from './plugin';
import { TEST_FLEET, fleetEntities } from './__testUtils__/peers';

const SECRET = 's3cr%40t';

/** A querier behind Basic authentication that fails, echoing a store URL with credentials. */
async function startFailingQuerier() {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    res.writeHead(422, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        status: 'error',
        errorType: 'execution',
        error: `fetching series from http://store:${SECRET}@10.0.0.7:10901 failed`,
      }),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    port,
    seen,
    stop: () => new Promise<void>(r => server.close(() => r())),
  };
}

/** A querier that answers with a warning naming a store URL with credentials. */
async function startWarningQuerier() {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        status: 'success',
        warnings: [`store https://store:${SECRET}@10.0.0.8:10901 unavailable`],
        data: { resultType: 'matrix', result: [] },
      }),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    port,
    stop: () => new Promise<void>(r => server.close(() => r())),
  };
}

let failing: Awaited<ReturnType<typeof startFailingQuerier>>;
let warning: Awaited<ReturnType<typeof startWarningQuerier>>;

beforeAll(async () => {
  [failing, warning] = await Promise.all([
    startFailingQuerier(),
    startWarningQuerier(),
  ]);
});

afterAll(async () => {
  await Promise.all([failing?.stop(), warning?.stop()]);
});

async function backend() {
  const { server } = await startTestBackend({
    features: [
      thanosPlugin,
      catalogServiceMock.factory({ entities: fleetEntities(TEST_FLEET) }),
      mockServices.rootConfig.factory({
        data: {
          pegase: {
            thanos: {
              queriers: [
                {
                  name: 'failing',
                  url: `http://admin:${SECRET}@127.0.0.1:${failing.port}`,
                  uiUrl: `https://viewer:${SECRET}@thanos.example`,
                  grafanaUrl: `https://viewer:${SECRET}@grafana.example/d/x?ns={namespace}`,
                },
                {
                  name: 'down',
                  url: `http://admin:${SECRET}@127.0.0.1:9`,
                  timeoutMs: 2000,
                },
                {
                  name: 'warning',
                  url: `http://127.0.0.1:${warning.port}`,
                },
              ],
            },
          },
        },
      }),
    ],
  });
  return server;
}

const api = '/api/pegase-thanos/entity/default/component/ins';

describe('credentials in querier URLs', () => {
  it('are sent as Basic authentication and never in an error the routes answer', async () => {
    const server = await backend();
    const graph = await request(server)
      .get(`${api}/graphs/cpu?range=1h&querier=failing`)
      .expect(200);
    expect(graph.body.error).toBe(
      'querier "failing" failed: execution: fetching series from http://***@10.0.0.7:10901 failed',
    );
    expect(failing.seen).toContain(
      `Basic ${Buffer.from('admin:s3cr@t').toString('base64')}`,
    );
    const down = await request(server)
      .get(`${api}/graphs/cpu?range=1h&querier=down`)
      .expect(200);
    expect(down.body.error).toMatch(/^querier "down" is unreachable/);
    const alerts = await request(server).get(`${api}/alerts`).expect(200);
    expect(alerts.body.errors).toHaveLength(2);
    for (const body of [graph.body, down.body, alerts.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain('s3cr');
      expect(text).not.toContain('admin');
    }
  });

  it('are not in warnings nor in the links sent to the browser', async () => {
    const server = await backend();
    const graph = await request(server)
      .get(`${api}/graphs/cpu?range=1h&querier=warning`)
      .expect(200);
    expect(graph.body.warnings).toEqual([
      'store https://***@10.0.0.8:10901 unavailable',
    ]);
    const info = await request(server).get(`${api}/info`).expect(200);
    const links = JSON.stringify(info.body);
    expect(links).toContain('https://thanos.example');
    expect(links).toContain('https://grafana.example/d/x');
    expect(links).not.toContain('s3cr');
    expect(links).not.toContain('viewer');
  });
});
