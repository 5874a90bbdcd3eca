/*
 * Every plugin's actions through a real MCP client (the SDK's Client over
 * Streamable HTTP) on one backend: the real catalog with the demo repository,
 * the real permission framework with the demo rules, ArgoCD and Vault
 * stand-ins and a real Prometheus. The answers are checked against the demo
 * fleet as its files declare it; a product team's user is refused what the
 * rules refuse it; Vault is never asked for a value.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  directoryFileSource,
  readGitopsRepository,
  versionMatches,
} from '@pcscol/plugin-pegase-node';
import {
  DEMO_GITOPS,
  PortalTestBackend,
  startPortalTestBackend,
} from './__testUtils__/portalTestBackend';

jest.setTimeout(600_000);

const GUEST = 'user:default/guest'; // ops
const LUCAS = 'user:default/lucas.muller'; // equipe-strasbourg

let portal: PortalTestBackend;
let declared: Awaited<ReturnType<typeof readGitopsRepository>>;

beforeAll(async () => {
  declared = await readGitopsRepository(directoryFileSource(DEMO_GITOPS), {
    loadOpenApi: false,
  });
  portal = await startPortalTestBackend('pegase_mcp_it_');
  await portal.waitForEntity('resource:default/uca-recette');
  await portal.waitForEntity('resource:default/unistra-production');
  await portal.waitForEntity('component:default/ins');
});

afterAll(() => portal?.stop());

async function connect(user: string) {
  const client = new Client({ name: 'portal-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`${portal.baseUrl}/api/mcp-actions/v1`),
      {
        requestInit: {
          headers: { authorization: mockCredentials.user.header(user) },
        },
      },
    ),
  );
  return client;
}

interface ToolAnswer {
  isError: boolean;
  text: string;
  json?: any;
}

/** Calls the tool whose name ends with `action`; the answer's text, and its JSON when it is some. */
async function call(
  client: Client,
  action: string,
  args: Record<string, unknown>,
): Promise<ToolAnswer> {
  const { tools } = await client.listTools();
  const tool = tools.find(t => t.name.endsWith(action));
  if (!tool) return { isError: true, text: `no tool ${action} is listed` };
  const result: any = await client
    .callTool({ name: tool.name, arguments: args })
    .catch((e: Error) => ({ isError: true, content: [{ text: e.message }] }));
  const text = (result.content ?? []).map((c: any) => c.text).join('');
  let json;
  try {
    json = JSON.parse(text.slice(text.indexOf('{')));
  } catch {
    json = undefined;
  }
  return { isError: Boolean(result.isError), text, json };
}

