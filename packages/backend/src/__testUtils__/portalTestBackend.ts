/*
 * The portal as one test backend: the real catalog (PostgreSQL) reading the
 * committed demo GitOps repository, the real permission framework with the
 * Pégase policy and the demo's own rules (app-config.yaml), the ArgoCD, Vault,
 * Thanos and fleet plugins on their stand-ins (a real Prometheus for Thanos),
 * and the MCP server of the actions. Users are the demo organisation's
 * (catalog/org/users.yaml), signed in with mock tokens.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import argocdPlugin from '@pcscol/plugin-argocd-backend';
import {
  CatalogTestBackend,
  dropTestDatabases,
  startCatalogTestBackend,
} from '@pcscol/plugin-catalog-backend-module-pegase/testUtils';
import fleetPlugin from '@pcscol/plugin-fleet-backend';
import permissionModulePegase from '@pcscol/plugin-permission-backend-module-pegase';
import thanosPlugin from '@pcscol/plugin-thanos-backend';
import vaultPlugin from '@pcscol/plugin-vault-backend';
import {
  RunningArgocdStandIn,
  startArgocdStandIn,
} from '@pcscol/stand-ins/argocd';
import { readFleet, startMetricsExporter } from '@pcscol/stand-ins/exporter';
import { startPrometheus } from '@pcscol/stand-ins/prometheus';
import {
  RunningVaultStandIn,
  startVaultStandIn,
} from '@pcscol/stand-ins/vault';
import { repoRoot } from './backendProcess';

/** The committed demo GitOps repository. */
export const DEMO_GITOPS = path.join(repoRoot, 'catalog/demo-gitops');

/** The demo's user → ownership refs (the user and the groups they are a member of). */
function demoOwnership(): Map<string, string[]> {
  const text = fs.readFileSync(
    path.join(repoRoot, 'catalog/org/users.yaml'),
    'utf8',
  );
  const map = new Map<string, string[]>();
  for (const doc of parseAllDocuments(text)) {
    const user = doc.toJS() as {
      kind?: string;
      metadata?: { name?: string };
      spec?: { memberOf?: string[] };
    };
    if (user?.kind !== 'User' || !user.metadata?.name) continue;
    const ref = `user:default/${user.metadata.name}`;
    map.set(ref, [
      ref,
      ...(user.spec?.memberOf ?? []).map(g => `group:default/${g}`),
    ]);
  }
  return map;
}

/** The `pegase.permissions` block of the demo's app-config.yaml, as is. */
function demoPermissionRules(): unknown {
  const config = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  return config.pegase.permissions;
}

/**
 * The test backend's mock HTTP auth, except that a request a plugin makes on
 * behalf of a user (a mock service token with `obo`) carries the calling
 * plugin as the user's actor, as Backstage's real auth does: the permission
 * backend refuses "direct" user requests for resource permissions.
 */
const httpAuthWithActors = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    const oboCaller = (header: unknown): string | undefined => {
      const m = String(header ?? '').match(/^Bearer mock-service-token:(.+)$/);
      if (!m) return undefined;
      const claims = JSON.parse(m[1]) as { sub?: string; obo?: string };
      return claims.obo ? claims.sub ?? 'plugin' : undefined;
    };
    return {
      async credentials(req: any, options?: any) {
        const credentials: any = await inner.credentials(req, options);
        const caller = oboCaller(req.headers?.authorization);
        if (caller && credentials.principal?.type === 'user') {
          credentials.principal = {
            ...credentials.principal,
            actor: { subject: caller },
          };
        }
        return credentials;
      },
      issueUserCookie: (res: any, options?: any) =>
        inner.issueUserCookie(res, options),
    } as any;
  },
});

/** One record of the test auditor. */
export interface AuditRecord {
  eventId: string;
  meta: Record<string, unknown>;
  outcome: 'pending' | 'success' | 'fail';
}

export interface PortalTestBackend {
  catalog: CatalogTestBackend;
  /** `http://localhost:<port>`. */
  baseUrl: string;
  argocd: RunningArgocdStandIn;
  vault: RunningVaultStandIn;
  /** What every plugin's auditor recorded, in order. */
  audits: AuditRecord[];
  /** Waits until the catalog serves `ref` (processing is eventually consistent). */
  waitForEntity(ref: string): Promise<void>;
  stop(): Promise<void>;
}

const ARGOCD_TOKEN = 'portal-test-argocd';
const VAULT_TOKEN = 'portal-test-vault';

