import fs from 'node:fs';
import { startKubernetesApi } from '@pcscol/stand-ins/kubernetes';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { createFixtureRepo, writeFiles } from '../__testUtils__/fixtureRepo';
import { readPegaseProviderConfig } from '../config';
import { PegaseIngestion } from '../providers/PegaseIngestion';
import { listArgocdClusters } from './argocdClusters';

// Loading client-node and the git server is slow on a busy 2-core machine.
jest.setTimeout(60_000);

describe('ArgoCD clusters through the Kubernetes API stand-in', () => {
  let dir: string;
  let kube: Awaited<ReturnType<typeof startKubernetesApi>>;
  let forbidden: Awaited<ReturnType<typeof startKubernetesApi>>;
  beforeAll(async () => {
    dir = createFixtureRepo();
    kube = await startKubernetesApi({
      port: 0,
      gitopsDir: dir,
      token: 'secret-token',
    });
    forbidden = await startKubernetesApi({
      port: 0,
      gitopsDir: dir,
      token: 'secret-token',
      faults: { forbidden: true },
    });
  });
  afterAll(async () => {
    await kube.stop();
    await forbidden.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const kubeConfig = (url: string, token = 'secret-token', pageSize = 1) => ({
    url,
    token,
    // the stand-in speaks plain HTTP, which client-node only allows with skipTLSVerify
    skipTLSVerify: true,
    namespace: 'argocd',
    pageSize,
    timeoutMs: 5000,
  });

  it('lists every cluster Secret page by page, without credentials', async () => {
    const pages: string[] = [];
    const res1 = await fetch(
      `${kube.url}/api/v1/namespaces/argocd/secrets?labelSelector=argocd.argoproj.io%2Fsecret-type%3Dcluster&limit=1`,
      { headers: { authorization: 'Bearer secret-token' } },
    );
    const list = await res1.json();
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'SecretList' });
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(list.metadata.continue).toBeTruthy();
    pages.push(list.items[0].metadata.name);

    const clusters = await listArgocdClusters(kubeConfig(kube.url));
    // fixture: 3 clusters in Git; the stand-in leaves out the last (sxb-sandbox-1) and adds legacy-sxb-0
    expect(clusters.map(c => c.name).sort()).toEqual([
      'cfe-prod-1',
      'legacy-sxb-0',
      'sxb-prod-1',
    ]);
    const prod = clusters.find(c => c.name === 'sxb-prod-1')!;
    expect(prod.server).toBe('https://sxb-prod-1.k8s.pc-scol.invalid:6443');
    expect(prod.caData).toBeTruthy();
    expect(JSON.stringify(clusters)).not.toContain('sa-token');
    expect(prod.labels).not.toHaveProperty('argocd.argoproj.io/secret-type');
  });

  it('fails with a clear error on 401 and 403', async () => {
    await expect(
      listArgocdClusters(kubeConfig(kube.url, 'wrong')),
    ).rejects.toThrow(/401/);
    await expect(listArgocdClusters(kubeConfig(forbidden.url))).rejects.toThrow(
      /403/,
    );
  });

  it('merges ArgoCD into the cluster entities, with warnings both ways', async () => {
    const config = readPegaseProviderConfig(
      new ConfigReader({
        pegase: { argocd: { instances: [{ name: 'argocd-main' }] } },
        catalog: {
          providers: {
            pegase: {
              source: { type: 'dir', path: dir },
              kubernetes: {
                url: kube.url,
                token: 'secret-token',
                pageSize: 2,
                skipTLSVerify: true,
              },
            },
          },
        },
      }),
    )!;
    expect(config.defaultArgocdInstance).toBe('argocd-main');
    const logger = mockServices.logger.mock();
    const ingestion = new PegaseIngestion({ config, logger });
    const mutations: EntityProviderMutation[] = [];
    await ingestion.providers.clusters.connect({
      applyMutation: async m => {
        mutations.push(m);
      },
      refresh: async () => {},
    });
    await ingestion.refresh();
    expect(mutations).toHaveLength(1);
    const entities = (mutations[0] as any).entities.map((e: any) => e.entity);
    const byName = Object.fromEntries(
      entities.map((e: any) => [e.metadata.name, e]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      'cfe-prod-1',
      'legacy-sxb-0',
      'sxb-prod-1',
      'sxb-sandbox-1',
    ]);
    expect(byName['sxb-prod-1'].metadata.annotations).toMatchObject({
      'kubernetes.io/api-server': 'https://sxb-prod-1.k8s.pc-scol.invalid:6443',
      'kubernetes.io/auth-provider': 'oidc',
      'pc-scol.fr/argocd-status': 'registered',
      'pc-scol.fr/argocd-instance': 'argocd-sxb',
      'pc-scol.fr/region': 'eu-sxb-1',
    });
    expect(
      byName['sxb-prod-1'].metadata.annotations[
        'kubernetes.io/api-server-certificate-authority'
      ],
    ).toBeTruthy();
    expect(
      byName['sxb-sandbox-1'].metadata.annotations['pc-scol.fr/argocd-status'],
    ).toBe('missing-in-argocd');
    expect(
      byName['sxb-sandbox-1'].metadata.annotations['pc-scol.fr/warning'],
    ).toMatch(/ArgoCD has no cluster Secret/);
    expect(
      byName['legacy-sxb-0'].metadata.annotations['pc-scol.fr/argocd-status'],
    ).toBe('not-in-git');
    expect(JSON.stringify(entities)).not.toMatch(/bearerToken|sa-token/);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /legacy-sxb-0.*no file clusters\/legacy-sxb-0.yaml/,
      ),
    );

    // a 403 leaves the cluster entities as they were
    const denied = new PegaseIngestion({
      config: {
        ...config,
        kubernetes: { ...config.kubernetes!, url: forbidden.url },
      },
      logger,
    });
    const deniedMutations: EntityProviderMutation[] = [];
    await denied.providers.clusters.connect({
      applyMutation: async m => {
        deniedMutations.push(m);
      },
      refresh: async () => {},
    });
    await denied.refresh();
    expect(deniedMutations).toHaveLength(0);
    expect(logger.error).toHaveBeenCalledWith(expect.stringMatching(/403/));
  });

  it('starts a list answered 410 Expired again, without the stale continue token', async () => {
    const expiring = await startKubernetesApi({
      port: 0,
      gitopsDir: dir,
      token: 'secret-token',
      faults: { expireContinues: 2 },
    });
    try {
      // what the API server answers to a compacted continue token
      const first = await fetch(
        `${expiring.url}/api/v1/namespaces/argocd/secrets?limit=1`,
        { headers: { authorization: 'Bearer secret-token' } },
      ).then(r => r.json());
      const expired = await fetch(
        `${expiring.url}/api/v1/namespaces/argocd/secrets?limit=1&continue=${first.metadata.continue}`,
        { headers: { authorization: 'Bearer secret-token' } },
      );
      expect(expired.status).toBe(410);
      expect(await expired.json()).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Expired',
        code: 410,
      });
      // one more 410 is left: the list restarts once and completes
      const clusters = await listArgocdClusters(kubeConfig(expiring.url));
      expect(clusters.map(c => c.name).sort()).toEqual([
        'cfe-prod-1',
        'legacy-sxb-0',
        'sxb-prod-1',
      ]);
    } finally {
      await expiring.stop();
    }
  });

  it('matches clusters by server first, then by name, and reports what it cannot name', async () => {
    const local = createFixtureRepo();
    // the in-cluster destination has no Secret in ArgoCD
    writeFiles(local, {
      'clusters/admin-1.yaml':
        'name: admin-1\nregion: eu-sxb-1\nusage: production\napiServer: https://kubernetes.default.svc/\nlabels: {}\n',
    });
    const renamed = await startKubernetesApi({
      port: 0,
      gitopsDir: local,
      token: 'secret-token',
      faults: {
        missingFromArgocd: ['admin-1'],
        // `argocd cluster add` on EKS names the cluster after the context's ARN
        argocdNames: {
          'sxb-prod-1': 'arn:aws:eks:eu-west-3:123456789012:cluster/sxb-prod-1',
          'legacy-sxb-0':
            'arn:aws:eks:eu-west-3:123456789012:cluster/legacy-sxb-0',
        },
        withoutName: ['cfe-prod-1'],
        serverTrailingSlash: true,
      },
    });
    try {
      const config = readPegaseProviderConfig(
        new ConfigReader({
          catalog: {
            providers: {
              pegase: {
                source: { type: 'dir', path: local },
                kubernetes: {
                  url: renamed.url,
                  token: 'secret-token',
                  skipTLSVerify: true,
                },
              },
            },
          },
        }),
      )!;
      const logger = mockServices.logger.mock();
      const ingestion = new PegaseIngestion({ config, logger });
      const mutations: EntityProviderMutation[] = [];
      await ingestion.providers.clusters.connect({
        applyMutation: async m => {
          mutations.push(m);
        },
        refresh: async () => {},
      });
      await ingestion.refresh();
      const entities = (mutations[0] as any).entities.map((e: any) => e.entity);
      const byName = Object.fromEntries(
        entities.map((e: any) => [e.metadata.name, e]),
      );
      const status = (n: string) =>
        byName[n]?.metadata.annotations['pc-scol.fr/argocd-status'];
      // matched by server (trailing / trimmed) although ArgoCD names it by an ARN
      expect(status('sxb-prod-1')).toBe('registered');
      expect(
        byName['sxb-prod-1'].metadata.annotations['pc-scol.fr/argocd-secret'],
      ).toBe('cluster-sxb-prod-1');
      // matched by name (Git gives no apiServer)
      expect(status('sxb-sandbox-1')).toBe('registered');
      // ArgoCD's in-cluster server has no Secret
      expect(status('admin-1')).toBe('registered');
      // ArgoCD-only, named by an ARN: shown under its last segment, reported
      expect(status('legacy-sxb-0')).toBe('not-in-git');
      expect(
        byName['legacy-sxb-0'].metadata.annotations['pc-scol.fr/warning'],
      ).toMatch(
        /ArgoCD name "arn:aws:eks:eu-west-3:123456789012:cluster\/legacy-sxb-0" is no valid entity name; shown as legacy-sxb-0/,
      );
      // a Secret without name: reported and shown under its Secret's name
      expect(status('cfe-prod-1')).toBe('missing-in-argocd');
      expect(status('cluster-cfe-prod-1')).toBe('not-in-git');
      expect(
        byName['cluster-cfe-prod-1'].metadata.annotations['pc-scol.fr/warning'],
      ).toMatch(/the Secret has no name/);
    } finally {
      await renamed.stop();
      fs.rmSync(local, { recursive: true, force: true });
    }
  });
});
