import { resolve } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { readPegaseEntities } from '@pcscol/plugin-catalog-backend-module-pegase';
import { directoryFileSource } from '@pcscol/plugin-pegase-node';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { fleetPlugin } from '../plugin';
import { fleetActionExamples } from './examples';

// The committed demo repository: the examples name its instances and versions.
const demo = resolve(__dirname, '../../../../catalog/demo-gitops');

const PRODUCT_USER = 'user:default/product-dev';

let server: Server;
let base: string;

async function connect(user: string) {
  const client = new Client({ name: 'fleet-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/api/mcp-actions/v1`), {
      requestInit: {
        headers: { authorization: mockCredentials.user.header(user) },
      },
    }),
  );
  return client;
}

beforeAll(async () => {
  const read = await readPegaseEntities(directoryFileSource(demo));
  const backend = await startTestBackend({
    features: [
      fleetPlugin,
      mcpActionsPlugin,
      mockServices.rootConfig.factory({
        data: {
          backend: { actions: { pluginSources: ['fleet'] } },
          catalog: {
            providers: { pegase: { source: { type: 'dir', path: demo } } },
          },
          pegase: { fleet: { argocdTimeoutSeconds: 1 } },
        },
      }),
      catalogServiceMock.factory({
        entities: [...read.chart, ...read.inventory, ...read.clusters],
      }),
      // a product-team user may not read the fleet; everybody else may
      createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () => {
          const decide = (credentials: any) =>
            credentials?.principal?.userEntityRef === PRODUCT_USER
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW;
          return {
            authorize: async (requests: any[], opts: any) =>
              requests.map(() => ({ result: decide(opts?.credentials) })),
            authorizeConditional: async (requests: any[], opts: any) =>
              requests.map(() => ({ result: decide(opts?.credentials) })),
          } as any;
        },
      }),
    ],
  });
  server = backend.server;
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server?.close());

/** What each example's answer must show, on the demo repository. */
/* eslint-disable jest/no-standalone-expect -- each check runs inside its example's test below */
const checks = {
  'find-instances': (answer: any) => {
    expect(answer.total).toBeGreaterThan(0);
    expect(answer.instances.every((i: any) => i.usage === 'production')).toBe(
      true,
    );
    expect(answer.instances.every((i: any) => i.chartVersion < '25.0.0')).toBe(
      true,
    );
  },
  'get-instance': (answer: any) => {
    expect(answer.name).toBe('uca-recette');
    expect(answer.components.length).toBeGreaterThan(0);
  },
  'fleet-versions': (answer: any) => {
    expect(answer.versions.reduce((n: number, v: any) => n + v.count, 0)).toBe(
      answer.total,
    );
  },
  'release-diff': (answer: any) => {
    expect(
      answer.added.length + answer.removed.length + answer.changed.length,
    ).toBeGreaterThan(0);
  },
  'plan-upgrade': (answer: any) => {
    expect(answer.to).toBe('25.0.0');
    expect(answer.waves.length).toBeGreaterThan(0);
    expect(
      answer.waves.every((w: any) =>
        ['sandbox', 'construction'].includes(w.name),
      ),
    ).toBe(true);
  },
};

/* eslint-enable jest/no-standalone-expect */

describe('the fleet actions, through a real MCP client', () => {
  it('lists every fleet action as a read-only tool with its schema', async () => {
    const client = await connect('user:default/guest');
    const { tools } = await client.listTools();
    const names = tools.map(t => t.name).sort();
    for (const action of Object.keys(fleetActionExamples)) {
      expect(names.some(n => n.endsWith(action))).toBe(true);
    }
    const find = tools.find(t => t.name.endsWith('find-instances'))!;
    expect(find.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(Object.keys((find.inputSchema as any).properties)).toContain(
      'version',
    );
    await client.close();
  });

  for (const [action, examples] of Object.entries(fleetActionExamples)) {
    for (const example of examples) {
      it(`${action}: ${example.title}`, async () => {
        const client = await connect('user:default/guest');
        const { tools } = await client.listTools();
        const tool = tools.find(t => t.name.endsWith(action))!;
        const result: any = await client.callTool({
          name: tool.name,
          arguments: example.input,
        });
        expect(result.isError).toBeFalsy();
        const text = result.content.map((c: any) => c.text).join('');
        const answer = JSON.parse(text.slice(text.indexOf('{')));
        checks[action as keyof typeof checks](answer);
        await client.close();
      });
    }
  }

  it('answers an invalid input with an error naming the field', async () => {
    const client = await connect('user:default/guest');
    const { tools } = await client.listTools();
    const tool = tools.find(t => t.name.endsWith('get-instance'))!;
    const result: any = await client.callTool({
      name: tool.name,
      arguments: { name: '../../etc' },
    });
    expect(result.isError).toBe(true);
    expect(result.content.map((c: any) => c.text).join('')).toMatch(/name/);
    await client.close();
  });

  it('hides the fleet from a user without pegase.fleet.read, and refuses a call', async () => {
    const guest = await connect('user:default/guest');
    const findName = (await guest.listTools()).tools.find(t =>
      t.name.endsWith('find-instances'),
    )!.name;
    await guest.close();
    const client = await connect(PRODUCT_USER);
    const { tools } = await client.listTools();
    expect(
      tools.filter(t =>
        /instances|versions|diff|upgrade|instance/.test(t.name),
      ),
    ).toEqual([]);
    const result: any = await client
      .callTool({ name: findName, arguments: {} })
      .catch((e: Error) => ({ isError: true, content: [{ text: e.message }] }));
    expect(result.isError).toBe(true);
    await client.close();
  });
});
