/*
 * A signed push through the real events backend's http ingress reaches the
 * Pégase providers in the real catalog backend (PostgreSQL): the webhook
 * answers 202 at once and the pushed instance is served afterwards.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { eventsModulePegaseGitopsWebhook } from '../webhook/module';
import {
  CatalogTestBackend,
  dropTestDatabases,
  startCatalogTestBackend,
} from '../__testUtils__';
import { createFixtureRepo, writeFiles } from '../__testUtils__/fixtureRepo';

jest.setTimeout(120_000);
const prefix = `pegase_wh_${process.pid}_${Date.now().toString(36)}_`;
const SECRET = 'it-webhook-secret';

describe('push webhook → Pégase providers, in the real backend', () => {
  let dir: string;
  let catalog: CatalogTestBackend;
  beforeAll(async () => {
    dir = createFixtureRepo();
    catalog = await startCatalogTestBackend({
      prefix,
      catalog: {
        providers: {
          pegase: {
            source: { type: 'dir', path: dir },
            // no scheduled read during the test: only the push can read
            schedule: {
              frequency: { hours: 1 },
              timeout: { minutes: 5 },
              initialDelay: { hours: 1 },
            },
            events: { debounceMs: 50 },
          },
        },
      },
      features: [
        eventsPlugin,
        eventsModulePegaseGitopsWebhook,
        // the real events service: the test backend's mock gives each plugin
        // its own bus, so the ingress would never reach the catalog module
        eventsServiceFactory,
      ],
      config: {
        events: { http: { topics: ['gitops'] }, useEventBus: 'never' },
        pegase: { gitops: { webhook: { secret: SECRET } } },
      },
    });
  });
  afterAll(async () => {
    await catalog?.backend.stop();
    await dropTestDatabases(prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const served = async (name: string) => {
    for (;;) {
      if (await catalog.get(`/entities/by-name/resource/default/${name}`))
        return;
      await new Promise(r => setTimeout(r, 200));
    }
  };

  it('answers 202 and serves the pushed instance afterwards', async () => {
    // the read made when the catalog connected the providers
    await served('univ-a');
    const file = 'instances/eu-sxb-1/sandbox/univ-webhook/instance.json';
    writeFiles(dir, {
      [file]: JSON.stringify({
        name: 'univ-webhook',
        usage: 'sandbox',
        region: 'eu-sxb-1',
        cluster: 'sxb-sandbox-1',
      }),
    });
    const body = Buffer.from(
      JSON.stringify({
        ref: 'refs/heads/main',
        before: 'a'.repeat(40),
        after: 'b'.repeat(40),
        repository: { html_url: 'https://github.example/pcscol/gitops' },
        commits: [{ id: 'b', added: [file], modified: [], removed: [] }],
      }),
    );
    const res = await fetch(
      catalog.baseUrl.replace(/\/catalog$/, '/events/http/gitops'),
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET)
            .update(body)
            .digest('hex')}`,
        },
        body,
      },
    );
    expect(res.status).toBe(202);
    for (;;) {
      const e = await catalog.get(
        '/entities/by-name/resource/default/univ-webhook',
      );
      if (e) break;
      await new Promise(r => setTimeout(r, 200));
    }
  });
});