/** Waits until the catalog at `catalogUrl` serves `ref` (processing is eventually consistent). */
async function waitForEntity(catalogUrl: string, ref: string): Promise<void> {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const deadline = Date.now() + 240_000;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(
      `${catalogUrl}/entities/by-name/${kind}/${namespace}/${name}`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    if (res.ok) return;
    last = `${res.status} ${await res.text()}`;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`the catalog never served ${ref} (last answer: ${last})`);
}

export async function startPortalTestBackend(
  prefix: string,
): Promise<PortalTestBackend> {
  const stops: Array<() => Promise<unknown>> = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-test-'));
  stops.push(async () => fs.rmSync(tmp, { recursive: true, force: true }));
  try {
    const argocd = await startArgocdStandIn({
      port: 0,
      gitopsDir: DEMO_GITOPS,
      token: ARGOCD_TOKEN,
    });
    stops.push(() => argocd.stop());
    const vault = (await startVaultStandIn({
      port: 0,
      gitopsDir: DEMO_GITOPS,
      token: VAULT_TOKEN,
    })) as RunningVaultStandIn;
    stops.push(() => vault.stop());
    const fleet = readFleet(DEMO_GITOPS);
    const exporter = await startMetricsExporter({ port: 0, fleet });
    stops.push(() => exporter.stop());
    const prometheus = await startPrometheus({
      port: 0,
      dataDir: path.join(tmp, 'prometheus'),
      fleet,
      backfill: { days: 1, longDays: 1 },
      exporterTarget: exporter.url.replace('http://', ''),
      scrapeInterval: '1s',
      evaluationInterval: '1s',
    });
    stops.push(() => prometheus.stop());

    const ownership = demoOwnership();
    const audits: AuditRecord[] = [];
    const userInfo = createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => ({
        async getUserInfo(credentials: any) {
          const ref = credentials.principal.userEntityRef as string;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: ownership.get(ref) ?? [ref],
          };
        },
      }),
    });
    const auditor = mockServices.auditor.mock({
      createEvent: async (options: any) => {
        const record: AuditRecord = {
          eventId: options.eventId,
          meta: options.meta ?? {},
          outcome: 'pending',
        };
        audits.push(record);
        return {
          success: async (o?: any) => {
            record.outcome = 'success';
            Object.assign(record.meta, o?.meta);
          },
          fail: async (o?: any) => {
            record.outcome = 'fail';
            Object.assign(record.meta, o?.meta);
          },
        };
      },
    });

    await dropTestDatabases(prefix);
    stops.push(() => dropTestDatabases(prefix));
    const catalog = await startCatalogTestBackend({
      prefix,
      catalog: {
        providers: {
          pegase: {
            source: { type: 'dir', path: DEMO_GITOPS },
            // the ArgoCD below (pegase.argocd.instances[0]) for clusters naming none
            defaultArgocdInstance: 'admin',
          },
        },
      },
      features: [
        permissionPlugin,
        permissionModulePegase,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        httpAuthWithActors,
        userInfo,
        auditor.factory,
        argocdPlugin,
        vaultPlugin,
        thanosPlugin,
        fleetPlugin,
        mcpActionsPlugin,
      ],
      config: {
        permission: { enabled: true },
        pegase: {
          permissions: demoPermissionRules(),
          fleet: { argocdTimeoutSeconds: 5 },
          argocd: {
            instances: [
              { name: 'admin', url: argocd.url, token: ARGOCD_TOKEN },
            ],
            refresher: { enabled: false },
          },
          vault: {
            clusters: [
              { name: 'vault-sxb', region: 'eu-sxb-1' },
              { name: 'vault-uca', region: 'fr-cfe-uca' },
            ].map(c => ({
              ...c,
              url: vault.url,
              auth: { method: 'token', token: VAULT_TOKEN },
            })),
          },
          thanos: { queriers: [{ name: 'thanos', url: prometheus.url }] },
        },
        backend: {
          actions: {
            pluginSources: [
              'fleet',
              'pegase-argocd',
              'pegase-vault',
              'pegase-thanos',
            ],
          },
        },
      },
    });
    stops.push(() => catalog.backend.stop());
    const baseUrl = catalog.baseUrl.replace(/\/api\/catalog$/, '');

    return {
      catalog,
      baseUrl,
      argocd,
      vault,
      audits,
      waitForEntity: ref => waitForEntity(catalog.baseUrl, ref),
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch(() => {});
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw error;
  }
}
