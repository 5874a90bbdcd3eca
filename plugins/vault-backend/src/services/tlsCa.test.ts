import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  RunningVaultStandIn,
  startVaultStandIn,
} from '@pcscol/stand-ins/vault';
import {
  catalogEntities,
  noCache,
  vaultConfig,
  writeGitops,
} from '../__testUtils__/fixture';
import { readVaultConfig } from '../config';
import { VaultViewService } from './VaultViewService';

/*
 * A node behind TLS signed by an internal CA (made here with openssl): the
 * cluster's `caFile` is all the portal needs, no NODE_EXTRA_CA_CERTS.
 */

function makeCa(dir: string) {
  const run = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Pegase test CA',
  );
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'node.key',
    '-out',
    'node.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run(
    'x509',
    '-req',
    '-in',
    'node.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'node.pem',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  );
}

describe('a CA per cluster', () => {
  let dir: string;
  let certs: string;
  let vault: RunningVaultStandIn;
  let front: tls.Server;
  let tlsUrl: string;
  beforeAll(async () => {
    dir = writeGitops();
    certs = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-ca-'));
    makeCa(certs);
    vault = await startVaultStandIn({ port: 0, gitopsDir: dir });
    const port = Number(new URL(vault.url).port);
    // TLS in front of the stand-in's node, with a certificate of the internal CA
    front = tls.createServer(
      {
        key: fs.readFileSync(path.join(certs, 'node.key')),
        cert: fs.readFileSync(path.join(certs, 'node.pem')),
      },
      socket => {
        const upstream = net.connect(port, '127.0.0.1');
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      },
    );
    await new Promise<void>(r => front.listen(0, '127.0.0.1', r));
    tlsUrl = `https://127.0.0.1:${(front.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>(r => front.close(() => r()));
    await vault.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(certs, { recursive: true, force: true });
  });

  const service = (extra: Record<string, unknown>) =>
    new VaultViewService({
      config: readVaultConfig(new ConfigReader(vaultConfig(tlsUrl, extra))),
      catalog: catalogServiceMock({ entities: catalogEntities() }),
      cache: noCache(),
      logger: mockServices.logger.mock(),
    });

  it('reads a node signed by an internal CA with caFile, and fails clearly without it', async () => {
    const credentials = mockCredentials.user();
    const view = await service({
      caFile: path.join(certs, 'ca.pem'),
    }).instanceView('resource:default/univ-a', credentials);
    expect(view.engines.error).toBeUndefined();
    expect(view.engines.data?.length).toBe(2);

    const without = await service({}).instanceView(
      'resource:default/univ-a',
      credentials,
    );
    expect(without.engines.error).toMatchObject({ code: 'tls' });
    expect(without.engines.error?.message).toMatch(
      /^Vault vault-sxb: the certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(\w+\); give the cluster's CA in pegase\.vault\.clusters\[\]\.ca or caFile$/,
    );
  });
});