describe('the portal as an MCP server', () => {
  let guest: Client;
  beforeAll(async () => {
    guest = await connect(GUEST);
  });
  afterAll(() => guest?.close());

  it('lists the actions of the fleet, ArgoCD, Vault and Thanos plugins, with their attributes', async () => {
    const { tools } = await guest.listTools();
    const names = tools.map(t => t.name);
    for (const action of [
      'find-instances',
      'get-instance',
      'fleet-versions',
      'release-diff',
      'plan-upgrade',
      'get-instance-status',
      'get-component-status',
      'sync-instance',
      'refresh-instance',
      'get-instance-vault-metadata',
      'get-component-vault-metadata',
      'get-firing-alerts',
    ]) {
      expect(names.filter(n => n.endsWith(action))).toHaveLength(1);
    }
    const sync = tools.find(t => t.name.endsWith('sync-instance'))!;
    expect(sync.annotations).toMatchObject({ destructiveHint: true });
    const find = tools.find(t => t.name.endsWith('find-instances'))!;
    expect(find.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('finds the instances the repository declares', async () => {
    const answer = await call(guest, 'find-instances', {
      version: '<25.0.0',
      usage: 'production',
      limit: 500,
    });
    expect(answer.isError).toBe(false);
    const expected = declared.instances
      .filter(
        i =>
          i.usage === 'production' && versionMatches(i.chartVersion, '<25.0.0'),
      )
      .map(i => i.name)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(answer.json.total).toBe(expected.length);
    expect(answer.json.instances.map((i: any) => i.name).sort()).toEqual(
      expected,
    );
  });

  it('answers the state of one instance from the fleet and from ArgoCD', async () => {
    const uca = declared.instances.find(i => i.name === 'uca-recette')!;
    const fleet = await call(guest, 'get-instance', { name: 'uca-recette' });
    expect(fleet.isError).toBe(false);
    expect(fleet.json).toMatchObject({
      name: 'uca-recette',
      chartVersion: uca.chartVersion,
    });
    const argocd = await call(guest, 'get-instance-status', {
      instance: 'uca-recette',
    });
    expect(argocd.isError).toBe(false);
    expect(argocd.text).toContain('uca-recette');
    expect(argocd.json).toBeDefined();
  });

  it('answers a component across the fleet', async () => {
    const answer = await call(guest, 'get-component-status', {
      component: 'ins',
      problemsOnly: false,
      limit: 500,
    });
    expect(answer.isError).toBe(false);
    const running = declared.instances.filter(i =>
      i.components.includes('ins'),
    );
    expect(answer.text).toContain(running[0].name);
  });

  it('answers Vault metadata of an instance and of a component, never a value', async () => {
    portal.vault.resetRequests();
    const instance = await call(guest, 'get-instance-vault-metadata', {
      instance: 'uca-recette',
    });
    expect(instance.isError).toBe(false);
    expect(instance.json).toMatchObject({
      entityRef: 'resource:default/uca-recette',
      instance: 'uca-recette',
      findings: expect.any(Array),
    });
    const component = await call(guest, 'get-component-vault-metadata', {
      component: 'ins',
    });
    expect(component.isError).toBe(false);
    const runningIns = declared.instances.filter(i =>
      i.components.includes('ins'),
    );
    expect(component.json.totalInstances).toBe(runningIns.length);
    // Vault was asked (metadata), and never for a value
    expect(portal.vault.requests.length).toBeGreaterThan(0);
    expect(portal.vault.violations).toEqual([]);
    expect(
      portal.vault.requests.filter(r =>
        /\/(data|creds|static-creds|subkeys)(\/|$)/.test(r.path),
      ),
    ).toEqual([]);
  });

  it('answers the firing alerts of an instance', async () => {
    const answer = await call(guest, 'get-firing-alerts', {
      instance: 'uca-recette',
    });
    expect(answer.isError).toBe(false);
    expect(answer.json.entityRef).toBe('resource:default/uca-recette');
    expect(Array.isArray(answer.json.alerts)).toBe(true);
    for (const alert of answer.json.alerts) {
      expect(alert.instance).toBe('uca-recette');
    }
  });

  it("runs every read action's examples against the demo", async () => {
    let ran = 0;
    for (const plugin of [
      'fleet',
      'pegase-argocd',
      'pegase-vault',
      'pegase-thanos',
    ]) {
      const res = await fetch(
        `${portal.baseUrl}/api/${plugin}/.backstage/actions/v1/actions`,
        { headers: { authorization: mockCredentials.user.header(GUEST) } },
      );
      expect(res.status).toBe(200);
      const { actions } = (await res.json()) as {
        actions: Array<{
          name: string;
          attributes: { readOnly?: boolean };
          examples?: Array<{ title: string; input: Record<string, unknown> }>;
        }>;
      };
      for (const action of actions.filter(a => a.attributes.readOnly)) {
        expect(action.examples?.length).toBeGreaterThan(0);
        for (const example of action.examples ?? []) {
          const answer = await call(guest, action.name, example.input);
          expect({
            example: `${plugin}/${action.name}: ${example.title}`,
            isError: answer.isError,
          }).toEqual({
            example: `${plugin}/${action.name}: ${example.title}`,
            isError: false,
          });
          ran++;
        }
      }
    }
    expect(ran).toBeGreaterThanOrEqual(10);
  });

  it('answers an invalid input with an error naming the field', async () => {
    const answer = await call(guest, 'find-instances', { usage: 'nowhere' });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/usage/);
    const status = await call(guest, 'get-instance-status', { instance: 42 });
    expect(status.isError).toBe(true);
    expect(status.text).toMatch(/instance/);
  });
});

describe("a product team's user, through MCP", () => {
  let lucas: Client;
  beforeAll(async () => {
    lucas = await connect(LUCAS);
  });
  afterAll(() => lucas?.close());

  it('may sync the sandbox it owns, not a production instance', async () => {
    const own = await call(lucas, 'sync-instance', {
      instance: 'unistra-bac-a-sable-1',
      prune: false,
    });
    expect(own.isError).toBe(false);
    const production = await call(lucas, 'sync-instance', {
      instance: 'unistra-production',
      prune: false,
    });
    expect(production.isError).toBe(true);
    expect(production.text).toContain(
      'argocd.application.sync is not allowed on resource:default/unistra-production',
    );
    const rollbackLike = await call(lucas, 'refresh-instance', {
      instance: 'unistra-production',
      hard: true,
    });
    expect(rollbackLike.isError).toBe(true);
    expect(rollbackLike.text).toContain('argocd.application.refresh');
  });

  it('is refused the Vault metadata of an instance it does not own', async () => {
    const answer = await call(lucas, 'get-instance-vault-metadata', {
      instance: 'unistra-production',
    });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain(
      'vault.instance.read is not allowed on resource:default/unistra-production',
    );
    expect(portal.audits).toContainEqual(
      expect.objectContaining({
        eventId: 'vault-access-refused',
        outcome: 'fail',
        meta: expect.objectContaining({
          entityRef: 'resource:default/unistra-production',
          actor: LUCAS,
        }),
      }),
    );
    const own = await call(lucas, 'get-instance-vault-metadata', {
      instance: 'unistra-bac-a-sable-1',
    });
    expect(own.isError).toBe(false);
  });
});
