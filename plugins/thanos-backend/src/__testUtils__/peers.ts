/*
 * Real peers of the backend tests: the live exporter of the stand-ins and a
 * real Prometheus (Debian's package), on free ports, with a small backfill in a
 * temporary folder.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import {
  PEGASE_ANNOTATIONS,
  PEGASE_INSTANCE_TYPE,
} from '@pcscol/plugin-pegase-common';
import {
  FleetSpec,
  startMetricsExporter,
  DEMO_COMPONENTS,
} from '@pcscol/stand-ins/exporter';
import { startPrometheus } from '@pcscol/stand-ins/prometheus';

/** 3 instances x ins, pai, postgresql, kafka. */
export const TEST_FLEET: FleetSpec = {
  instances: [
    { name: 'univ-a', namespace: 'univ-a-prod' },
    { name: 'univ-b', namespace: 'univ-b-prod' },
    { name: 'univ-c', namespace: 'univ-c-prod' },
  ],
  components: DEMO_COMPONENTS.filter(c =>
    ['ins', 'pai', 'postgresql', 'kafka'].includes(c.name),
  ),
};

export interface Peers {
  prometheusUrl: string;
  exporterUrl: string;
  stop(): Promise<void>;
}

/** The exporter and Prometheus of `fleet` (default {@link TEST_FLEET}). */
export async function startPeers(
  fleet: FleetSpec = TEST_FLEET,
): Promise<Peers> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thanos-test-'));
  const exporter = await startMetricsExporter({ port: 0, fleet });
  let prom;
  try {
    prom = await startPrometheus({
      port: 0,
      dataDir: path.join(dir, 'data'),
      fleet,
      // small: 2 days (30 for ins), 5 min then 15 min then 1 h samples
      backfill: { days: 2, longDays: 30 },
      exporterTarget: exporter.url.replace('http://', ''),
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      rulesForZero: true,
    });
  } catch (e) {
    await exporter.stop();
    throw e;
  }
  return {
    prometheusUrl: prom.url,
    exporterUrl: exporter.url,
    stop: async () => {
      await prom.stop();
      await exporter.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function dataFor(url: string) {
  if (url.startsWith('/api/v1/alerts')) return { alerts: [] };
  if (url === '/api/v1/query') {
    return {
      resultType: 'vector',
      result: [{ metric: { namespace: 'univ-a-prod' }, value: [1, '1'] }],
    };
  }
  return {
    resultType: 'matrix',
    result: [{ metric: { namespace: 'univ-a-prod' }, values: [[1, '1']] }],
  };
}

/** A tiny querier that answers after `delayMs` (slow-querier test) or with warnings. */
export async function startFakeQuerier(options: {
  delayMs?: number;
  warnings?: string[];
}): Promise<{ url: string; calls: () => number; stop(): Promise<void> }> {
  let calls = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    calls++;
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          warnings: options.warnings,
          data: dataFor(req.url ?? ''),
        }),
      );
    };
    if (options.delayMs) {
      const t = setTimeout(answer, options.delayMs);
      timers.add(t);
    } else answer();
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    stop: () =>
      new Promise<void>(r => {
        timers.forEach(clearTimeout);
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Catalog entities of a fleet: components (sub-charts) and instances. */
export function fleetEntities(fleet: FleetSpec): Entity[] {
  const components: Entity[] = fleet.components.map(c => {
    const resourceTypes: Record<string, string> = {
      database: 'database-server',
      'message-broker': 'message-broker',
    };
    const isResource = c.type in resourceTypes;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: isResource ? 'Resource' : 'Component',
      metadata: {
        name: c.name,
        namespace: 'default',
        annotations: {
          [PEGASE_ANNOTATIONS.workload]: c.workload,
          [PEGASE_ANNOTATIONS.subChart]: c.name,
        },
      },
      spec: {
        type: resourceTypes[c.type] ?? c.type,
        owner: 'group:default/ops',
        lifecycle: 'production',
      },
    };
  });
  const instances: Entity[] = fleet.instances.map(i => {
    const deps = fleet.components
      .filter(c => !i.disabled?.includes(c.name))
      .map(
        c =>
          `${
            c.type === 'database' || c.type === 'message-broker'
              ? 'resource'
              : 'component'
          }:default/${c.name}`,
      );
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: i.name,
        namespace: 'default',
        annotations: { [PEGASE_ANNOTATIONS.namespace]: i.namespace },
      },
      spec: {
        type: PEGASE_INSTANCE_TYPE,
        owner: 'group:default/ops',
        dependsOn: deps,
      },
      relations: deps.map(targetRef => ({ type: 'dependsOn', targetRef })),
    };
  });
  return [...components, ...instances];
}
