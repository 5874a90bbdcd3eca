/*
 * The GitOps push webhook's answer time while the catalog re-reads a
 * 1,000-instance fleet (prints JSON on stdout; issue 24: the goal is under
 * 1 s whatever the read does; both forges give up at 10 s).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/webhook/bench.ts [instances=1000] [posts=40]
 *
 * The real catalog backend with the Pégase providers (dir source, a fleet
 * generated with @pcscol/demo-fleet) and the real events backend with the
 * signed webhook module, on the machine's PostgreSQL (own database prefix,
 * dropped at the end). It POSTs signed GitHub pushes to
 * `/api/events/http/gitops`, one every 100 ms: each under-reports its files
 * (empty lists, as GitHub sends on very large commits), so each queues a read
 * of every provider, and each changes one instance (its `university`). Figures:
 *  - answerMs: p50 / p95 / max of the webhook's answers, all sent while reads run;
 *  - statuses: the answers' HTTP statuses;
 *  - lastServedMs: from the last push until the catalog serves its change
 *    (the reads did run, coalesced, after the answers).
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { mockServices } from '@backstage/backend-test-utils';
import { generateFleet } from '@pcscol/demo-fleet';
import { PEGASE_ANNOTATIONS } from '@pcscol/plugin-pegase-common';
import { eventsModulePegaseGitopsWebhook } from '@pcscol/plugin-catalog-backend-module-pegase';
import {
  dropTestDatabases,
  startCatalogTestBackend,
} from '@pcscol/plugin-catalog-backend-module-pegase/testUtils';

const SECRET = 'bench-webhook-secret';
const instances = Number(process.argv[2] ?? 1000);
const posts = Number(process.argv[3] ?? 40);
const prefix = `pegase_webhook_bench_${process.pid}_${Date.now().toString(
  36,
)}_`;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function main() {
  const fleetDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'pegase-webhook-bench-'),
  );
  generateFleet({ outDir: fleetDir, instances, seed: 7 });
  const catalog = await startCatalogTestBackend({
    prefix,
    catalog: {
      providers: {
        pegase: {
          source: { type: 'dir', path: fleetDir },
          schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
        },
      },
    },
    features: [
      eventsPlugin,
      eventsModulePegaseGitopsWebhook,
      // the real events service: the test backend's mock gives each plugin
      // its own bus, so the ingress would never reach the catalog module
      eventsServiceFactory,
      ...(process.env.BENCH_LOG
        ? [
            mockServices.rootLogger.factory({
              level: process.env.BENCH_LOG as 'info',
            }),
          ]
        : []),
    ],
    config: {
      events: { http: { topics: ['gitops'] }, useEventBus: 'never' },
      pegase: { gitops: { webhook: { secret: SECRET } } },
    },
  });
  // the instance each push changes: the fleet's first one
  const findInstance = (dir: string): string => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isFile() && e.name === 'instance.json') return p;
      if (e.isDirectory()) {
        const found = findInstance(p);
        if (found) return found;
      }
    }
    return '';
  };
  const templateFile = findInstance(path.join(fleetDir, 'instances'));
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
  const webhook = catalog.baseUrl.replace(/\/catalog$/, '/events/http/gitops');
  const answers: number[] = [];
  const statuses: Record<string, number> = {};
  let lastPostAt = 0;
  try {
    for (let i = 0; i < posts; i++) {
      // each push changes one existing instance (its university)
      fs.writeFileSync(
        templateFile,
        JSON.stringify({ ...template, university: `bench-${i}` }),
      );
      const body = Buffer.from(
        JSON.stringify({
          ref: 'refs/heads/main',
          before: 'a'.repeat(40),
          after: i.toString(16).padStart(40, '0'),
          repository: { html_url: 'https://github.example/pcscol/gitops' },
          // a very large commit: GitHub lists no file
          commits: [{ id: String(i), added: [], modified: [], removed: [] }],
        }),
      );
      const started = Date.now();
      lastPostAt = started;
      const res = await fetch(webhook, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET)
            .update(body)
            .digest('hex')}`,
        },
        body,
      });
      await res.arrayBuffer();
      answers.push(Date.now() - started);
      if (process.env.BENCH_LOG)
        process.stderr.write(`push ${i}: ${res.status} in ${answers[i]} ms\n`);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      await sleep(100);
    }
    const last = `bench-${posts - 1}`;
    for (;;) {
      const served = await catalog.get(
        `/entities/by-name/resource/default/${template.name}`,
      );
      if (
        served?.metadata.annotations?.[PEGASE_ANNOTATIONS.university] === last
      )
        break;
      if (Date.now() - lastPostAt > 300_000)
        throw new Error(`${template.name} never served with ${last}`);
      await sleep(100);
    }
    const lastServedMs = Date.now() - lastPostAt;
    process.stdout.write(
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          cpus: os.cpus().length,
          loadavg: os.loadavg().map(l => Math.round(l * 100) / 100),
          instances,
          posts,
          statuses,
          answerMs: {
            p50: percentile(answers, 50),
            p95: percentile(answers, 95),
            max: Math.max(...answers),
          },
          lastServedMs,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await catalog.backend.stop();
    await dropTestDatabases(prefix);
    fs.rmSync(fleetDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
