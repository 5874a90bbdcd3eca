import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { THANOS_CONFIG_KEY, readThanosConfig } from './config';
import { thanosPlugin } from './plugin';

jest.setTimeout(60_000);

// Another Thanos plugin's block: it stays under `thanos`, never ours.
const communityBlock = {
  thanos: {
    queriers: [{ name: 'other', url: 'https://thanos.example' }],
  },
};
const ours = {
  pegase: {
    thanos: {
      queriers: [{ name: 'demo', url: 'https://thanos.pc-scol.fr' }],
    },
  },
};

describe('the pegase.thanos config key', () => {
  it('is where the plugin reads, never the old thanos key', () => {
    expect(THANOS_CONFIG_KEY).toBe('pegase.thanos');
    expect(readThanosConfig(new ConfigReader(communityBlock)).queriers).toEqual(
      [],
    );
    const both = readThanosConfig(
      new ConfigReader({ ...communityBlock, ...ours }),
    );
    expect(both.queriers.map(q => q.name)).toEqual(['demo']);
  });

  it('logs the warning at start and mounts the plugin at /api/pegase-thanos', async () => {
    const logger = mockServices.logger.mock();
    logger.child.mockImplementation(() => logger);
    const { server } = await startTestBackend({
      features: [
        thanosPlugin,
        mockServices.rootConfig.factory({
          data: communityBlock,
        }),
        logger.factory,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const legacy = logger.warn.mock.calls
      .map(c => String(c[0]))
      .filter(m => m.includes("Found 'thanos' config"));
    expect(legacy).toHaveLength(1);
    expect(legacy[0]).toContain("'pegase.thanos'");
    const health = await request(server).get('/api/pegase-thanos/health');
    expect(health.status).toBe(200);
    expect((await request(server).get('/api/thanos/health')).status).toBe(404);
  });
});
