/*
 * The allow-list against a KV **v1** mount holding a value: a GET there
 * answers the secret's values, so the portal may only LIST it. The stand-in
 * records any GET of a key as a violation (and a trap on the key's exact
 * path), and its request log must show the value was never asked for.
 */
import fs from 'node:fs';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  RunningVaultStandIn,
  startVaultStandIn,
} from '@pcscol/stand-ins/vault';
import type {
  VaultInstanceView,
  VaultKvView,
} from '@pcscol/plugin-vault-common';
import { vaultPlugin } from './plugin';
import {
  catalogEntities,
  kvV1Instance,
  noCache,
  vaultConfig,
  writeGitops,
} from './__testUtils__/fixture';
import { VaultClusterClient } from './services/VaultClusterClient';
import { readVaultConfig } from './config';
import { ConfigReader } from '@backstage/config';

const MOUNT = 'pegase/univ-v1/kv';
const VALUE = 'kv-v1-s3cr3t-value';
const SECRETS = {
  'ins-backend/database': { password: VALUE },
  'ins-backend/smtp': { password: `${VALUE}-smtp` },
  'ref-backend/api-client': { client_secret: `${VALUE}-api` },
  'root-key': { token: `${VALUE}-root` },
};

describe('a KV v1 mount holding values', () => {
  let dir: string;
  let vault: RunningVaultStandIn;
  let server: any;
  beforeAll(async () => {
    dir = writeGitops();
    vault = await startVaultStandIn({ port: 0, gitopsDir: dir });
    vault.addKvV1Mount(MOUNT, SECRETS);
    // a trap on each value path: any request for it fails the test
    vault.forbid(...Object.keys(SECRETS).map(k => `${MOUNT}/${k}`));
    // a password in a connection's details must never be passed on either
    const pg = vault.state.dbConnections
      .get('pegase/univ-a/database')!
      .get('postgres')!;
    (pg.connection_details as any).password = `${VALUE}-db`;
    ({ server } = await startTestBackend({
      features: [
        vaultPlugin,
        mockServices.rootConfig.factory({ data: vaultConfig(vault.url) }),
        catalogServiceMock.factory({
          entities: [...catalogEntities(), kvV1Instance()],
        }),
      ],
    }));
  });
  afterAll(async () => {
    await vault.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the stand-in itself would answer the value, and records the GET as a violation', async () => {
    // the trap works: a raw GET (not through the portal) is seen
    const res = await fetch(`${vault.url}/v1/${MOUNT}/root-key`, {
      headers: { 'x-vault-token': 'stand-in-vault-token' },
    });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain(VALUE);
    expect(vault.violations).toEqual([
      { method: 'GET', path: `/v1/${MOUNT}/root-key`, namespace: undefined },
    ]);
    vault.violations.length = 0;
    vault.resetRequests();
  });

  it('the KV view lists the key names of the v1 mount with LIST, and nothing else', async () => {
    const res = await request(server).get(
      '/api/pegase-vault/entity/default/resource/univ-v1/instance/kv',
    );
    expect(res.status).toBe(200);
    const view = res.body as VaultKvView;
    expect(view.mount).toBe(MOUNT);
    expect(view.version).toBe('1');
    expect(view.kv.error).toBeUndefined();
    expect(view.kv.data?.map(f => [f.name, f.keys.map(k => k.path)])).toEqual([
      ['', ['root-key']],
      ['ins-backend', ['ins-backend/database', 'ins-backend/smtp']],
      ['ref-backend', ['ref-backend/api-client']],
    ]);
    // keys only: a path and a link, no metadata and no value
    for (const folder of view.kv.data!)
      for (const key of folder.keys)
        expect(Object.keys(key).sort()).toEqual(['path', 'uiUrl']);
    expect(JSON.stringify(view)).not.toContain(VALUE);
    // the request log: the mount table, then LISTs of the mount and its folders
    const onMount = vault.requests.filter(r =>
      r.path.startsWith(`/v1/${MOUNT}`),
    );
    expect(onMount.map(r => `${r.method} ${r.path}`).sort()).toEqual([
      `LIST /v1/${MOUNT}/`,
      `LIST /v1/${MOUNT}/ins-backend/`,
      `LIST /v1/${MOUNT}/ref-backend/`,
    ]);
  });

  it('the instance view works on that instance and shows the v1 mount', async () => {
    const res = await request(server).get(
      '/api/pegase-vault/entity/default/resource/univ-v1/instance',
    );
    expect(res.status).toBe(200);
    const view = res.body as VaultInstanceView;
    expect(
      view.engines.data?.map(e => `${e.path}:${e.type}:${e.version}`),
    ).toEqual([`${MOUNT}:kv:1`]);
    // no database mount: nothing read there (the guard knows no mount holds it)
    expect(view.database.data).toMatchObject({
      connections: [],
      staticRoles: [],
      dynamicRoles: [],
    });
    expect(JSON.stringify(view)).not.toContain(VALUE);
    expect(
      vault.requests.filter(r =>
        r.path.startsWith('/v1/pegase/univ-v1/database'),
      ),
    ).toEqual([]);
  });

  it('never passes a connection password on', async () => {
    const res = await request(server).get(
      '/api/pegase-vault/entity/default/resource/univ-a/instance',
    );
    expect(res.status).toBe(200);
    const view = res.body as VaultInstanceView;
    const pg = view.database.data!.connections.find(
      c => c.name === 'postgres',
    )!;
    expect(Object.keys(pg).sort()).toEqual([
      'allowedRoles',
      'connectionUrl',
      'name',
      'passwordPolicy',
      'pluginName',
      'uiUrl',
      'username',
    ]);
    expect(JSON.stringify(view)).not.toContain(VALUE);
  });

  it('refuses a GET of a v1 key before it leaves the process', async () => {
    const config = readVaultConfig(new ConfigReader(vaultConfig(vault.url)));
    const client = new VaultClusterClient(config.clusters[0], {
      cache: noCache(),
      logger: mockServices.logger.mock(),
    });
    const before = vault.requests.length;
    await expect(
      client.read(`${MOUNT}/ins-backend/database`),
    ).rejects.toMatchObject({
      code: 'refused',
      message: `refused to send GET /${MOUNT}/ins-backend/database to Vault: not on the allow-list: on the KV v1 mount ${MOUNT} only LIST is allowed (a GET answers the secret's values)`,
    });
    await expect(
      client.read(`${MOUNT}/ins-backend%2Fdatabase`),
    ).rejects.toMatchObject({ code: 'refused' });
    // only the mount table (and the token lookup) went out, never the key
    const sent = vault.requests.slice(before).map(r => r.path);
    expect(sent.every(p => !p.startsWith(`/v1/${MOUNT}`))).toBe(true);
    expect(await client.list(`${MOUNT}/ins-backend/`)).toEqual([
      'database',
      'smtp',
    ]);
  });

  it('never requested a value: no violation, no GET on the mount', () => {
    expect(vault.violations).toEqual([]);
    expect(
      vault.requests.filter(
        r => r.path.startsWith(`/v1/${MOUNT}`) && r.method !== 'LIST',
      ),
    ).toEqual([]);
  });
});
