import { existsSync, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateFleet } from '@pcscol/demo-fleet';
import { directoryFileSource, readGitopsRepository } from './index';
import { makeTempDir } from './__testUtils__/fixtures';

describe('the demo GitOps repository', () => {
  it('reads catalog/demo-gitops (or, before it is generated, the demo-fleet output) without problems', async () => {
    const committed = resolve(__dirname, '../../../catalog/demo-gitops');
    let dir = committed;
    let tmp: string | undefined;
    if (!existsSync(join(committed, 'charts/pegase/Chart.yaml'))) {
      tmp = await makeTempDir('pegase-demo-');
      generateFleet({ outDir: tmp, instances: 40 });
      dir = tmp;
    }
    try {
      const snapshot = await readGitopsRepository(directoryFileSource(dir));
      expect(snapshot.problems).toEqual([]);
      expect(snapshot.chart?.subCharts).toHaveLength(57);
      expect(snapshot.instances.length).toBeGreaterThan(0);
      expect(snapshot.releases.length).toBeGreaterThan(1);
      for (const i of snapshot.instances) {
        expect(i.components.length).toBeGreaterThan(0);
        expect(snapshot.clusters.map(c => c.name)).toContain(i.cluster);
      }
    } finally {
      if (tmp) await fs.rm(tmp, { recursive: true, force: true });
    }
  });
});
