import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { ARGOCD_CONFIG_KEY, readArgocdConfig } from './config';
import { argocdPlugin } from './plugin';

jest.setTimeout(60_000);

// What a Community ArgoCD plugin reads: it stays under `argocd`, never ours.
const communityBlock = {
  argocd: {
    instances: [
      { name: 'community', url: 'https://argocd.example', token: 't' },
    ],
  },
};
const ours = {
  pegase: {
    argocd: {
      instances: [
        { name: 'admin', url: 'https://argocd.pc-scol.fr', token: 'x' },
      ],
    },
  },
};

describe('the pegase.argocd config key', () => {
  it('is where the plugin reads, never the old argocd key', () => {
    expect(ARGOCD_CONFIG_KEY).toBe('pegase.argocd');
    expect(
      readArgocdConfig(new ConfigReader(communityBlock)).instances,
    ).toEqual([]);
    const both = readArgocdConfig(
      new ConfigReader({ ...communityBlock, ...ours }),
    );
    expect(both.instances.map(i => i.name)).toEqual(['admin']);
  });

  it('logs the warning at start and mounts the plugin at /api/pegase-argocd', async () => {
    const logger = mockServices.logger.mock();
    logger.child.mockImplementation(() => logger);
    const { server } = await startTestBackend({
      features: [
        argocdPlugin,
        mockServices.rootConfig.factory({
          data: communityBlock,
        }),
        logger.factory,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const legacy = logger.warn.mock.calls
      .map(c => String(c[0]))
      .filter(m => m.includes("Found 'argocd' config"));
    expect(legacy).toHaveLength(1);
    expect(legacy[0]).toContain("'pegase.argocd'");
    const health = await request(server).get('/api/pegase-argocd/health');
    expect(health.status).toBe(200);
    expect((await request(server).get('/api/argocd/health')).status).toBe(404);
  });
});
